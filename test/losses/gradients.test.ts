// Gradients of the losses (with respect to yPred), through valueAndGrad:
// (1) the cross-entropies from logits stay finite at logits of ±1e4 and
// equal their analytic gradients; (2) every loss class matches central
// finite differences in float64 on random inputs (one table).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as losses from "../../src/losses/index.js";
import { tensor, valueAndGrad, Variable, type Tensor, type TensorLike } from "../../src/index.js";
import { withFloat64Results } from "../../src/dtype_promotion.js";
import { checkGradient, grid, smooth, type Input } from "../helpers/gradcheck.js";

type Ctor = new (o?: Record<string, unknown>) => losses.Loss;
const cls = (name: string): Ctor => (losses as unknown as Record<string, Ctor>)[name]!;

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

// Logits with ±1e4 in every row, and labels: B = 3 samples of C = 3.
const LOGITS = [[1e4, -1e4, 0.5], [-1e4, 2, 1e4], [0.25, -1e4, -3]];
const IDS = [1, 0, 2];
const ONEHOT = IDS.map((k) => [0, 1, 2].map((j) => (j === k ? 1 : 0)));
const BINARY = [[1, 0, 1], [1, 1, 0], [0, 1, 1]];
const B = 3;
const C = 3;

/** The gradient of `loss.apply(yTrue, logits)` with respect to the logits, in `dtype`. */
function gradAt(loss: losses.Loss, yTrue: TensorLike, dtype: "float32" | "float64"): { value: number; grad: number[][] } {
  const run = (): { value: number; grad: number[][] } => {
    const x = new Variable(tensor(LOGITS.flat(), [B, C], dtype));
    const { value, grads } = valueAndGrad(() => loss.apply(yTrue, x), [x]);
    expect(grads[0]!.dtype).toBe(dtype);
    return { value: value.item(), grad: grads[0]!.toArray() as number[][] };
  };
  return dtype === "float64" ? withFloat64Results(run) : run();
}

describe.each(["float32", "float64"] as const)("cross-entropies from logits of ±1e4 (%s): finite, analytic gradients", (dtype) => {
  // float32 rounding of the few ops on the way, against values of order 1/B.
  const tol = dtype === "float32" ? 1e-7 : 1e-15;
  const expectGrad = (got: number[][], want: number[][]): void => {
    got.flat().forEach((g, i) => {
      expect(Number.isFinite(g), `element ${i}: ${g}`).toBe(true);
      expect(Math.abs(g - want.flat()[i]!), `element ${i}: ${g} vs ${want.flat()[i]}`).toBeLessThanOrEqual(tol);
    });
  };

  test("BinaryCrossentropy: (sigmoid(x) - y) / (B C) (mean over the last axis, then over the batch)", () => {
    const { value, grad } = gradAt(new (cls("BinaryCrossentropy"))({ fromLogits: true, dtype }), tensor(BINARY.flat(), [B, C], dtype), dtype);
    expect(Number.isFinite(value)).toBe(true);
    expectGrad(grad, LOGITS.map((r, i) => r.map((x, j) => (sigmoid(x) - BINARY[i]![j]!) / (B * C))));
  });

  test("CategoricalCrossentropy: (softmax(x) - onehot) / B", () => {
    const { value, grad } = gradAt(new (cls("CategoricalCrossentropy"))({ fromLogits: true, dtype }), tensor(ONEHOT.flat(), [B, C], dtype), dtype);
    expect(Number.isFinite(value)).toBe(true);
    expectGrad(grad, LOGITS.map((r, i) => softmax(r).map((p, j) => (p - ONEHOT[i]![j]!) / B)));
  });

  test("SparseCategoricalCrossentropy: (softmax(x) - onehot(ids)) / B", () => {
    const { value, grad } = gradAt(new (cls("SparseCategoricalCrossentropy"))({ fromLogits: true, dtype }), tensor(new Int32Array(IDS), [B]), dtype);
    expect(Number.isFinite(value)).toBe(true);
    expectGrad(grad, LOGITS.map((r, i) => softmax(r).map((p, j) => (p - ONEHOT[i]![j]!) / B)));
  });
});

test("probabilities at exactly 0 and 1: the clip stops the gradient there (0, not NaN); ignoreClass entries get 0", () => {
  // BCE on p = [0, 1, 0.5], y = [1, 0, 1]: the first two are clipped (zero
  // gradient); the third is d/dp -log(p) / 3 = -1 / (0.5 * 3).
  const p = new Variable(tensor([[0, 1, 0.5]]));
  const [g] = valueAndGrad(() => new (cls("BinaryCrossentropy"))().apply([[1, 0, 1]], p), [p]).grads;
  expect(g!.toArray()).toEqual([[0, 0, Math.fround(-1 / 1.5)]]);
  // SCCE from logits with class 2 ignored: that sample's row gets 0; the
  // other's weight is total / valid = 2 (Keras's apply_mask), over B = 2:
  // softmax([1e4, 0, -1e4]) - onehot(1) = [1, -1, 0].
  const x = new Variable(tensor([[1e4, 0, -1e4], [0, 0, 0]]));
  const [h] = valueAndGrad(() => new (cls("SparseCategoricalCrossentropy"))({ fromLogits: true, ignoreClass: 2 }).apply(tensor(new Int32Array([1, 2])), x), [x]).grads;
  const got = (h!.toArray() as number[][]).flat();
  expect(got.every(Number.isFinite)).toBe(true);
  expect(got).toEqual([1, -1, 0, 0, 0, 0]);
});

// ---- every loss class against central differences (float64) -----------------

interface Case {
  /** yTrue (a constant) and yPred (differentiated). */
  yTrue: Tensor;
  yPred: Input;
}
interface Row {
  name: string;
  options?: Record<string, unknown>;
  gen: (b: number, c: number) => fc.Arbitrary<Case>;
}

const f64 = (v: number[], shape: number[]): Tensor => tensor(v, shape, "float64");
const labels = (values: fc.Arbitrary<number>) => (b: number, c: number): fc.Arbitrary<number[]> => fc.array(values, { minLength: b * c, maxLength: b * c });
/** yTrue from `t`, yPred from `p` (both [b, c]). */
const pairOf = (t: (b: number, c: number) => fc.Arbitrary<number[]>, p: (s: number[]) => fc.Arbitrary<Input>) => (b: number, c: number): fc.Arbitrary<Case> =>
  fc.tuple(t(b, c), p([b, c])).map(([yt, yp]) => ({ yTrue: f64(yt, [b, c]), yPred: yp }));

const real = labels(fc.double({ min: -2, max: 2, noNaN: true }));
const onGrid = labels(fc.integer({ min: -10, max: 10 }).map((k) => k / 10)); // yTrue on 0.1k, yPred on 0.1k + 0.05: never equal
const probs = (s: number[]) => smooth(s, 0.05, 0.95);
const prob = labels(fc.double({ min: 0, max: 1, noNaN: true }));
const bits = labels(fc.constantFrom(0, 1));
const signs = labels(fc.constantFrom(-1, 1));
/** One-hot or soft (normalized) labels. */
const distributions = (b: number, c: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: b, maxLength: b }).map((ids) => ids.flatMap((k) => Array.from({ length: c }, (_, j) => (j === k ? 1 : 0)))),
    fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: b * c, maxLength: b * c }).map((v) =>
      v.map((x, i) => x / v.slice(i - (i % c), i - (i % c) + c).reduce((s, y) => s + y, 0)),
    ),
  );
const sparse = (p: (s: number[]) => fc.Arbitrary<Input>) => (b: number, c: number): fc.Arbitrary<Case> =>
  fc.tuple(fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: b, maxLength: b }), p([b, c])).map(([ids, yp]) => ({ yTrue: tensor(new Int32Array(ids), [b]), yPred: yp }));
const offGrid = (s: number[]) => grid(s, 0.05); // 0.1k + 0.05

const ROWS: Row[] = [
  { name: "MeanSquaredError", gen: pairOf(real, smooth) },
  { name: "MeanAbsoluteError", gen: pairOf(onGrid, offGrid) },
  // yTrue kept away from 0 so that |yTrue| > eps: 0.1k with k != 0.
  { name: "MeanAbsolutePercentageError", gen: pairOf(labels(fc.integer({ min: 1, max: 10 }).chain((k) => fc.constantFrom(k / 10, -k / 10))), offGrid) },
  { name: "Huber", options: { delta: 1 }, gen: pairOf(onGrid, offGrid) }, // |error| = 0.1m + 0.05, never delta
  { name: "Huber", options: { delta: 0.3 }, gen: pairOf(onGrid, offGrid) },
  { name: "LogCosh", gen: pairOf(real, smooth) },
  { name: "BinaryCrossentropy", gen: pairOf(prob, probs) },
  { name: "BinaryCrossentropy", options: { fromLogits: true, labelSmoothing: 0.1 }, gen: pairOf(bits, smooth) },
  { name: "CategoricalCrossentropy", gen: pairOf(distributions, probs) },
  { name: "CategoricalCrossentropy", options: { fromLogits: true, labelSmoothing: 0.2 }, gen: pairOf(distributions, smooth) },
  { name: "SparseCategoricalCrossentropy", gen: sparse(probs) },
  { name: "SparseCategoricalCrossentropy", options: { fromLogits: true }, gen: sparse(smooth) },
  { name: "KLDivergence", gen: pairOf(distributions, probs) },
  // 1 - y p with y = ±1 and p on 0.1k + 0.05 is never 0 (the hinge's kink).
  { name: "Hinge", gen: pairOf(signs, offGrid) },
  { name: "Hinge", gen: pairOf(bits, offGrid) }, // 0/1 labels mapped to ±1
  { name: "SquaredHinge", gen: pairOf(signs, offGrid) },
  { name: "CosineSimilarity", gen: pairOf(real, (s) => smooth(s, 0.2, 2)) },
];

const REDUCTIONS = ["sum_over_batch_size", "sum", "mean"] as const;

describe("every loss class: gradient matches central differences in float64", () => {
  for (const row of ROWS) {
    test(`${row.name} ${JSON.stringify(row.options ?? {})}`, () => {
      const gen = fc
        .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }))
        .chain(([b, c]) =>
          fc.tuple(row.gen(b, c), fc.constantFrom(...REDUCTIONS), fc.option(fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: b, maxLength: b }))),
        );
      fc.assert(
        fc.property(gen, ([{ yTrue, yPred }, reduction, weights]) => {
          const loss = new (cls(row.name))({ ...row.options, reduction, dtype: "float64" });
          const sw = weights === null ? null : f64(weights, [weights.length]);
          checkGradient(([p]) => loss.apply(yTrue, p!, sw), [yPred]);
        }),
        { numRuns: 30 },
      );
    });
  }
});

// Every gradient rule against central finite differences in float64 (see
// test/helpers/gradcheck.ts: double-precision kernels, h = 1e-6, 1e-6
// relative), driven by one table: each row generates inputs (random shapes
// with broadcasting and size-1 axes) and parameters, and says how to apply
// the op.
import fc from "fast-check";
import { describe, test } from "vitest";
import { ops, tensor, type Tensor, type TensorLike } from "../../src/index.js";
import { dense, type DenseActivation } from "../../src/ops/dense.js";
import { sparseSoftmaxCrossEntropy } from "../../src/ops/nn.js";
import { broadcastPair, checkGradient, dim, distinct, grid, shapeArb, sizeOf, smooth, type GradOptions, type Input } from "../helpers/gradcheck.js";

const bshape = (a: number[], b: number[]): number[] => {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1));
};

interface Row {
  name: string;
  /** Inputs and parameters. */
  gen: fc.Arbitrary<{ xs: Input[]; p?: unknown }>;
  f: (xs: TensorLike[], p: never) => Tensor;
  /** Step and tolerance, where the row leaves float64 on purpose. */
  opts?: GradOptions;
}

const one = (values: (s: number[]) => fc.Arbitrary<Input>, minRank = 0): fc.Arbitrary<{ xs: Input[] }> =>
  shapeArb(minRank).chain(values).map((x) => ({ xs: [x] }));
const two = (a: (s: number[]) => fc.Arbitrary<Input>, b: (s: number[]) => fc.Arbitrary<Input> = a): fc.Arbitrary<{ xs: Input[] }> =>
  broadcastPair().chain(([sa, sb]) => fc.tuple(a(sa), b(sb))).map((xs) => ({ xs }));
const unary = (name: string, f: (x: TensorLike) => Tensor, values: (s: number[]) => fc.Arbitrary<Input> = smooth): Row => ({ name, gen: one(values), f: ([x]) => f(x!) });
const binary = (name: string, f: (a: TensorLike, b: TensorLike) => Tensor, a?: (s: number[]) => fc.Arbitrary<Input>, b?: (s: number[]) => fc.Arbitrary<Input>): Row => ({
  name,
  gen: two(a ?? smooth, b ?? a ?? smooth),
  f: ([x, y]) => f(x!, y!),
});

/** A shape of rank >= 1 and an axis argument for it: null, one axis or several, and keepdims. */
const withAxis = (values: (s: number[]) => fc.Arbitrary<Input>, minRank = 0) =>
  shapeArb(minRank).chain((s) =>
    fc.tuple(values(s), s.length === 0 ? fc.constant(null) : fc.oneof(fc.constant(null), fc.integer({ min: -s.length, max: s.length - 1 }), fc.subarray(s.map((_, i) => i), { minLength: 1 })), fc.boolean()),
  ).map(([x, axis, keepdims]) => ({ xs: [x], p: { axis, keepdims } }));
type AxisP = { axis: number | number[] | null; keepdims: boolean };
const reduction = (name: string, f: (x: TensorLike, a: number | number[] | null, k: boolean) => Tensor, values: (s: number[]) => fc.Arbitrary<Input> = smooth): Row => ({
  name,
  gen: withAxis(values),
  f: ([x], p: AxisP) => f(x!, p.axis, p.keepdims),
});

const positive = (s: number[]) => smooth(s, 0.5, 3);
const awayFromZero = (s: number[]) => grid(s, 0.05); // k/10 + 0.05: never within 0.05 of 0
const offGrid = (s: number[]) => grid(s, 0.0, 0.2); // a on 0.2k, b on 0.2k + 0.1: never tied
const onGridHalf = (s: number[]) => grid(s, 0.1, 0.2);

const ROWS: Row[] = [
  unary("negative", ops.negative),
  unary("abs", ops.abs, awayFromZero),
  unary("square", ops.square),
  unary("sqrt", ops.sqrt, positive),
  unary("exp", ops.exp),
  unary("log", ops.log, positive),
  unary("log1p", ops.log1p, positive),
  unary("tanh", ops.tanh),
  unary("relu", ops.relu, awayFromZero),
  unary("sigmoid", ops.sigmoid),
  unary("softplus", ops.softplus),
  unary("erf", ops.erf),
  unary("expm1", ops.expm1),
  binary("add", ops.add),
  binary("subtract", ops.subtract),
  binary("multiply", ops.multiply),
  binary("divide", ops.divide, smooth, positive),
  binary("power", ops.power, positive, (s) => smooth(s, -1.5, 2)),
  binary("maximum", ops.maximum, offGrid, onGridHalf),
  binary("minimum", ops.minimum, offGrid, onGridHalf),
  reduction("sum", (x, a, k) => ops.sum(x, a, k)),
  reduction("mean", (x, a, k) => ops.mean(x, a, k)),
  reduction("max", (x, a, k) => ops.max(x, a, k), distinct),
  reduction("min", (x, a, k) => ops.min(x, a, k), distinct),
  reduction("prod", (x, a, k) => ops.prod(x, a, k), positive),
  reduction("var", (x, a, k) => ops.var(x, a, k)),
  // std at a constant slice (std 0) has no derivative: distinct values keep it away.
  {
    ...reduction("std", (x, a, k) => ops.std(x, a, k), distinct),
    // Each reduced slice needs two elements or more (std 0 has no derivative: NaN, as in JAX).
    gen: withAxis(distinct).filter(({ xs, p }) => {
      const s = xs[0]!.shape;
      const axes = p.axis === null ? s.map((_, i) => i) : [p.axis].flat().map((a) => (a < 0 ? a + s.length : a));
      return axes.reduce((n, a) => n * s[a]!, 1) >= 2;
    }),
  },
  {
    name: "reshape",
    gen: one(smooth).map((g) => ({ ...g, p: [-1] })),
    f: ([x]) => ops.reshape(ops.multiply(x!, x!), [-1]),
  },
  {
    name: "transpose",
    gen: shapeArb(0).chain((s) => fc.tuple(smooth(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))).map(([x, perm]) => ({ xs: [x], p: perm })),
    f: ([x], perm: number[]) => ops.transpose(ops.square(x!), perm),
  },
  {
    name: "expandDims/squeeze",
    gen: one(smooth),
    f: ([x]) => ops.squeeze(ops.exp(ops.expandDims(x!, 0)), 0),
  },
  {
    name: "slice",
    gen: shapeArb(1).chain((s) =>
      fc.tuple(smooth(s), fc.tuple(...s.map((d) => fc.integer({ min: 0, max: d - 1 }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 1, max: d - b })))))),
    ).map(([x, bs]) => ({ xs: [x], p: bs })),
    f: ([x], bs: [number, number][]) => ops.slice(x!, bs.map((b) => b[0]), bs.map((b) => b[1])),
  },
  {
    name: "take",
    gen: shapeArb(1).chain((s) =>
      fc.integer({ min: -1, max: s.length - 1 }).chain((axis) => {
        const dimOf = axis < 0 ? s.reduce((x, y) => x * y, 1) : s[axis]!; // -1: axis null (flattened)
        return fc.tuple(smooth(s), fc.constant(axis), fc.array(fc.integer({ min: -dimOf, max: dimOf - 1 }), { minLength: 1, maxLength: 5 }));
      }),
    ).map(([x, axis, idx]) => ({ xs: [x], p: { axis, idx } })),
    // Repeated and negative indices add up; axis -1 here stands for null (flattened).
    f: ([x], p: { axis: number; idx: number[] }) => ops.take(ops.square(x!), new Int32Array(p.idx), p.axis < 0 ? null : p.axis),
  },
  {
    name: "concatenate",
    gen: shapeArb(1).chain((s) =>
      fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
        fc.tuple(fc.constant(axis), fc.array(fc.integer({ min: 1, max: 3 }).chain((n) => smooth(s.map((d, i) => (i === axis ? n : d)))), { minLength: 1, maxLength: 3 })),
      ),
    ).map(([axis, xs]) => ({ xs, p: axis })),
    f: (xs, axis: number) => ops.concatenate(xs.map((x) => ops.tanh(x)), axis),
  },
  {
    name: "concatenate (axis null)",
    gen: fc.array(shapeArb(1).chain(smooth), { minLength: 1, maxLength: 3 }).map((xs) => ({ xs })),
    f: (xs) => ops.concatenate(xs, null),
  },
  {
    name: "stack",
    gen: shapeArb(0).chain((s) => fc.tuple(fc.integer({ min: -s.length - 1, max: s.length }), fc.array(smooth(s), { minLength: 1, maxLength: 3 }))).map(([axis, xs]) => ({ xs, p: axis })),
    f: (xs, axis: number) => ops.stack(xs.map((x) => ops.square(x)), axis),
  },
  {
    name: "broadcastTo",
    gen: broadcastPair().chain(([a, b]) => fc.tuple(smooth(a), fc.constant(bshape(a, b)))).map(([x, to]) => ({ xs: [x], p: to })),
    f: ([x], to: number[]) => ops.broadcastTo(x!, to),
  },
  {
    name: "where",
    gen: broadcastPair().chain(([a, b]) => fc.tuple(smooth(a), smooth(b), fc.array(fc.boolean(), { minLength: sizeOf(bshape(a, b)), maxLength: sizeOf(bshape(a, b)) }), fc.constant(bshape(a, b)))).map(([a, b, c, cs]) => ({ xs: [a, b], p: { c, cs } })),
    f: ([a, b], p: { c: boolean[]; cs: number[] }) => ops.where(tensor(p.c.map(Number), p.cs, "bool"), a!, b!),
  },
  {
    name: "where (mixed condition)",
    gen: shapeArb(1).chain((s) => fc.tuple(awayFromZero(s), smooth(s))).map((xs) => ({ xs })),
    f: ([a, b]) => ops.where(ops.greater(ops.stopGradient(a!), 0), ops.square(a!), b!),
  },
  unary("clip", (x) => ops.clip(x, -0.5, 0.5), awayFromZero),
  {
    name: "softmax",
    gen: shapeArb(1).chain((s) => fc.tuple(smooth(s), fc.integer({ min: -s.length, max: s.length - 1 }))).map(([x, axis]) => ({ xs: [x], p: axis })),
    f: ([x], axis: number) => ops.softmax(x!, axis),
  },
  {
    name: "logSoftmax",
    gen: shapeArb(1).chain((s) => fc.tuple(smooth(s), fc.integer({ min: -s.length, max: s.length - 1 }))).map(([x, axis]) => ({ xs: [x], p: axis })),
    f: ([x], axis: number) => ops.logSoftmax(x!, axis),
  },
  {
    name: "matmul",
    // [batch..., m, k] @ [batch..., k, n] with broadcast batches, and the vector forms.
    gen: fc.tuple(broadcastPair(), dim, dim, dim, fc.constantFrom("mm", "vm", "mv", "vv")).chain(([[ba, bb], m, k, n, form]) =>
      fc.tuple(smooth(form[0] === "v" ? [k] : [...ba, m, k]), smooth(form[1] === "v" ? [k] : [...bb, k, n])),
    ).map((xs) => ({ xs })),
    f: ([a, b]) => ops.matmul(a!, b!),
  },
  {
    // The fused Dense op: x [batch..., k] @ w [k, n] + b, linear or relu. x and w
    // in [-0.5, 0.5] with k <= 4 keep |x @ w| <= 1, and b is +-5 per column,
    // so each column is either always on or always off (masked): no kink
    // (relu always has the bias; without one, z = 0 is reachable).
    name: "dense (fused matmul + bias + activation)",
    gen: fc.tuple(shapeArb(0, 2), dim, dim, fc.constantFrom("linear", "relu"), fc.boolean()).chain(([batch, k, n, act, bias]) =>
      fc.tuple(
        smooth([...batch, 1 + (k % 3), k], -0.5, 0.5), smooth([k, n], -0.5, 0.5),
        fc.array(fc.constantFrom(-5, 5), { minLength: n, maxLength: n }).map((v) => ({ shape: [n], data: new Float64Array(v) })),
      ).map(([x, w, b]) => ({ xs: bias || act === "relu" ? [x, w, b] : [x, w], p: act })),
    ),
    f: ([x, w, b], act: DenseActivation) => dense(x as Tensor, w as Tensor, (b ?? null) as Tensor | null, act),
  },
  {
    // The fused loss of SparseCategoricalCrossentropy(fromLogits): logits [batch..., classes], int labels.
    name: "sparseSoftmaxCrossEntropy (fused loss and gradient)",
    gen: fc.tuple(shapeArb(0, 2), dim).chain(([batch, classes]) =>
      fc.tuple(smooth([...batch, classes], -3, 3), fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: sizeOf(batch), maxLength: sizeOf(batch) }))
        .map(([x, labels]) => ({ xs: [x], p: { labels, shape: batch } })),
    ),
    f: ([x], p: { labels: number[]; shape: number[] }) => sparseSoftmaxCrossEntropy(tensor(p.labels, p.shape, "int32"), x as Tensor),
  },
  {
    // The only row that leaves float64: float64 -> float32 -> float64 rounds
    // x to float32 (relative 6e-8), so the step and tolerance are float32's.
    // (Mixed precision through float16 is in value_and_grad.test.ts.)
    name: "cast",
    gen: one(smooth),
    f: ([x]) => ops.cast(ops.cast(ops.multiply(x!, 2), "float32"), "float64"),
    opts: { h: 1e-2, rtol: 1e-3 },
  },
];

describe("every gradient rule matches central differences", () => {
  for (const row of ROWS) {
    test(row.name, () => {
      fc.assert(
        fc.property(row.gen, ({ xs, p }) => checkGradient((ts) => row.f(ts, p as never), xs, row.opts)),
        { numRuns: 25 },
      );
    });
  }
});

// Random compositions of 2 to 5 ops on two variables (x, and y of x's last
// axis, broadcast), each keeping the shape and the values moderate.
const STEPS: ((x: Tensor, y: TensorLike) => Tensor)[] = [
  (x) => ops.tanh(x),
  (x) => ops.sigmoid(x),
  (x) => ops.softplus(x),
  (x, y) => ops.multiply(x, y),
  (x, y) => ops.add(x, y),
  (x, y) => ops.subtract(x, ops.tanh(y)),
  (x) => ops.softmax(x),
  (x) => ops.logSoftmax(x),
  (x) => ops.add(x, ops.mean(x, -1, true)),
  (x) => ops.divide(x, ops.add(ops.square(x), 1)),
  (x) => ops.exp(ops.negative(ops.square(x))),
  (x, y) => ops.matmul(x, ops.transpose(ops.broadcastTo(ops.tanh(y), [x.shape[x.ndim - 1]!, x.shape[x.ndim - 1]!]))),
];

test("random compositions of 2 to 5 ops", () => {
  fc.assert(
    fc.property(
      shapeArb(1, 3).chain((s) => fc.tuple(smooth(s, -1, 1), smooth([s[s.length - 1]!], -1, 1), fc.array(fc.integer({ min: 0, max: STEPS.length - 1 }), { minLength: 2, maxLength: 5 }))),
      ([x, y, steps]) => {
        checkGradient(([a, b]) => steps.reduce((t: Tensor, k) => STEPS[k]!(t, b!), ops.multiply(a!, 1)), [x, y]);
      },
    ),
    { numRuns: 40 },
  );
});

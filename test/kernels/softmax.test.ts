// softmax / log_softmax kernels against their twins, and known values.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { softmaxKernels } from "../../src/backend/reference/softmax.js";
import { dim, f32, specialF32 } from "../helpers/arbitraries.js";
import { expectTwins, input, out, runBoth, withWasm } from "../helpers/twins.js";

const value = fc.oneof(
  { weight: 10, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 4, arbitrary: fc.float({ min: -50, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: f32 },
  { weight: 1, arbitrary: specialF32 },
);

/** [outer, R, inner] with 0 and 1 sizes and inner both 1 and > 1. */
const layout = fc
  .tuple(fc.integer({ min: 0, max: 4 }), dim, fc.oneof(fc.constant(1), dim))
  .filter(([o, r, i]) => o * r * i <= 3000);

describe("softmax kernels match their reference twins", () => {
  for (const name of withWasm(softmaxKernels).filter((n) => !n.startsWith("sparse_softmax_ce"))) {
    test(name, () => {
      fc.assert(
        fc.property(
          layout.chain(([o, r, i]) => fc.tuple(fc.constant([o, r, i]), fc.array(value, { minLength: o * r * i, maxLength: o * r * i }))),
          ([[o, r, i], xs]) => {
            const n = o! * r! * i!;
            expectTwins(name, [input(new Float32Array(xs), "float32"), out("float32", n), o!, r!, i!]);
          },
        ),
        { numRuns: 120 },
      );
    });
  }
});

describe("sparse_softmax_ce_f32 (loss and gradient in one pass) matches its twin", () => {
  const ce = (rows: number, classes: number, xs: number[], labels: number[], grad: boolean) =>
    runBoth("sparse_softmax_ce_f32", [
      input(new Float32Array(xs), "float32"), input(new Int32Array(labels), "int32"),
      out("float32", rows), grad ? out("float32", rows * classes) : 0, rows, classes,
    ]);
  test("random rows, classes 1..40, specials, with and without the gradient", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 40 }), fc.boolean()).chain(([rows, classes, grad]) =>
          fc.tuple(
            fc.constant([rows, classes, grad] as const),
            fc.array(value, { minLength: rows * classes, maxLength: rows * classes }),
            fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
          )),
        ([[rows, classes, grad], xs, labels]) => {
          expectTwins("sparse_softmax_ce_f32", [
            input(new Float32Array(xs), "float32"), input(new Int32Array(labels), "int32"),
            out("float32", rows), grad ? out("float32", rows * classes) : 0, rows, classes,
          ]);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("known values: uniform logits give log(classes) and softmax - one_hot", () => {
    // Two equal logits: softmax [0.5, 0.5], loss log 2; the label's entry is 0.5 - 1.
    const [[loss, grad]] = ce(2, 2, [3, 3, -1, -1], [0, 1], true);
    expect(Array.from(loss!)).toEqual([Math.fround(Math.LN2), Math.fround(Math.LN2)]);
    expect(Array.from(grad!)).toEqual([-0.5, 0.5, 0.5, -0.5]);
    // A large margin: log(1 + e^-20) for the right class, which is -0 in float32
    // (1 + 2e-9 rounds to 1: -log_softmax = -(0 - 0), the -0 categorical
    // cross-entropy gives too), and 20 + log(1 + e^-20) for the wrong one (no overflow).
    const [[far]] = ce(2, 2, [100, 80, 100, 80], [0, 1], false);
    expect(Object.is(far![0], -0)).toBe(true);
    expect(far![1]).toBeCloseTo(20, 5);
  });
});

function run(name: string, xs: number[], o: number, r: number, i: number): number[] {
  const [[w]] = runBoth(name, [input(new Float32Array(xs), "float32"), out("float32", xs.length), o, r, i]);
  return Array.from(w!);
}

describe("softmax values", () => {
  test("rows sum to 1 and match exp(x) / sum exp(x)", () => {
    for (const [o, r, i] of [[3, 9, 1], [2, 5, 6], [1, 1, 1], [4, 16, 1], [1, 3, 17]] as const) {
      const xs = Array.from({ length: o * r * i }, (_, k) => Math.fround(Math.sin(k * 1.7) * 20));
      const y = run("softmax_f32", xs, o, r, i);
      const ly = run("log_softmax_f32", xs, o, r, i);
      for (let b = 0; b < o; b++) {
        for (let j = 0; j < i; j++) {
          const idx = Array.from({ length: r }, (_, k) => b * r * i + k * i + j);
          const m = Math.max(...idx.map((k) => xs[k]!));
          const s = idx.reduce((acc, k) => acc + Math.exp(xs[k]! - m), 0);
          expect(idx.reduce((acc, k) => acc + y[k]!, 0)).toBeCloseTo(1, 5);
          for (const k of idx) {
            expect(Math.abs(y[k]! - Math.exp(xs[k]! - m) / s)).toBeLessThan(2e-7 + 4e-7 * y[k]!);
            expect(Math.abs(ly[k]! - (xs[k]! - m - Math.log(s)))).toBeLessThan(1e-5 * (1 + Math.abs(ly[k]!)));
          }
        }
      }
    }
  });

  test("stable for large inputs; NaN for rows with NaN, +Inf or only -Inf", () => {
    expect(run("softmax_f32", [1000, 1000], 1, 2, 1)).toEqual([0.5, 0.5]);
    expect(run("softmax_f32", [-Infinity, 0], 1, 2, 1)).toEqual([0, 1]);
    expect(run("log_softmax_f32", [-Infinity, 0], 1, 2, 1)).toEqual([-Infinity, 0]);
    for (const bad of [[NaN, 1], [Infinity, 1], [-Infinity, -Infinity]]) {
      for (const name of ["softmax_f32", "log_softmax_f32"]) {
        expect(run(name, bad, 1, 2, 1).every(Number.isNaN)).toBe(true);
        // Same along a strided axis: a [2, 2] layout reduced over its first dim.
        expect(run(name, [bad[0]!, 0, bad[1]!, 0], 1, 2, 2)).toEqual([NaN, 0.5, NaN, 0.5].map((v, k) => (name.startsWith("log") && k % 2 ? Math.fround(-Math.LN2) : v)));
      }
    }
  });

  test("size 0 along any dim writes nothing", () => {
    for (const [o, r, i] of [[0, 3, 1], [2, 0, 1], [2, 3, 0], [0, 0, 0]] as const) {
      expect(run("softmax_f32", [], o, r, i)).toEqual([]);
    }
  });
});

// float64 computes in double on the reference-only kernels, on either
// backend (exec routes every kernel on 8-byte elements to its TypeScript
// twin). Keras's promotion is unchanged (float64 with float64 gives
// float32 by default); inside withFloat64Results, as under JAX's
// enable_x64, results stay float64. Expected values are double arithmetic
// written out here (each differs from what float32 would give).
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { ops, tensor, type Tensor } from "../../src/index.js";
import { useReferenceKernels } from "../../src/backend/loader.js";
import { REFERENCE_ONLY } from "../../src/backend/kernels.js";
import { withFloat64Results } from "../../src/dtype_promotion.js";

const d = (v: number[] | number[][], shape?: number[]): Tensor => tensor(v.flat(), shape ?? [v.flat().length], "float64");
const x64 = withFloat64Results;

describe.each([["wasm", false], ["reference", true]] as const)("float64 in double precision (%s kernels active)", (_, ref) => {
  afterEach(() => useReferenceKernels(false));
  const on = (): void => useReferenceKernels(ref);

  test("promotion: float32 by default (Keras on non-TF backends), float64 in the scope", () => {
    on();
    expect(ops.add(d([0.1]), d([0.2])).dtype).toBe("float32");
    const s = x64(() => ops.add(d([0.1]), d([0.2])));
    expect(s.dtype).toBe("float64");
    expect(s.toArray()).toEqual([0.1 + 0.2]); // 0.30000000000000004, not float32's 0.30000001192092896
    expect(x64(() => ops.multiply(d([1 / 3]), 3)).toArray()).toEqual([1]);
    expect(x64(() => ops.add(d([1]), 2 ** -40)).toArray()).toEqual([1 + 2 ** -40]);
    expect(x64(() => ops.subtract(d([1 + 2 ** -40]), d([1]))).toArray()).toEqual([2 ** -40]);
    expect(x64(() => ops.divide(d([1]), d([3]))).toArray()).toEqual([1 / 3]);
    expect(x64(() => ops.greater(d([1 + 2 ** -40]), d([1]))).toArray()).toEqual([1]);
  });

  test("unary, clip and where", () => {
    on();
    expect(ops.exp(d([1])).toArray()).toEqual([Math.exp(1)]);
    expect(ops.log(d([10])).toArray()).toEqual([Math.log(10)]);
    expect(ops.log1p(d([1e-10])).toArray()).toEqual([Math.log1p(1e-10)]);
    expect(ops.tanh(d([0.3])).toArray()).toEqual([Math.tanh(0.3)]);
    expect(ops.sqrt(d([2])).toArray()).toEqual([Math.SQRT2]);
    expect(ops.expm1(d([1e-10, 1])).toArray()).toEqual([Math.expm1(1e-10), Math.expm1(1)]);
    // erf against Python's math.erf (glibc) at these points, to a few ulps.
    const xs = [-4, -2.9, -0.5, 1e-8, 0.1, 1, 2.5, 2.999, 3, 3.5, 6];
    const want = [
      -0.9999999845827421, -0.9999589021219005, -0.5204998778130465, 1.1283791670955126e-8, 0.1124629160182849, 0.8427007929497149,
      0.999593047982555, 0.9999777698314002, 0.9999779095030014, 0.9999992569016276, 1,
    ];
    (ops.erf(d(xs)).toArray() as number[]).forEach((v, i) => expect(Math.abs(v - want[i]!), `erf(${xs[i]})`).toBeLessThanOrEqual(1e-15 * Math.abs(want[i]!)));
    // sigmoid(-40) = e^-40 / (1 + e^-40); softplus(-40) = log1p(e^-40)
    expect(ops.sigmoid(d([-40])).item()).toBeCloseTo(Math.exp(-40) / (1 + Math.exp(-40)), 30);
    expect(ops.softplus(d([-40, 40])).toArray()).toEqual([Math.log1p(Math.exp(-40)), 40 + Math.log1p(Math.exp(-40))]);
    expect(ops.clip(d([0.05, 0.1 + 2 ** -50, 2]), 0.1, 1).toArray()).toEqual([0.1, 0.1 + 2 ** -50, 1]);
    expect(x64(() => ops.where(tensor([true, false], [2], "bool"), d([0.1]), d([1 / 3, 2 / 3]))).toArray()).toEqual([0.1, 2 / 3]);
  });

  test("reductions, argmax, softmax, matmul, arange", () => {
    on();
    expect(ops.sum(d([1, 1e-10, 1e-10])).item()).toBe(1 + 1e-10 + 1e-10);
    expect(ops.prod(d([1 + 2 ** -30, 1 + 2 ** -30])).item()).toBe((1 + 2 ** -30) * (1 + 2 ** -30));
    expect(ops.mean(d([0.1, 0.2, 0.3])).item()).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(ops.max(d([1, 1 + 2 ** -40])).item()).toBe(1 + 2 ** -40);
    expect(ops.argmax(d([1 + 2 ** -40, 1, 1 + 2 ** -39])).item()).toBe(2);
    expect(ops.argmin(d([-0, 0, NaN])).item()).toBe(2); // NaN wins, as in NumPy
    expect(ops.argmin(d([0, -0])).item()).toBe(1);
    const e = [Math.exp(0.1 - 0.3), Math.exp(0.2 - 0.3), 1];
    const z = e[0]! + e[1]! + e[2]!;
    expect(ops.softmax(d([0.1, 0.2, 0.3])).toArray()).toEqual(e.map((v) => v / z));
    expect(ops.logSoftmax(d([1e4, -1e4])).toArray()).toEqual([0 - Math.log(1), -2e4 - Math.log(1)]);
    const m = x64(() => ops.matmul(d([0.1, 0.2, 0.3, 0.4], [2, 2]), d([1 / 3, 1 / 7], [2, 1])));
    expect(m.dtype).toBe("float64");
    expect(m.toArray()).toEqual([[0.1 / 3 + 0.2 / 7], [0.3 / 3 + 0.4 / 7]]);
    expect(ops.arange(0, 0.5, 0.1, "float64").toArray()).toEqual([0, 0.1, 0.2, 0.1 * 3, 0.4]);
  });
});

test("every float64 arithmetic twin is reference-only, and matches double arithmetic on random values", () => {
  for (const k of ["add_f64", "matmul_f64", "softmax_f64", "reduce_sum_f64", "where_f64", "clip_f64", "exp_f64", "arange_f64"]) {
    expect(REFERENCE_ONLY.has(k), k).toBe(true);
  }
  const val = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity));
  const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  fc.assert(
    fc.property(fc.array(fc.tuple(val, val), { minLength: 1, maxLength: 9 }), (pairs) => {
      const a = d(pairs.map((p) => p[0]));
      const b = d(pairs.map((p) => p[1]));
      x64(() => {
        const table: [Tensor, (x: number, y: number) => number][] = [
          [ops.add(a, b), (x, y) => x + y],
          [ops.multiply(a, b), (x, y) => x * y],
          [ops.divide(a, b), (x, y) => x / y],
          [ops.maximum(a, b), Math.max],
          [ops.power(a, b), Math.pow],
        ];
        for (const [t, f] of table) (t.toArray() as number[]).forEach((v, i) => expect(same(v, f(pairs[i]![0], pairs[i]![1]))).toBe(true));
      });
      (ops.exp(a).toArray() as number[]).forEach((v, i) => expect(same(v, Math.exp(pairs[i]![0]))).toBe(true));
      (ops.negative(a).toArray() as number[]).forEach((v, i) => expect(same(v, -pairs[i]![0])).toBe(true));
    }),
    { numRuns: 100 },
  );
});

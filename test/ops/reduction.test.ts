// ops.sum / prod / max / min / mean / var / std / argmax / argmin against
// hand-derived values and an independent float64 reduction, on the WASM
// kernels and on the reference kernels.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { useReferenceKernels } from "../../src/backend/loader.js";
import { ValueError, KerasTypeError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";

const m22 = [[1, 2], [3, 4]];
const int = (v: unknown, shape?: number[]): Tensor => tensor(v as number[], shape ?? null, "int32");
const f32 = (v: unknown, shape?: number[]): Tensor => tensor(v as number[], shape ?? null, "float32");
const bool = (v: unknown, shape?: number[]): Tensor => tensor(v as number[], shape ?? null, "bool");
const flat = (t: Tensor): number[] => Array.from(t.data);

/** Independent f64 reduction of a row-major array over `axes` (sorted), keepdims shape. */
function naive(data: ArrayLike<number>, shape: number[], axes: number[], f: (a: number, b: number) => number, init: number): number[] {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(init);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < data.length; k++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) o = o * outShape[d]! + (axes.includes(d) ? 0 : idx[d]!);
    out[o] = f(out[o]!, data[k]!);
    for (let d = shape.length - 1; d >= 0 && ++idx[d]! === shape[d]; d--) idx[d] = 0;
  }
  return out;
}

const shapeAndAxes = fc
  .array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i)), fc.boolean()));

for (const backend of ["wasm", "reference"] as const) {
  describe(`reductions (${backend} kernels)`, () => {
    // Each test switches the kernels on and back off.
    const it = (name: string, fn: () => void): void => {
      test(name, () => {
        useReferenceKernels(backend === "reference");
        try {
          fn();
        } finally {
          useReferenceKernels(false);
        }
      });
    };

    it("sum: every axis form", () => {
      expect(ops.sum(m22).item()).toBe(10);
      expect(ops.sum(m22).shape).toEqual([]);
      expect(ops.sum(m22, 0).toArray()).toEqual([4, 6]);
      expect(ops.sum(m22, 1).toArray()).toEqual([3, 7]);
      expect(ops.sum(m22, -1).toArray()).toEqual([3, 7]);
      expect(ops.sum(m22, -2).toArray()).toEqual([4, 6]);
      expect(ops.sum(m22, [0, 1]).item()).toBe(10);
      expect(ops.sum(m22, [1, 0]).item()).toBe(10);
      expect(ops.sum(m22, null, true).toArray()).toEqual([[10]]);
      expect(ops.sum(m22, 1, true).toArray()).toEqual([[3], [7]]);
      expect(ops.sum(m22, { axis: 0, keepdims: true }).toArray()).toEqual([[4, 6]]);
      expect(ops.sum(m22, { axis: [-1] }).toArray()).toEqual([3, 7]);
      expect(ops.sum(m22, {}).item()).toBe(10);
      expect(ops.sum(m22, []).toArray()).toEqual(m22);
      expect(ops.sum(5).item()).toBe(5);
    });

    it("sum over non-adjacent axes (several passes)", () => {
      // x[i][j][k] = 100 i + 10 j + k, shape [2, 3, 4]; sum over axes 0 and 2.
      const v = Array.from({ length: 24 }, (_, n) => 100 * Math.floor(n / 12) + 10 * (Math.floor(n / 4) % 3) + (n % 4));
      const x = f32(v, [2, 3, 4]);
      // sum_i sum_k = 4 * (0 + 100) + 2 * (0+1+2+3) + 8 * 10 j = 412 + 80 j
      expect(ops.sum(x, [0, 2]).toArray()).toEqual([412, 492, 572]);
      expect(ops.sum(x, [0, 2], true).shape).toEqual([1, 3, 1]);
      expect(ops.sum(x, [-1, 0], true).toArray()).toEqual([[[412], [492], [572]]]);
    });

    it("sum/max/min/prod match an independent f64 reduction on random shapes and axes", () => {
      fc.assert(
        fc.property(shapeAndAxes, ([shape, axes, keepdims]) => {
          const n = shape.reduce((a, b) => a * b, 1);
          // Small integers: every f32 partial sum is exact, so any order agrees.
          const data = Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 5);
          const x = f32(data, shape);
          const sorted = [...axes].sort((a, b) => a - b);
          const keep = shape.map((d, i) => (sorted.includes(i) ? 1 : d));
          const outShape = keepdims ? keep : shape.filter((_, i) => !sorted.includes(i));
          const s = ops.sum(x, axes, keepdims);
          expect(s.shape).toEqual(outShape);
          expect(flat(s)).toEqual(naive(data, shape, sorted, (a, b) => a + b, 0));
          const xi = int(data, shape);
          expect(flat(ops.sum(xi, axes, keepdims))).toEqual(naive(data, shape, sorted, (a, b) => a + b, 0));
          const p = ops.prod(xi, { axis: axes, keepdims });
          expect(flat(p)).toEqual(naive(data, shape, sorted, (a, b) => (a * b) | 0, 1).map((v) => v | 0));
          const reducedSize = sorted.reduce((a, d) => a * shape[d]!, 1);
          if (reducedSize > 0 || s.size === 0) {
            expect(flat(ops.max(x, axes, keepdims))).toEqual(naive(data, shape, sorted, Math.max, -Infinity));
            expect(flat(ops.min(xi, axes, keepdims))).toEqual(naive(data, shape, sorted, Math.min, Infinity));
          }
        }),
        { numRuns: 120 },
      );
    });

    it("dtypes follow Keras", () => {
      expect(ops.sum(int(m22)).dtype).toBe("int32");
      expect(ops.sum(bool([1, 0, 1, 1])).dtype).toBe("int32");
      expect(ops.sum(bool([1, 0, 1, 1])).item()).toBe(3);
      expect(ops.prod(bool([1, 1])).dtype).toBe("int32");
      expect(ops.prod(int([2, 3, 7])).item()).toBe(42);
      expect(ops.mean(int([1, 2])).dtype).toBe("float32");
      expect(ops.mean(int([1, 2])).item()).toBe(1.5);
      expect(ops.mean(bool([1, 0, 0, 0])).item()).toBe(0.25);
      expect(ops.max(int([1, 9])).dtype).toBe("int32");
      expect(ops.max(bool([0, 1, 0])).dtype).toBe("bool");
      expect(ops.max(bool([0, 1, 0])).item()).toBe(1);
      expect(ops.min(bool([1, 1, 0])).item()).toBe(0);
      expect(ops.argmax(f32([1, 3])).dtype).toBe("int32");
      expect(ops.var(int([1, 2, 3, 4])).dtype).toBe("float32");
      expect(ops.std(bool([1, 0])).dtype).toBe("float32");
      // int32 sums wrap as int32 does.
      expect(ops.sum(int([2147483647, 1])).item()).toBe(-2147483648);
    });

    it("max/min propagate NaN; -0 and ±Infinity", () => {
      expect(ops.max([1, NaN, 3]).item()).toBeNaN();
      expect(ops.min([1, 2, NaN]).item()).toBeNaN();
      expect(ops.sum([1, NaN]).item()).toBeNaN();
      expect(flat(ops.max([[1, NaN], [5, 2]], 1))).toEqual([NaN, 5]);
      expect(ops.max([-Infinity, -Infinity]).item()).toBe(-Infinity);
      expect(ops.min([Infinity, 1e38]).item()).toBe(Math.fround(1e38));
      expect(Object.is(ops.max([-0, 0]).item(), 0)).toBe(true);
      expect(Object.is(ops.min([0, -0]).item(), -0)).toBe(true);
      expect(ops.sum([Infinity, -Infinity]).item()).toBeNaN();
      expect(ops.prod([0, Infinity]).item()).toBeNaN();
      // Long rows: NaN in the SIMD part and in the tail.
      const long = new Float32Array(1000).fill(1);
      long[517] = NaN;
      expect(ops.max(long).item()).toBeNaN();
      long[517] = 1;
      long[999] = NaN;
      expect(ops.min(long).item()).toBeNaN();
    });

    it("argmax/argmin: first occurrence, NaN is the extreme, -0 below +0", () => {
      expect(ops.argmax([3, 1, 3]).item()).toBe(0);
      expect(ops.argmin([3, 1, 1]).item()).toBe(1);
      expect(ops.argmax([1, NaN, 5, NaN]).item()).toBe(1);
      expect(ops.argmin([1, NaN, -5, NaN]).item()).toBe(1);
      expect(ops.argmax([-0, 0]).item()).toBe(1);
      expect(ops.argmax([0, -0]).item()).toBe(0);
      expect(ops.argmin([0, -0]).item()).toBe(1);
      expect(ops.argmax([-Infinity, -Infinity]).item()).toBe(0);
      expect(ops.argmax(int([-5, 7, 7, -9]), 0).item()).toBe(1);
      expect(ops.argmin(int([-5, 7, -9, -9])).item()).toBe(2);
      expect(ops.argmax(bool([0, 1, 1])).item()).toBe(1);
      expect(ops.argmin(bool([1, 1, 0, 0])).item()).toBe(2);
      const x = [[1, 9, 9], [4, 2, NaN]];
      expect(ops.argmax(x, 1).toArray()).toEqual([1, 2]);
      expect(ops.argmax(x, 0).toArray()).toEqual([1, 0, 1]);
      expect(ops.argmin(x, -1).toArray()).toEqual([0, 2]);
      expect(ops.argmax(x).item()).toBe(5); // flattened: the NaN
      expect(ops.argmax([[1, 9], [9, 2]]).item()).toBe(1);
      expect(ops.argmax(x, 1, true).shape).toEqual([2, 1]);
      expect(ops.argmax(x, { axis: 0, keepdims: true }).toArray()).toEqual([[1, 0, 1]]);
      expect(ops.argmax(x, null, true).toArray()).toEqual([[5]]);
      // Many columns (SIMD across inner) and a long row with the max in the tail.
      const cols = f32(Array.from({ length: 3 * 9 }, (_, i) => (i % 9 === 4 ? 7 : i % 5)), [3, 9]);
      // rows: [0 1 2 3 7 0 1 2 3], [4 0 1 2 7 4 0 1 2], [3 4 0 1 7 3 4 0 1]
      expect(ops.argmax(cols, 0).toArray()).toEqual([1, 2, 0, 0, 0, 1, 2, 0, 0]);
      expect(ops.argmin(cols, 0).toArray()).toEqual([0, 1, 2, 2, 0, 0, 1, 2, 2]);
      const long = new Float32Array(1003).fill(2);
      long[1001] = 3;
      long[1002] = 3;
      expect(ops.argmax(long).item()).toBe(1001);
    });

    it("empty reductions", () => {
      const e = f32([], [0]);
      expect(Object.is(ops.sum(e).item(), 0)).toBe(true);
      expect(ops.prod(e).item()).toBe(1);
      expect(ops.mean(e).item()).toBeNaN();
      const e23 = f32([], [2, 0, 3]);
      expect(ops.sum(e23, 1).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
      expect(ops.prod(int([], [2, 0]), 1).toArray()).toEqual([1, 1]);
      expect(ops.sum(e23, 0).shape).toEqual([0, 3]);
      expect(ops.max(e23, 0, true).shape).toEqual([1, 0, 3]);
      expect(() => ops.max(e23, 1, true)).toThrow(/ops\.max: zero-size array/);
      expect(ops.max(f32([], [0, 3]), 1).shape).toEqual([0]);
      expect(ops.argmax(f32([], [0, 3]), 1).shape).toEqual([0]);
      expect(() => ops.max(e)).toThrow(ValueError);
      expect(() => ops.max(e)).toThrow(/ops\.max: zero-size array to reduction operation maximum which has no identity/);
      expect(() => ops.min(f32([], [0, 3]), 0)).toThrow(/ops\.min: zero-size array to reduction operation minimum/);
      expect(() => ops.argmax(e)).toThrow(/ops\.argmax: zero-size array/);
      expect(() => ops.argmin(f32([], [2, 0]), 1)).toThrow(/ops\.argmin: zero-size array/);
    });

    it("mean, var and std", () => {
      expect(ops.mean(m22).item()).toBe(2.5);
      expect(ops.mean([[1, 2], [3, 5]], 0).toArray()).toEqual([2, 3.5]);
      expect(ops.mean(m22, 1, true).toArray()).toEqual([[1.5], [3.5]]);
      expect(ops.var([1, 2, 3, 4]).item()).toBe(1.25);
      expect(ops.var([[1, 2], [3, 6]], 1).toArray()).toEqual([0.25, 2.25]);
      expect(ops.var([[1, 2], [3, 6]], 0, true).toArray()).toEqual([[1, 4]]);
      expect(ops.var([[1, 2], [3, 6]], { axis: [0, 1] }).item()).toBe(3.5); // mean 3, (4+1+0+9)/4
      expect(ops.std([1, 2, 3, 4]).item()).toBe(Math.fround(Math.sqrt(1.25)));
      expect(ops.std([[1, 3], [3, 9]], 1).toArray()).toEqual([1, 3]);
      expect(ops.std(int([7, 7, 7])).item()).toBe(0);
      expect(ops.var([1, NaN]).item()).toBeNaN();
      // Random data against a float64 two-pass variance.
      const data = Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10 + 3);
      const m = data.reduce((a, b) => a + Math.fround(b), 0) / 300;
      const v = data.reduce((a, b) => a + (Math.fround(b) - m) ** 2, 0) / 300;
      expect(ops.var(data).item()).toBeCloseTo(v, 4);
      expect(ops.std(data).item()).toBeCloseTo(Math.sqrt(v), 5);
    });

    it("precision: 1e6 x 0.1 in float32", () => {
      const x = new Float32Array(1_000_000).fill(0.1);
      const s = ops.sum(x).item();
      expect(Math.abs(s - 1e5) / 1e5).toBeLessThan(1e-4);
      expect(Math.abs(ops.mean(x).item() - 0.1) / 0.1).toBeLessThan(1e-4);
      // Down a column too (inner > 1).
      const c = ops.sum(tensor(x, [500_000, 2]), 0).data;
      expect(Math.abs(c[0]! - 5e4) / 5e4).toBeLessThan(1e-4);
    });

    it("errors name the op and the argument", () => {
      expect(() => ops.sum(m22, 2)).toThrow(ValueError);
      expect(() => ops.sum(m22, 2)).toThrow(/ops\.sum: argument 'axis' is out of bounds: axis 2 for a tensor of rank 2/);
      expect(() => ops.mean(m22, -3)).toThrow(/ops\.mean: .*out of bounds/);
      expect(() => ops.sum(m22, [0, -2])).toThrow(/ops\.sum: argument 'axis' contains a repeated axis/);
      expect(() => ops.max(m22, 0.5)).toThrow(/ops\.max: argument 'axis' must be an integer; received 0.5/);
      expect(() => ops.sum(m22, "0" as never)).toThrow(KerasTypeError);
      expect(() => ops.sum(m22, 0, 1 as never)).toThrow(/ops\.sum: argument 'keepdims' must be a boolean; received 1/);
      expect(() => ops.argmax(m22, [0, 1] as never)).toThrow(/ops\.argmax: argument 'axis' must be an integer or null/);
      expect(() => ops.sum("abc" as never)).toThrow(/ops\.sum: argument 'x'/);
    });
  });
}

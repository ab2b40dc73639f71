// Long reductions run in fixed blocks along the axis (src/ops/reduction.ts:
// blockRows), so threads can split one output's work: the same bits on 1 to
// 4 threads and on the reference kernels, for every reduction and for
// var/std (the moments kernels). And var/std's accuracy on data far from 0.
import { afterAll, describe, expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { useReferenceKernels } from "../../src/backend/loader.js";
import { setThreads, threadStats } from "../../src/backend/threads.js";
import type { Tensor } from "../../src/tensor.js";

afterAll(() => setThreads(2));

/** xorshift floats: moderate values, with NaN, ±Infinity and -0 when `specials`. */
function data(n: number, seed: number, specials: boolean): Float32Array {
  let s = seed;
  const next = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
  const pick = [NaN, Infinity, -Infinity, -0];
  return Float32Array.from({ length: n }, () => (specials && next() < 0.0005 ? pick[Math.floor(next() * 4)]! : (next() - 0.5) * 8));
}

const bits = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
/** Values as the twin tests compare them: -0 apart from +0, any NaN equal to any NaN (their bits differ between WASM and JS). */
const values = (t: Tensor) => Array.from(t.data, (v) => (Object.is(v, -0) ? "-0" : v));

// [shape, axis]: one long row (full reduction), a long column of 7 (axis 0,
// inner > 1), a few long rows (outer 3), a long axis in the middle.
const CASES: [number[], number | number[] | null][] = [
  [[123_457], null],
  [[30_011, 7], 0],
  [[3, 70_001], 1],
  [[2, 40_003, 3], 1],
  [[5, 20_000, 4], [0, 2]],
];
const OPS = {
  sum: (x: Tensor, a: number | number[] | null) => ops.sum(x, a),
  prod: (x: Tensor, a: number | number[] | null) => ops.prod(ops.add(ops.multiply(x, 1e-3), 1), a),
  max: (x: Tensor, a: number | number[] | null) => ops.max(x, a),
  min: (x: Tensor, a: number | number[] | null) => ops.min(x, a),
  mean: (x: Tensor, a: number | number[] | null) => ops.mean(x, a),
  var: (x: Tensor, a: number | number[] | null) => ops.var(x, a),
  std: (x: Tensor, a: number | number[] | null) => ops.std(x, a),
};

describe("long reductions: the same bits on 1 to 4 threads and on the reference kernels", () => {
  for (const [name, op] of Object.entries(OPS)) {
    test(name, () => {
      CASES.forEach(([shape, axis], i) => {
        for (const specials of [false, true]) {
          const x = tensor(data(shape.reduce((a, b) => a * b, 1), 7 + i, specials), shape);
          setThreads(1);
          const y = op(x, axis);
          const one = bits(y);
          for (const t of [2, 3, 4]) {
            setThreads(t);
            const jobs = threadStats().jobs;
            expect(bits(op(x, axis)), `${name} ${shape} axis ${axis} on ${t} threads`).toEqual(one);
            // The long pass was split (not a reduction along a short axis: all of them are long here).
            expect(threadStats().jobs, `${name} ${shape}: split`).toBeGreaterThan(jobs);
          }
          useReferenceKernels(true);
          try {
            expect(values(op(x, axis)), `${name} ${shape} axis ${axis} on the reference kernels`).toEqual(values(y));
          } finally {
            useReferenceKernels(false);
          }
        }
      });
    });
  }
});

describe("var / std in one pass", () => {
  /** Float64 two-pass variance of the float32 values along axis 0 of [rows, cols] (the reference result). */
  function var64(x: Float32Array, rows: number, cols: number): number[] {
    return Array.from({ length: cols }, (_, j) => {
      let m = 0;
      for (let r = 0; r < rows; r++) m += x[r * cols + j]!;
      m /= rows;
      let q = 0;
      for (let r = 0; r < rows; r++) q += (x[r * cols + j]! - m) ** 2;
      return q / rows;
    });
  }

  test("accuracy on 1e4 + N(0, 1): relative error below 1e-5 of a float64 two-pass variance", () => {
    // Box-Muller normals around 1e4, stored in float32 (spacing 2^-10 there).
    let s = 12345;
    const u = () => ((s = (s * 1103515245 + 12345) >>> 0) + 0.5) / 2 ** 32;
    const n = 400_000;
    const x = Float32Array.from({ length: n }, () => 1e4 + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
    // Why 1e-5: within a block, m = S / n is within ~|mean| u sqrt(n) of
    // the mean (u = 6e-8, the float32 rounding), x - m is exact there
    // (Sterbenz), so Σ (x - m)² carries only its own rounding (~sqrt(n) u
    // relative for random errors, n <= 16384: ~1e-5 at worst), and the
    // correction S1² / n removes m's error. Blocks combine on means
    // relative to the first block's estimate, (m - K) + c, so the float32
    // rounding of a mean near 1e4 (6e-4, as large as the differences
    // between block means) never enters. Measured: ~1e-6. A mean rounded
    // to float32 gives ~5e-5 on [4000, 100]; the naive Σx² / n - mean² in
    // float32 is off by ~100%.
    for (const [rows, cols] of [[n, 1], [n / 8, 8], [n / 100, 100]] as const) {
      const t = tensor(x, [rows, cols]);
      const want = var64(x, rows, cols);
      const v = ops.var(t, 0).data;
      const sd = ops.std(t, 0).data;
      for (let j = 0; j < cols; j++) {
        expect(Math.abs(v[j]! - want[j]!) / want[j]!, `[${rows}, ${cols}] column ${j}`).toBeLessThan(1e-5);
        expect(Math.abs(sd[j]! - Math.sqrt(want[j]!)) / Math.sqrt(want[j]!)).toBeLessThan(1e-5);
      }
    }
    // Full var over all of it (several blocks, one output).
    expect(Math.abs(ops.var(x).item() - var64(x, n, 1)[0]!) / var64(x, n, 1)[0]!).toBeLessThan(1e-5);
  });

  test("NaN, ±Infinity, -0, constants and empty inputs (sum too)", () => {
    expect(ops.var([1, Infinity]).item()).toBeNaN(); // (inf - inf)² as NumPy
    expect(ops.var([NaN, 1, 2]).item()).toBeNaN();
    expect(Object.is(ops.var([-0]).item(), 0)).toBe(true);
    expect(ops.var(tensor([], [0])).item()).toBeNaN(); // the mean of nothing
    expect(ops.var(tensor([], [2, 0]), 1).toArray()).toEqual([NaN, NaN]);
    expect(ops.var(tensor([], [0, 2]), 1).shape).toEqual([0]);
    // An empty block's sum is the kernel's identity, -0; NumPy's empty sum is +0.
    expect(Object.is(ops.sum(tensor([], [0])).item(), 0)).toBe(true);
    expect(Array.from(ops.sum(tensor([], [0, 3]), 0).data, (v) => Object.is(v, 0))).toEqual([true, true, true]);
    expect(Object.is(ops.sum(tensor([-0, -0], [2])).item(), -0)).toBe(true);
    // Each element its own mean (a reduced axis of size 1).
    expect(ops.var([[1, Infinity, 3]], 0).toArray()).toEqual([0, NaN, 0]);
    // A long constant: 0 (not a rounding below 0, whose std would be NaN).
    const c = new Float32Array(100_003).fill(0.1);
    expect(ops.var(c).item()).toBeGreaterThanOrEqual(0);
    expect(ops.var(c).item()).toBeLessThan(1e-12);
    expect(ops.std(tensor(c, [1, 100_003]), 1).item()).toBeGreaterThanOrEqual(0);
  });
});

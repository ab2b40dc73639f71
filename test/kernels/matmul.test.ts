// The matmul kernels against their twins (bit for bit), on random sizes
// that straddle the microkernel's tile edges and the cache blocks, batched
// with broadcast batch dims, with NaN, ±Infinity and -0 in the inputs.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { useRelaxedSimd } from "../../src/backend/loader.js";
import { broadcastShapes, broadcastStrides } from "../../src/shape.js";
import { expectTwins, input, out, runBoth } from "../helpers/twins.js";

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 3.4028234663852886e38, 1.401298464324817e-45];

/** A small deterministic PRNG (mulberry32), so big inputs are cheap to make. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** float32 values of mixed magnitude; `special` of them are NaN/±Inf/-0/extremes. */
function floats(n: number, seed: number, special: number): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = r() < special ? SPECIALS[Math.floor(r() * SPECIALS.length)]! : (r() - 0.5) * 2 ** Math.floor(r() * 16 - 8);
  }
  return a;
}

function ints(n: number, seed: number): Int32Array {
  const r = rng(seed);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] = u < 0.1 ? [0, -1, 2147483647, -2147483648][Math.floor(r() * 4)]! : u < 0.5 ? Math.floor(r() * 4294967296) | 0 : Math.floor(r() * 21) - 10;
  }
  return a;
}

/** Per-output-batch element offsets of A (aMat elements each) and B (bMat) matrices. */
function offsets(aBatch: number[], bBatch: number[], aMat: number, bMat: number): [number[], Int32Array, Int32Array] {
  const outBatch = broadcastShapes(aBatch, bBatch, "test");
  const sa = broadcastStrides(aBatch, outBatch);
  const sb = broadcastStrides(bBatch, outBatch);
  const count = outBatch.reduce((x, y) => x * y, 1);
  const ao = new Int32Array(count);
  const bo = new Int32Array(count);
  const idx = outBatch.map(() => 0);
  for (let t = 0; t < count; t++) {
    let a = 0;
    let b = 0;
    for (let d = 0; d < outBatch.length; d++) {
      a += idx[d]! * sa[d]!;
      b += idx[d]! * sb[d]!;
    }
    ao[t] = a * aMat;
    bo[t] = b * bMat;
    for (let d = outBatch.length - 1; d >= 0; d--) {
      if (++idx[d]! < outBatch[d]!) break;
      idx[d] = 0;
    }
  }
  return [outBatch, ao, bo];
}

const size = (s: number[]): number => s.reduce((x, y) => x * y, 1);

// `pad`: A's stored rows are `pad` elements longer than the matrix's (lda =
// k + pad, or m + pad transposed), as in a thread's task over some of the
// output rows (src/backend/kernels.ts: MATMUL); the padding holds values
// the product must not read.
function check(kernel: "matmul_f32" | "matmul_i32", aBatch: number[], bBatch: number[], m: number, k: number, n: number, seed: number, special = 0.05, trans = 0, pad = 0): void {
  const lda = (trans & 1 ? m : k) + pad;
  const aMat = (trans & 1 ? k : m) * lda;
  const [outBatch, ao, bo] = offsets(aBatch, bBatch, aMat, k * n);
  const batch = size(outBatch);
  const la = size(aBatch) * aMat;
  const lb = size(bBatch) * k * n;
  const f = kernel === "matmul_f32";
  expectTwins(kernel, [
    f ? input(floats(la, seed, special), "float32") : input(ints(la, seed), "int32"),
    f ? input(floats(lb, seed + 1, special), "float32") : input(ints(lb, seed + 1), "int32"),
    out(f ? "float32" : "int32", batch * m * n),
    batch, m, k, n, ao, bo, trans, lda,
  ]);
}

const dim = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17), fc.integer({ min: 0, max: 70 }));
const batchPair = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }), fc.integer({ min: 0, max: 2 }))
  .map(([out, masks, drop]) => {
    const a = out.map((d, i) => ((masks[i] ?? 0) & 1 ? 1 : d));
    const b = out.map((d, i) => ((masks[i] ?? 0) & 2 ? 1 : d));
    return drop === 1 ? [a.slice(Math.min(1, a.length)), b] : drop === 2 ? [a, b.slice(Math.min(1, b.length))] : [a, b];
  });

// The bit-exact contract is the plain SIMD build's. Under Deno the loader
// picks the relaxed-SIMD matmul_f32 (fused multiply-adds: bounded, not
// bit-exact, in test/platform/kernels.ts), so these tests pin the plain one.
beforeAll(() => useRelaxedSimd(false));
afterAll(() => useRelaxedSimd(true));

describe("matmul kernels match their reference twins", () => {
  for (const kernel of ["matmul_f32", "matmul_i32"] as const) {
    test(`${kernel}: random sizes 0..70, broadcast batches`, () => {
      fc.assert(
        fc.property(batchPair, dim, dim, dim, fc.integer(), fc.constantFrom(0, 0.05, 0.3), fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 0, 1, 5), ([ab, bb], m, k, n, seed, special, trans, pad) => {
          check(kernel, ab!, bb!, m, k, n, seed, special, trans, pad);
        }),
        { numRuns: 120 },
      );
    });
  }

  test("matmul_f32: large, past every cache block (k > 256, m > 128, n > 512)", () => {
    check("matmul_f32", [], [], 300, 257, 301, 1); // A packed
    check("matmul_f32", [], [], 37, 600, 530, 2, 0.001);
    check("matmul_f32", [], [], 203, 300, 61, 4); // n <= 64: A read in place
    check("matmul_f32", [], [], 3, 1000, 77, 5); // m < 4: row kernel
    check("matmul_f32", [2], [1], 130, 260, 40, 6); // batched, B shared
    // Transposed operands read in place (the gradients x^T dy, dy W^T).
    check("matmul_f32", [], [], 300, 257, 301, 7, 0.05, 1);
    check("matmul_f32", [], [], 203, 300, 61, 8, 0.05, 1); // n <= 64 with a transposed A: packed
    check("matmul_f32", [], [], 130, 600, 530, 9, 0.001, 2);
    check("matmul_f32", [], [], 3, 300, 77, 10, 0.05, 3); // m < 4, both transposed
    check("matmul_f32", [2], [1], 130, 260, 40, 11, 0.05, 3);
    // A row stride longer than the matrix's (a task's rows of a larger A).
    check("matmul_f32", [], [], 300, 257, 301, 12, 0.05, 1, 484); // the rows of x^T @ dy past row 300 of 784
    check("matmul_f32", [], [], 203, 300, 61, 13, 0.05, 0, 7); // n <= 64: A read in place
    check("matmul_f32", [], [], 3, 300, 77, 14, 0.05, 0, 9); // m < 4: row kernel
  });

  test("matmul_i32: large, wrapping", () => {
    check("matmul_i32", [], [], 130, 300, 521, 3);
  });

  test("products and sums round once each, in order (no FMA, no reassociation)", () => {
    const x = 1 + 2 ** -12; // x * x = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11
    const dot = (a: number[], b: number[]): [number, number] => {
      const [w, r] = runBoth("matmul_f32", [
        input(new Float32Array(a), "float32"), input(new Float32Array(b), "float32"),
        out("float32", 1), 1, 1, a.length, 1, new Int32Array([0]), new Int32Array([0]), 0, a.length,
      ]);
      return [w[0]![0]!, r[0]![0]!];
    };
    // -1 + f32(x*x) = 2^-11; an FMA would give 2^-11 + 2^-24.
    expect(dot([1, x], [-1, x])).toEqual([2 ** -11, 2 ** -11]);
    // (1e8 + 1) - 1e8 = 0 in float32 (1 is absorbed); reordering would give 1.
    expect(dot([1e8, 1, -1e8], [1, 1, 1])).toEqual([0, 0]);
    // The sum starts from +0: -0 * 1 gives +0, not -0.
    const [w0, r0] = dot([-0], [1]);
    expect(Object.is(w0, 0) && Object.is(r0, 0)).toBe(true);
  });

  test("hand-derived values", () => {
    const [w] = runBoth("matmul_f32", [
      input(new Float32Array([1, 2, 3, 4]), "float32"),
      input(new Float32Array([5, 6, 7, 8]), "float32"),
      out("float32", 4), 1, 2, 2, 2, new Int32Array([0]), new Int32Array([0]), 0, 2,
    ]);
    expect(Array.from(w[0]!)).toEqual([19, 22, 43, 50]);
    // The same operands read transposed: A^T = [[1, 3], [2, 4]], B^T = [[5, 7], [6, 8]].
    const [wt] = runBoth("matmul_f32", [
      input(new Float32Array([1, 2, 3, 4]), "float32"),
      input(new Float32Array([5, 6, 7, 8]), "float32"),
      out("float32", 4), 1, 2, 2, 2, 0, 0, 3, 2,
    ]);
    expect(Array.from(wt[0]!)).toEqual([23, 31, 34, 46]);
    const [wi] = runBoth("matmul_i32", [
      input(new Int32Array([2147483647, 1]), "int32"),
      input(new Int32Array([2, 3]), "int32"),
      out("int32", 1), 1, 1, 2, 1, new Int32Array([0]), new Int32Array([0]), 0, 2,
    ]);
    // 2147483647 * 2 wraps to -2, + 3 = 1.
    expect(wi[0]![0]).toBe(1);
    // k = 0: zeros, batch offsets unused.
    const [wz] = runBoth("matmul_f32", [
      input(new Float32Array(0), "float32"), input(new Float32Array(0), "float32"),
      out("float32", 6), 2, 1, 0, 3, new Int32Array([0, 0]), new Int32Array([0, 0]), 0, 0,
    ]);
    expect(Array.from(wz[0]!)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("dense_f32 (matmul + bias + activation in one call) matches its twin", () => {
  const dense = (m: number, k: number, n: number, bias: boolean, act: number, seed: number, special: number) =>
    expectTwins("dense_f32", [
      input(floats(m * k, seed, special), "float32"),
      input(floats(k * n, seed + 1, special), "float32"),
      bias ? input(floats(n, seed + 2, special), "float32") : 0,
      out("float32", m * n),
      m, k, n, act,
    ]);
  test("random sizes 0..70 (the row kernel for m < 4, lane tails), with and without bias, linear and relu", () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.boolean(), fc.constantFrom(0, 1), fc.integer(), fc.constantFrom(0, 0.05, 0.3), (m, k, n, bias, act, seed, special) => {
        dense(m, k, n, bias, act, seed, special);
      }),
      { numRuns: 100 },
    );
  });

  test("the MNIST layer's size (past the cache blocks)", () => {
    dense(128, 300, 256, true, 1, 12, 0.01);
  });

  // m < 4 with n a multiple of 16 takes a k-blocked row kernel: slabs of
  // ~4096 / n rows of w (at least 4), partial sums kept in the output
  // between slabs; other n, matmul's row kernel.
  test("rows below the tile height (1-3) over many k-slabs: one-sample predictions", () => {
    dense(1, 784, 256, true, 1, 3, 0); // the MNIST MLP's first layer for one sample: 49 slabs of 16 rows
    dense(1, 256, 10, true, 0, 4, 0.05); // its second layer (matmul's row kernel)
    dense(3, 45, 1024, false, 1, 5, 0.05); // slabs of 4 rows, 12 of them, the last one short
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 600 }), fc.oneof(fc.integer({ min: 0, max: 20 }).map((c) => 16 * c), fc.integer({ min: 0, max: 300 })),
        fc.boolean(), fc.constantFrom(0, 1), fc.integer(), fc.constantFrom(0, 0.05),
        (m, k, n, bias, act, seed, special) => { dense(m, k, n, bias, act, seed, special); }),
      { numRuns: 40 },
    );
  });

  test("hand-derived: [[1, 2]] @ [[1, -1], [1, -3]] + [0.5, 0.5] = [[3.5, -6.5]]; relu gives [[3.5, 0]]; relu keeps NaN and -0", () => {
    const run = (w: number[], b: number[], act: number) =>
      runBoth("dense_f32", [input(new Float32Array([1, 2]), "float32"), input(new Float32Array(w), "float32"), input(new Float32Array(b), "float32"), out("float32", 2), 1, 2, 2, act])[0]![0]!;
    expect(Array.from(run([1, -1, 1, -3], [0.5, 0.5], 0))).toEqual([3.5, -6.5]);
    expect(Array.from(run([1, -1, 1, -3], [0.5, 0.5], 1))).toEqual([3.5, 0]);
    // 1 * NaN -> NaN; 0 + -0 bias: the sum starts from +0, +0 + -0 = +0.
    const special = run([NaN, 0, 0, 0], [0, -0], 1);
    expect(Number.isNaN(special[0]!) && Object.is(special[1], 0)).toBe(true);
  });
});


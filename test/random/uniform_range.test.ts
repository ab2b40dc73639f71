// random.uniform and the RandomUniform initializer sample [minval, maxval):
// maxval is excluded in every float dtype. Rounding a float32 draw to a
// 16-bit float used to land on maxval (~2.4e-4 of float16 draws on [0, 1),
// ~2e-3 of bfloat16 ones), and rounding to float32 can too on narrow ranges.
import { describe, expect, test } from "vitest";
import { uniform } from "../../src/random/index.js";
import * as initializers from "../../src/initializers/index.js";
import * as ops from "../../src/ops/index.js";
import type { Tensor } from "../../src/tensor.js";

const N = 1 << 20;

function values(t: Tensor): ArrayLike<number> {
  return t.dtype === "float16" || t.dtype === "bfloat16" ? (ops.cast(t, "float32").data as Float32Array) : (t.data as ArrayLike<number>);
}

function extremes(t: Tensor): { min: number; max: number; atMax: number } {
  const d = values(t);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    min = Math.min(min, d[i]!);
    max = Math.max(max, d[i]!);
  }
  return { min, max, atMax: 0 };
}

describe("uniform excludes maxval", () => {
  // The largest values below maxval, derived from the formats: float16 has
  // 11 significant bits, so below 1 its spacing is 2^-11; bfloat16 has 8,
  // spacing 2^-8 below 1; below 0.7 (in [0.5, 1)) float16's largest is
  // floor(0.7 * 2^11) / 2^11 = 1433 / 2048. (null: not checked; on [-1, 0)
  // the draws nearest 0 are -2^-24 * k, far from rounding to -0.)
  test.each([
    { dtype: "float16", minval: 0, maxval: 1, top: 1 - 2 ** -11 },
    { dtype: "bfloat16", minval: 0, maxval: 1, top: 1 - 2 ** -8 },
    { dtype: "float16", minval: 0, maxval: 0.7, top: 1433 / 2048 },
    { dtype: "bfloat16", minval: -1, maxval: 0, top: null },
    { dtype: "float16", minval: -0.3, maxval: 0.3, top: null },
  ] as const)("$dtype on [$minval, $maxval): 3 x 2^20 draws, none at maxval or below minval", ({ dtype, minval, maxval, top }) => {
    let largest = -Infinity;
    for (const seed of [1, 2, 3]) {
      const e = extremes(uniform([N], { minval, maxval, dtype, seed }));
      expect(e.max).toBeLessThan(maxval);
      expect(e.min).toBeGreaterThanOrEqual(minval);
      largest = Math.max(largest, e.max);
    }
    // With 3 * 2^20 draws, the top value (a band of at least 2^-12 of the range) is certainly drawn.
    if (top !== null) expect(largest).toBe(top);
  });

  test("a minval the dtype cannot hold no longer rounds below itself", () => {
    // -0.3 is between float16 values -0.30004883 and -0.29980469 (spacing
    // 2^-12 in [0.25, 0.5)); u = 0 (and u < 2^-13 / 0.6) used to round to
    // -0.30004883. On [-0.3, -0.3 + 2^-10) that is ~1/16 of the draws.
    const e = extremes(uniform([1 << 16], { minval: -0.3, maxval: -0.3 + 2 ** -10, dtype: "float16", seed: 4 }));
    expect(e.min).toBe(-1228 / 4096); // ceil(-0.3 * 4096) / 4096 = -0.2998046875
    expect(e.max).toBeLessThan(-0.3 + 2 ** -10);
  });

  test("only the draws that rounded up to maxval change: the rest equal the float32 draws rounded once", () => {
    const f32 = uniform([N], { seed: 11 });
    for (const dtype of ["float16", "bfloat16"] as const) {
      const half = values(uniform([N], { seed: 11, dtype }));
      const rounded = values(ops.cast(f32, dtype));
      const top = dtype === "float16" ? 1 - 2 ** -11 : 1 - 2 ** -8;
      let moved = 0;
      for (let i = 0; i < N; i++) {
        if (rounded[i] === 1) {
          moved++;
          expect(half[i]).toBe(top);
        } else if (half[i] !== rounded[i]) expect.fail(`draw ${i}: ${half[i]} != ${rounded[i]}`);
      }
      // float16: u >= 1 - 2^-12 rounds up, 2^-12 of draws; bfloat16: 2^-9. Binomial, so within a few sd.
      const p = dtype === "float16" ? 2 ** -12 : 2 ** -9;
      expect(Math.abs(moved - N * p)).toBeLessThan(6 * Math.sqrt(N * p));
    }
  });

  test("float32 and float64 on a range narrower than float32's spacing near maxval", () => {
    // On [1, 1 + 2^-20) float32's spacing is 2^-23, so every draw with
    // (1 - u) * 2^-20 < 2^-24 (u > 15/16) used to round to maxval.
    const maxval = 1 + 2 ** -20;
    for (const dtype of ["float32", "float64"] as const) {
      const e = extremes(uniform([1 << 16], { minval: 1, maxval, dtype, seed: 5 }));
      expect(e.max).toBe(maxval - 2 ** -23);
      expect(e.min).toBeGreaterThanOrEqual(1);
    }
  });

  test("the RandomUniform initializer too", () => {
    const init = new initializers.RandomUniform({ minval: -0.05, maxval: 0.05, seed: 9 });
    for (const dtype of ["bfloat16", "float16"] as const) {
      const e = extremes(init.apply([1024, 1024], dtype));
      expect(e.max).toBeLessThan(0.05);
      expect(e.min).toBeGreaterThanOrEqual(-0.05);
    }
  });
});

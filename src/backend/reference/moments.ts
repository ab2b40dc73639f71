// Reference twins of assembly/reduce/moments.ts (the scheme and the exact
// order of operations are described there): per block of B along the axis
// and column, the sum S, then S1 = Σ (x - m) and S2 = Σ (x - m)² about
// m = S / n (rows in reduce.ts's lane order, columns in row order), giving
// the block's corrected mean and M2; var_* folds the blocks in order by
// Chan's update and divides by R. The float64 twins (reference-only) run
// the same steps in double.
import { FLOAT32, FLOAT64, type Real } from "./real.js";
import { SPECS, row, type Spec } from "./reduce.js";
import type { RefKernel, Twin } from "./types.js";

/** (n, mean, M2) plus a part of k elements of mean m and squared deviations q: the new [mean, M2]. */
function chan({ round: f }: Real, n: number, k: number, mean: number, m2: number, m: number, q: number): [number, number] {
  const w = f(k / f(f(n) + k));
  const d = f(m - mean);
  return [f(mean + f(d * w)), f(f(m2 + q) + f(f(d * d) * f(f(n) * w)))];
}

function moments(real: Real, add: Spec): Twin<"moments_f32"> {
  const f = real.round;
  return (x, out, outer, R, inner, B) => {
    const nb = Math.max(1, Math.ceil(R / B));
    for (let o = 0; o < outer; o++) {
      for (let b = 0; b < nb; b++) {
        const n = Math.max(0, Math.min(B, R - b * B));
        const d = (o * nb + b) * 2 * inner;
        for (let j = 0; j < inner; j++) {
          const at = (o * R + b * B) * inner + j;
          // Σ of x - m (dev 1) or (x - m)² (dev 2) over the block's column j.
          const sum = (dev: number, m: number): number => {
            const t = (v: number) => (dev === 1 ? f(v - m) : f(f(v - m) * f(v - m)));
            if (inner === 1) return row(add, x, at, n, t);
            let a = -0;
            for (let r = 0; r < n; r++) a = f(a + t(x[at + r * inner]!));
            return a;
          };
          const m = f(sum(1, 0) / n);
          const s1 = sum(1, m);
          const s2 = sum(2, m);
          out[d + j] = f(m + f(s1 / n));
          out[d + inner + j] = Math.max(f(s2 - f(s1 * f(s1 / n))), 0);
        }
      }
    }
  };
}

function variance(real: Real): Twin<"var_f32"> {
  const f = real.round;
  return (mm, out, outer, R, inner, B) => {
    const nb = Math.max(1, Math.ceil(R / B));
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const p = o * nb * 2 * inner + j;
        let mean = mm[p]!;
        let m2 = mm[p + inner]!;
        for (let b = 1; b < nb; b++) {
          const q = p + b * 2 * inner;
          [mean, m2] = chan(real, b * B, f(Math.min(B, R - b * B)), mean, m2, mm[q]!, mm[q + inner]!);
        }
        out[o * inner + j] = f(m2 / f(R));
      }
    }
  };
}

export const momentsKernels: Record<string, RefKernel> = {
  moments_f32: moments(FLOAT32, SPECS.reduce_sum_f32!),
  var_f32: variance(FLOAT32),
  moments_f64: moments(FLOAT64, SPECS.reduce_sum_f64!),
  var_f64: variance(FLOAT64),
};

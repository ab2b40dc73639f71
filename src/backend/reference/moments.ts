// Reference twins of assembly/reduce/moments.ts (the scheme and the exact
// order of operations are described there): per block of B along the axis
// and column, the sum S, then S1 = Σ (x - m) and S2 = Σ (x - m)² about
// m = S / n (rows in reduce.ts's lane order, columns in row order), giving
// the block's corrected mean and M2; var_* folds the blocks in order by
// Chan's update and divides by R. The float64 twins (reference-only) run
// the same steps in double.
import { FLOAT32, FLOAT64, type Real } from "./real.js";
import { SPECS, eachBlock, reduceBlock, type Spec } from "./reduce.js";
import type { RefKernel, Twin } from "./types.js";

const moments = ({ round: f }: Real, add: Spec): Twin<"moments_f32"> => (x, out, outer, R, inner, B) =>
  eachBlock(outer, R, inner, B, (at, n, k, j) => {
    // Σ (x - m) over the block, or Σ (x - m)² (sq).
    const sum = (m: number, sq?: boolean) => reduceBlock(add, x, at, n, inner, (v) => (sq ? f(f(v - m) * f(v - m)) : f(v - m)));
    const m = f(sum(0) / n);
    const s1 = sum(m);
    out[2 * k * inner + j] = f(m + f(s1 / n));
    out[(2 * k + 1) * inner + j] = Math.max(f(sum(m, true) - f(s1 * f(s1 / n))), 0);
  });

/** Chan's update, block by block: (n, mean, M2) plus (k, m, q) with w = k / (n + k), d = m - mean. */
const variance = ({ round: f }: Real): Twin<"var_f32"> => (mm, out, outer, R, inner, B) => {
  const nb = Math.max(1, Math.ceil(R / B));
  for (let i = 0; i < outer * inner; i++) {
    let p = (i - (i % inner)) * nb * 2 + (i % inner);
    let [mean, m2] = [mm[p]!, mm[p + inner]!];
    for (let n = B; n < R; n += B) {
      p += 2 * inner;
      const w = f(f(Math.min(B, R - n)) / f(f(n) + f(Math.min(B, R - n))));
      const d = f(mm[p]! - mean);
      m2 = f(f(m2 + mm[p + inner]!) + f(f(d * d) * f(f(n) * w)));
      mean = f(mean + f(d * w));
    }
    out[i] = f(m2 / f(R));
  }
};

export const momentsKernels: Record<string, RefKernel> = {
  moments_f32: moments(FLOAT32, SPECS.reduce_sum_f32!),
  var_f32: variance(FLOAT32),
  moments_f64: moments(FLOAT64, SPECS.reduce_sum_f64!),
  var_f64: variance(FLOAT64),
};

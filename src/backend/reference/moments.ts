// Reference twins of assembly/reduce/moments.ts (the scheme and the exact
// order of operations are described there): per block of B along the axis
// and column, the sum S, then S1 = Σ (x - m) and S2 = Σ (x - m)² about
// m = S / n (rows in reduce.ts's lane order, columns in row order), giving
// the block's mean m + S1 / n and M2; var_* folds the blocks in order by
// Chan's update (means relative to the first block's m) and divides by R.
// The float64 twins (reference-only) run the same steps in double.
import { FLOAT32, FLOAT64, type Real } from "./real.js";
import { SPECS, eachBlock, reduceBlock, type Spec } from "./reduce.js";
import type { RefKernel, Twin } from "./types.js";

const moments = ({ round: f }: Real, add: Spec): Twin<"moments_f32"> => (x, out, outer, R, inner, B) =>
  eachBlock(outer, R, inner, B, (at, n, k, j) => {
    // Σ (x - m) over the block, or Σ (x - m)² (sq).
    const sum = (m: number, sq?: boolean) => reduceBlock(add, x, at, n, inner, (v) => (sq ? f(f(v - m) * f(v - m)) : f(v - m)));
    const m = f(sum(0) / n);
    const s1 = sum(m);
    const c = f(s1 / n);
    out[3 * k * inner + j] = m;
    out[(3 * k + 1) * inner + j] = c;
    out[(3 * k + 2) * inner + j] = Math.max(f(sum(m, true) - f(s1 * c)), 0);
  });

/** Chan's update, block by block: (n, mean, M2) plus (k, mean', q) with w = k / (n + k), d = mean' - mean; means relative to K. */
const variance = ({ round: f }: Real): Twin<"var_f32"> => (mm, out, outer, R, inner, B) => {
  const nb = Math.max(1, Math.ceil(R / B));
  for (let i = 0; i < outer * inner; i++) {
    let p = (i - (i % inner)) * nb * 3 + (i % inner);
    const K = mm[p]!;
    let [mean, m2] = [mm[p + inner]!, mm[p + 2 * inner]!];
    for (let n = B; n < R; n += B) {
      p += 3 * inner;
      const k = f(Math.min(B, R - n));
      const w = f(k / f(f(n) + k));
      const d = f(f(f(mm[p]! - K) + mm[p + inner]!) - mean);
      m2 = f(f(m2 + mm[p + 2 * inner]!) + f(f(d * d) * f(f(n) * w)));
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

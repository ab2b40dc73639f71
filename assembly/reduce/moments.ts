// Variance in one pass over x (ops.var / ops.std): two kernels on the
// [outer, R, inner] layout of reduce.ts, with its blocks of B along R.
//  - moments_f32(x, out, outer, R, inner, B): for each block of B rows
//    (the last one shorter; one block when B >= R) and column, its mean as
//    m + c (m: a first estimate, c: the correction) and M2 (the sum of
//    squared deviations from the mean), written as
//    out[((o * nb + k) * 3 + 0 | 1 | 2) * inner + j]. Threads split it as
//    the reductions (kernels.ts: PARALLEL). R == 0 (one empty block): NaN.
//  - var_f32(moments, out, outer, R, inner, B): the nb blocks of each
//    column combined in order; out = M2 / R.
//
// Why this scheme: Σx² - (Σx)²/n in f32 cancels catastrophically on data
// far from 0 (1e4 + N(0,1): the variance is 1e-8 of Σx²/n), and Welford's
// update costs a division per element. A block (16K elements of a row, 1K
// rows of a column: it stays in cache) is read twice instead: its
// sum S, then, with m = S / n, S1 = Σ (x - m) and S2 = Σ (x - m)² (one
// loop: twice from cache in all), and
//   c = S1 / n,   M2 = max(S2 - S1 * c, 0)
// (the corrected two-pass algorithm: exact for any m in exact arithmetic,
// and m is so close to the mean that nothing cancels; max: a constant
// block must not round below 0). Blocks are combined in order by Chan,
// Golub & LeVeque's update, on means relative to the first block's m, K:
// (m - K) + c keeps what a mean rounded to f32 would lose (far from 0 its
// rounding, |mean| 6e-8, can be most of the between-block differences):
//   (n, mean, M2) + (k, mean', q): f = k / (n + k), d = mean' - mean,
//   M2 = (M2 + q) + (d * d) * (n * f), mean = mean + d * f
// (the first block sets mean = c, M2 = q).
// Sums run in reduce.ts's order: a row (inner == 1) as its row(), a
// column in row order from -0. Every step is one f32 operation, in this
// order; the twin (src/backend/reference/moments.ts) mirrors it bit for bit.
import { ADD } from "../elementwise/opcodes";
import { hcomb, row } from "./lanes";

// Four columns (v128), or one in lane 0 (`one`: a row, or a column tail).
@inline function get(one: bool, p: usize): v128 {
  return one ? v128.load32_zero(p) : v128.load(p);
}

// Σ x over n rows (stride s), per lane (a row: in lane 0).
function total(one: bool, p: usize, n: i32, s: usize): v128 {
  if (one && s == 4) return f32x4.splat(row<f32>(ADD, p, n));
  let a = f32x4.splat(-0.0);
  for (let r = 0; r < n; r++) a = f32x4.add(a, get(one, p + <usize>r * s));
  return a;
}

// dev()'s second result (a global: each thread has its own instance).
let sq = f32x4.splat(0);

// Σ (x - m) over n rows (stride s), per lane, and Σ (x - m)² into sq: each
// in the order of total() (a row: row()'s lanes, tree and tail; in lane 0).
function dev(one: bool, p: usize, n: i32, s: usize, m: v128): v128 {
  let a = f32x4.splat(-0.0), b = a;
  let r = 0;
  if (one && s == 4) {
    let a1 = a, a2 = a, a3 = a, b1 = a, b2 = a, b3 = a;
    for (; r < (n & ~15); r += 16) {
      const q = p + (<usize>r << 2);
      let d = f32x4.sub(v128.load(q), m);
      a = f32x4.add(a, d);
      b = f32x4.add(b, f32x4.mul(d, d));
      d = f32x4.sub(v128.load(q, 16), m);
      a1 = f32x4.add(a1, d);
      b1 = f32x4.add(b1, f32x4.mul(d, d));
      d = f32x4.sub(v128.load(q, 32), m);
      a2 = f32x4.add(a2, d);
      b2 = f32x4.add(b2, f32x4.mul(d, d));
      d = f32x4.sub(v128.load(q, 48), m);
      a3 = f32x4.add(a3, d);
      b3 = f32x4.add(b3, f32x4.mul(d, d));
    }
    a = hcomb<f32>(ADD, f32x4.add(f32x4.add(a, a1), f32x4.add(a2, a3)));
    b = hcomb<f32>(ADD, f32x4.add(f32x4.add(b, b1), f32x4.add(b2, b3)));
  }
  for (; r < n; r++) {
    const d = f32x4.sub(get(one, p + <usize>r * s), m);
    a = f32x4.add(a, d);
    b = f32x4.add(b, f32x4.mul(d, d));
  }
  sq = b;
  return a;
}

// One block of n rows of 4 columns (or 1) from p: m, c, M2 to d, d + s, d + 2s.
function block(one: bool, p: usize, d: usize, n: i32, s: usize): void {
  const k = f32x4.splat(<f32>n);
  const m = f32x4.div(total(one, p, n, s), k);
  const s1 = dev(one, p, n, s, m);
  const c = f32x4.div(s1, k);
  const m2 = f32x4.max(f32x4.sub(sq, f32x4.mul(s1, c)), f32x4.splat(0));
  if (one) {
    store<f32>(d, f32x4.extract_lane(m, 0));
    store<f32>(d + s, f32x4.extract_lane(c, 0));
    store<f32>(d + s * 2, f32x4.extract_lane(m2, 0));
  } else {
    v128.store(d, m);
    v128.store(d + s, c);
    v128.store(d + s * 2, m2);
  }
}

export function moments_f32(x: usize, out: usize, outer: i32, R: i32, inner: i32, B: i32): void {
  const s = <usize>inner << 2;
  const nb = R <= B ? 1 : (R - 1) / B + 1;
  let d = out;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < nb; k++) {
      const r = k * B;
      const p = x + (<usize>o * <usize>R + <usize>r) * s;
      for (let j: usize = 0; j < s; j += 4) {
        const one = j + 16 > s;
        block(one, p + j, d + j, min<i32>(B, R - r), s);
        if (!one) j += 12;
      }
      d += s * 3;
    }
  }
}

export function var_f32(m: usize, out: usize, outer: i32, R: i32, inner: i32, B: i32): void {
  const nb = R <= B ? 1 : (R - 1) / B + 1;
  const s = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let j: usize = 0; j < s; j += 4) {
      let p = m + <usize>o * <usize>nb * s * 3 + j;
      const K = load<f32>(p);
      let mean = load<f32>(p + s), m2 = load<f32>(p + s * 2);
      for (let b = 1; b < nb; b++) {
        p += s * 3;
        const n = <f32>(b * B);
        const k = <f32>min<i32>(B, R - b * B);
        const f = k / (n + k);
        const d = ((load<f32>(p) - K) + load<f32>(p + s)) - mean;
        m2 = (m2 + load<f32>(p + s * 2)) + (d * d) * (n * f);
        mean = mean + d * f;
      }
      store<f32>(out + <usize>o * s + j, m2 / <f32>R);
    }
  }
}

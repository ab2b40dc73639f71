// One contiguous row of softmax / log_softmax (softmax.ts: inner == 1, its
// sum order), shared with sparse_softmax_ce_f32 (crossentropy.ts). One
// function with `log` a parameter rather than two inlined copies: the
// store it guards is a predictable branch, and the module is smaller.
// This file is not exported by the module (assembly/index.ts).
import { expV, logV, loadK, storeK } from "./mathf";

/** The last row's max (set by rowContiguous). */
export let rowMax: f32 = 0;

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function ex(x: usize, i: usize, ms: v128): v128 {
  return expV(f32x4.sub(v128.load(x + (i << 2)), ms));
}

// log: writes (x - max) - l to o (nothing when o is 0) and returns l, the
// log of the sum of exp(x - max); else writes softmax to o and returns 0.
export function rowContiguous(log: bool, x: usize, o: usize, R: usize): f32 {
  const main16 = R & ~(<usize>15);
  const main = R & ~(<usize>3);
  let mv = f32x4.splat(-Infinity);
  let m1 = mv;
  let m2 = mv;
  let m3 = mv;
  let i: usize = 0;
  for (; i < main16; i += 16) {
    const p = x + (i << 2);
    mv = f32x4.max(mv, v128.load(p));
    m1 = f32x4.max(m1, v128.load(p + 16));
    m2 = f32x4.max(m2, v128.load(p + 32));
    m3 = f32x4.max(m3, v128.load(p + 48));
  }
  mv = f32x4.max(f32x4.max(mv, m1), f32x4.max(m2, m3));
  for (; i < main; i += 4) mv = f32x4.max(mv, v128.load(x + (i << 2)));
  // max is exact and order-free (NaN wins, +0 > -0), so lanes then tail.
  let m = max<f32>(max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; i < R; i++) m = max<f32>(m, load<f32>(x + (i << 2)));
  const ms = f32x4.splat(m);
  // Four vector sums over blocks of 16, then whole vectors into a0.
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  for (i = 0; i < main16; i += 16) {
    const e0 = ex(x, i, ms);
    const e1 = ex(x, i + 4, ms);
    const e2 = ex(x, i + 8, ms);
    const e3 = ex(x, i + 12, ms);
    if (!log) {
      const p = o + (i << 2);
      v128.store(p, e0);
      v128.store(p + 16, e1);
      v128.store(p + 32, e2);
      v128.store(p + 48, e3);
    }
    a0 = f32x4.add(a0, e0);
    a1 = f32x4.add(a1, e1);
    a2 = f32x4.add(a2, e2);
    a3 = f32x4.add(a3, e3);
  }
  for (; i < main; i += 4) {
    const e = ex(x, i, ms);
    if (!log) v128.store(o + (i << 2), e);
    a0 = f32x4.add(a0, e);
  }
  let s = hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  if (i < R) {
    const k = R - i;
    const e = expV(f32x4.sub(loadK(x + (i << 2), k), ms));
    if (!log) storeK(o + (i << 2), e, k);
    s += f32x4.extract_lane(e, 0);
    if (k > 1) s += f32x4.extract_lane(e, 1);
    if (k > 2) s += f32x4.extract_lane(e, 2);
  }
  rowMax = m;
  if (log) {
    const l = f32x4.extract_lane(logV(f32x4.splat(s)), 0);
    const ls = f32x4.splat(l);
    if (o == 0) return l;
    for (i = 0; i < main; i += 4) {
      v128.store(o + (i << 2), f32x4.sub(f32x4.sub(v128.load(x + (i << 2)), ms), ls));
    }
    for (; i < R; i++) store<f32>(o + (i << 2), (load<f32>(x + (i << 2)) - m) - l);
    return l;
  }
  const sv = f32x4.splat(s);
  for (i = 0; i < main; i += 4) v128.store(o + (i << 2), f32x4.div(v128.load(o + (i << 2)), sv));
  for (; i < R; i++) store<f32>(o + (i << 2), load<f32>(o + (i << 2)) / s);
  return 0;
}


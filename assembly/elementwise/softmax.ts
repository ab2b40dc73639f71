// softmax / log_softmax along the middle dim of an [outer, R, inner]
// layout, numerically stable: y = exp(x - max) / sum, or
// (x - max) - log(sum). A row holding +Inf or NaN gives NaN, as does a row
// of all -Inf (-Inf - -Inf is NaN), as in NumPy.
//
// inner == 1: rows are contiguous; the vector runs along R with four lane
//   sums, added as (s0 + s1) + (s2 + s3) and then the last R % 4 values in
//   order (the twin sums in exactly this order).
// inner > 1: the vector runs across 4 neighbouring columns, each lane
//   summing its own column in order; the last inner % 4 columns use a
//   zero-padded vector.
import { expV, logV, loadK, storeK } from "./mathf";

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function rowContiguous(log: bool, x: usize, o: usize, R: usize): void {
  const main = R & ~(<usize>3);
  let mv = f32x4.splat(-Infinity);
  let i: usize = 0;
  for (; i < main; i += 4) mv = f32x4.max(mv, v128.load(x + (i << 2)));
  // max is exact and order-free (NaN wins, +0 > -0), so lanes then tail.
  let m = max<f32>(max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; i < R; i++) m = max<f32>(m, load<f32>(x + (i << 2)));
  const ms = f32x4.splat(m);
  let acc = f32x4.splat(0);
  for (i = 0; i < main; i += 4) {
    const e = expV(f32x4.sub(v128.load(x + (i << 2)), ms));
    if (!log) v128.store(o + (i << 2), e);
    acc = f32x4.add(acc, e);
  }
  let s = hsum(acc);
  if (i < R) {
    const k = R - i;
    const e = expV(f32x4.sub(loadK(x + (i << 2), k), ms));
    if (!log) storeK(o + (i << 2), e, k);
    s += f32x4.extract_lane(e, 0);
    if (k > 1) s += f32x4.extract_lane(e, 1);
    if (k > 2) s += f32x4.extract_lane(e, 2);
  }
  if (log) {
    const ls = f32x4.splat(f32x4.extract_lane(logV(f32x4.splat(s)), 0));
    for (i = 0; i < main; i += 4) {
      v128.store(o + (i << 2), f32x4.sub(f32x4.sub(v128.load(x + (i << 2)), ms), ls));
    }
    const l = f32x4.extract_lane(ls, 0);
    for (; i < R; i++) store<f32>(o + (i << 2), (load<f32>(x + (i << 2)) - m) - l);
  } else {
    const sv = f32x4.splat(s);
    for (i = 0; i < main; i += 4) v128.store(o + (i << 2), f32x4.div(v128.load(o + (i << 2)), sv));
    for (; i < R; i++) store<f32>(o + (i << 2), load<f32>(o + (i << 2)) / s);
  }
}

// k (1..4) neighbouring columns starting at x / o, R rows `stride` bytes apart.
@inline function columns(log: bool, x: usize, o: usize, R: usize, stride: usize, k: usize): void {
  let mv = f32x4.splat(-Infinity);
  for (let r: usize = 0; r < R; r++) mv = f32x4.max(mv, loadK(x + r * stride, k));
  let acc = f32x4.splat(0);
  for (let r: usize = 0; r < R; r++) {
    const e = expV(f32x4.sub(loadK(x + r * stride, k), mv));
    if (!log) storeK(o + r * stride, e, k);
    acc = f32x4.add(acc, e);
  }
  if (log) {
    const ls = logV(acc);
    for (let r: usize = 0; r < R; r++) storeK(o + r * stride, f32x4.sub(f32x4.sub(loadK(x + r * stride, k), mv), ls), k);
  } else {
    for (let r: usize = 0; r < R; r++) storeK(o + r * stride, f32x4.div(loadK(o + r * stride, k), acc), k);
  }
}

@inline function drive(log: bool, x: usize, o: usize, outer: usize, R: usize, inner: usize): void {
  if (R == 0 || inner == 0) return;
  const block = R * inner << 2;
  for (let b: usize = 0; b < outer; b++) {
    const xb = x + b * block;
    const ob = o + b * block;
    if (inner == 1) {
      rowContiguous(log, xb, ob, R);
      continue;
    }
    for (let j: usize = 0; j < inner; j += 4) {
      columns(log, xb + (j << 2), ob + (j << 2), R, inner << 2, min<usize>(inner - j, 4));
    }
  }
}

export function softmax_f32(x: usize, o: usize, outer: usize, R: usize, inner: usize): void { drive(false, x, o, outer, R, inner); }
export function log_softmax_f32(x: usize, o: usize, outer: usize, R: usize, inner: usize): void { drive(true, x, o, outer, R, inner); }

// softmax / log_softmax along the middle dim of an [outer, R, inner]
// layout, numerically stable: y = exp(x - max) / sum, or
// (x - max) - log(sum). A row holding +Inf or NaN gives NaN, as does a row
// of all -Inf (-Inf - -Inf is NaN), as in NumPy.
//
// inner == 1: rows are contiguous; the vectors run along R. Element r of
//   the first R - R % 16 goes to partial sum r % 16, the next whole vectors
//   to partial sum r % 4; the 16 are combined as vectors
//   (A0 + A1) + (A2 + A3), then lanes as (l0 + l1) + (l2 + l3), then the
//   last R % 4 values are added in order (the twin sums in exactly this
//   order).
// inner > 1: the vector runs across 4 neighbouring columns, each lane
//   summing its own column in order; the last inner % 4 columns use a
//   zero-padded vector.
import { expV, logV, loadK, storeK } from "./mathf";
import { rowContiguous } from "./softmax_row";

// 16 neighbouring columns (inner >= 16): four independent vectors per row.
@inline function columns16(log: bool, x: usize, o: usize, R: usize, stride: usize): void {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  for (let r: usize = 0; r < R; r++) {
    const p = x + r * stride;
    m0 = f32x4.max(m0, v128.load(p));
    m1 = f32x4.max(m1, v128.load(p + 16));
    m2 = f32x4.max(m2, v128.load(p + 32));
    m3 = f32x4.max(m3, v128.load(p + 48));
  }
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  for (let r: usize = 0; r < R; r++) {
    const p = x + r * stride;
    const e0 = expV(f32x4.sub(v128.load(p), m0));
    const e1 = expV(f32x4.sub(v128.load(p + 16), m1));
    const e2 = expV(f32x4.sub(v128.load(p + 32), m2));
    const e3 = expV(f32x4.sub(v128.load(p + 48), m3));
    if (!log) {
      const q = o + r * stride;
      v128.store(q, e0);
      v128.store(q + 16, e1);
      v128.store(q + 32, e2);
      v128.store(q + 48, e3);
    }
    a0 = f32x4.add(a0, e0);
    a1 = f32x4.add(a1, e1);
    a2 = f32x4.add(a2, e2);
    a3 = f32x4.add(a3, e3);
  }
  if (log) {
    const l0 = logV(a0);
    const l1 = logV(a1);
    const l2 = logV(a2);
    const l3 = logV(a3);
    for (let r: usize = 0; r < R; r++) {
      const p = x + r * stride;
      const q = o + r * stride;
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p), m0), l0));
      v128.store(q + 16, f32x4.sub(f32x4.sub(v128.load(p + 16), m1), l1));
      v128.store(q + 32, f32x4.sub(f32x4.sub(v128.load(p + 32), m2), l2));
      v128.store(q + 48, f32x4.sub(f32x4.sub(v128.load(p + 48), m3), l3));
    }
  } else {
    for (let r: usize = 0; r < R; r++) {
      const q = o + r * stride;
      v128.store(q, f32x4.div(v128.load(q), a0));
      v128.store(q + 16, f32x4.div(v128.load(q + 16), a1));
      v128.store(q + 32, f32x4.div(v128.load(q + 32), a2));
      v128.store(q + 48, f32x4.div(v128.load(q + 48), a3));
    }
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
    let j: usize = 0;
    for (; j + 16 <= inner; j += 16) columns16(log, xb + (j << 2), ob + (j << 2), R, inner << 2);
    for (; j < inner; j += 4) {
      columns(log, xb + (j << 2), ob + (j << 2), R, inner << 2, min<usize>(inner - j, 4));
    }
  }
}

export function softmax_f32(x: usize, o: usize, outer: usize, R: usize, inner: usize): void { drive(false, x, o, outer, R, inner); }
export function log_softmax_f32(x: usize, o: usize, outer: usize, R: usize, inner: usize): void { drive(true, x, o, outer, R, inner); }

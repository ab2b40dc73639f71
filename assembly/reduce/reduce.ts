// Reduction kernels over an [outer, R, inner] layout, in blocks of B along
// R: every export reduces each block of B consecutive r (the last one
// shorter) of the middle dimension, writing out[(o * nb + k) * inner + j]
// from x[(o * R + r) * inner + j], kB <= r < min(kB + B, R), for the
// nb = max(1, ceil(R / B)) blocks k. With B >= R that is one block: the
// whole axis. The TypeScript op (src/ops/reduction.ts) reduces a long axis
// block by block, then the block results again, with B fixed by the shape
// alone, so threads can split the blocks and give the same bits (kernels.ts:
// PARALLEL). It merges adjacent reduced axes into one R and runs several
// passes for non-adjacent ones.
//
// Exact accumulation order within one block of n elements (the twin in
// src/backend/reference/reduce.ts follows it; it only matters for f32
// sum/prod, every other op here is order independent). `⊕` is the op, `id`
// its identity (sum: -0, so that -0 + -0 stays -0; prod: 1; max:
// -Inf/MIN/0; min: +Inf/MAX/255). R == 0 is one empty block: `id`.
//  - inner == 1 (contiguous rows; lanes.ts: row()): L = 16 / sizeof<T>
//    lanes, W = 4L. The first M = n - n % W elements go W at a time into
//    4L lane accumulators acc[k] (from id; element i to lane i % W). Then,
//    for f32/i32, v[j] = (acc[j] ⊕ acc[4+j]) ⊕ (acc[8+j] ⊕ acc[12+j]) for
//    j < 4 and s = (v[0] ⊕ v[1]) ⊕ (v[2] ⊕ v[3]); then s = s ⊕ x[i] for
//    i = M..n-1.
//  - inner > 1: each column j alone, acc = id, acc = acc ⊕ x[r] in order of
//    r. The SIMD runs 4 vectors of columns at a time, then 1, then the
//    last columns one at a time in lane 0.
// The op keeps blocks short enough (16K elements of a row, 1K of a column)
// to bound the rounding error of long f32 sums and products.
//
// argmax/argmin (no B: always the whole axis) write int32: the index of the
// first extreme element, where a NaN counts as the extreme (NumPy) and
// -0 < +0 (Keras orders -0 below +0 for argmax/argmin). Rows reduce to the
// extreme value, then scan for its first occurrence; columns track (key,
// index) lanes with a strict compare, on an order-preserving i32 key of
// each element.
import { ADD, MUL, MAX, MIN } from "../elementwise/opcodes";
import { ident, lane, row, splat, vop } from "./lanes";

// All inner columns of one block (inner > 1): `p` is the first element of
// its [n, inner] slab, `o` its output row. Each column reduces in row order
// from id (the op keeps blocks of columns short: n <= 1024).
@inline function cols<T>(op: i32, p: usize, o: usize, n: i32, inner: i32): void {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const stride = <usize>inner * sz;
  const id = ident<T>(op);
  const idv = splat<T>(id);
  let j = 0;
  for (; j + 4 * L <= inner; j += 4 * L) {
    const c = p + <usize>j * sz;
    let a0 = idv, a1 = idv, a2 = idv, a3 = idv;
    for (let r = 0; r < n; r++) {
      const q = c + <usize>r * stride;
      a0 = vop<T>(op, a0, v128.load(q));
      a1 = vop<T>(op, a1, v128.load(q, 16));
      a2 = vop<T>(op, a2, v128.load(q, 32));
      a3 = vop<T>(op, a3, v128.load(q, 48));
    }
    const d = o + <usize>j * sz;
    v128.store(d, a0);
    v128.store(d, a1, 16);
    v128.store(d, a2, 32);
    v128.store(d, a3, 48);
  }
  // Then one vector at a time, the last columns (one) in lane 0 alone.
  for (; j < inner; ) {
    const one = j + L > inner;
    const c = p + <usize>j * sz;
    let a = idv;
    for (let r = 0; r < n; r++) a = vop<T>(op, a, lane<T>(one, c + <usize>r * stride));
    const d = o + <usize>j * sz;
    if (!one) v128.store(d, a);
    else if (sizeof<T>() == 4) v128.store32_lane(d, a, 0);
    else v128.store8_lane(d, a, 0);
    j += one ? 1 : L;
  }
}

@inline function reduce<T>(op: i32, x: usize, out: usize, outer: i32, R: i32, inner: i32, B: i32): void {
  const sz = <usize>sizeof<T>();
  const nb = R <= B ? 1 : (R - 1) / B + 1;
  const stride = <usize>inner * sz;
  let d = out;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < nb; k++) {
      const r = k * B;
      const p = x + (<usize>o * <usize>R + <usize>r) * stride;
      const n = min<i32>(B, R - r);
      if (inner == 1) store<T>(d, row<T>(op, p, n));
      else cols<T>(op, p, d, n, inner);
      d += stride;
    }
  }
}

// ---- argmax / argmin ----------------------------------------------------

// First index in [0, n) of a row holding `m` (bitwise; first NaN if m is NaN).
@inline function findFirst<T>(p: usize, n: i32, m: T): i32 {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const nan = isFloat<T>() && m != m;
  const mv = splat<T>(m);
  for (let i = 0; i < n; ) {
    // L at a time, the last ones (one) alone in lane 0.
    const one = i + L > n;
    const v = lane<T>(one, p + <usize>i * sz);
    let bits: i32;
    if (isFloat<T>()) bits = i32x4.bitmask(nan ? f32x4.ne(v, v) : i32x4.eq(v, mv));
    else if (sizeof<T>() == 4) bits = i32x4.bitmask(i32x4.eq(v, mv));
    else bits = i8x16.bitmask(i8x16.eq(v, mv));
    if (one) bits &= 1;
    if (bits) return i + ctz(bits);
    i += one ? 1 : L;
  }
  return 0;
}

// Order-preserving i32 keys of 4 elements, or (one) of the element at q in
// lane 0 (argmin negates; NaN is on top).
@inline function vkey<T>(q: usize, neg: bool, one: bool): v128 {
  if (isFloat<T>()) {
    const v = lane<T>(one, q);
    let k = v128.xor(v, i32x4.shr_u(i32x4.shr_s(v, 31), 1));
    if (neg) k = v128.not(k);
    return v128.bitselect(i32x4.splat(i32.MAX_VALUE), k, f32x4.ne(v, v));
  }
  let k = sizeof<T>() == 4 ? lane<T>(one, q) : one ? i32x4.splat(load<u8>(q)) : i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(q)));
  return neg ? v128.not(k) : k;
}

@inline function arg<T>(neg: bool, x: usize, out: usize, outer: i32, R: i32, inner: i32): void {
  const sz = <usize>sizeof<T>();
  const total = <usize>outer * <usize>inner;
  if (R == 0) {
    memory.fill(out, 0, total << 2);
    return;
  }
  const stride = <usize>inner * sz;
  const slab = <usize>R * stride;
  for (let o = 0; o < outer; o++) {
    const p = x + <usize>o * slab;
    const d = out + ((<usize>o * <usize>inner) << 2);
    if (inner == 1) {
      store<i32>(d, findFirst<T>(p, R, row<T>(neg ? MIN : MAX, p, R)));
      continue;
    }
    for (let j = 0; j < inner; ) {
      const one = j + 4 > inner;
      const c = p + <usize>j * sz;
      let bk = vkey<T>(c, neg, one);
      let bi = i32x4.splat(0);
      for (let r = 1; r < R; r++) {
        const k = vkey<T>(c + <usize>r * stride, neg, one);
        const gt = i32x4.gt_s(k, bk);
        bk = v128.bitselect(k, bk, gt);
        bi = v128.bitselect(i32x4.splat(r), bi, gt);
      }
      const e = d + (<usize>j << 2);
      if (one) v128.store32_lane(e, bi, 0);
      else v128.store(e, bi);
      j += one ? 1 : 4;
    }
  }
}

// ---- exports: (x, out, outer, R, inner[, B]) -----------------------------

export function reduce_sum_f32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<f32>(ADD, x, o, a, r, b, B); }
export function reduce_sum_i32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<i32>(ADD, x, o, a, r, b, B); }
export function reduce_prod_f32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<f32>(MUL, x, o, a, r, b, B); }
export function reduce_prod_i32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<i32>(MUL, x, o, a, r, b, B); }
export function reduce_max_f32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<f32>(MAX, x, o, a, r, b, B); }
export function reduce_max_i32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<i32>(MAX, x, o, a, r, b, B); }
export function reduce_max_u8(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<u8>(MAX, x, o, a, r, b, B); }
export function reduce_min_f32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<f32>(MIN, x, o, a, r, b, B); }
export function reduce_min_i32(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<i32>(MIN, x, o, a, r, b, B); }
export function reduce_min_u8(x: usize, o: usize, a: i32, r: i32, b: i32, B: i32): void { reduce<u8>(MIN, x, o, a, r, b, B); }
export function reduce_argmax_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<f32>(false, x, o, a, r, b); }
export function reduce_argmax_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<i32>(false, x, o, a, r, b); }
export function reduce_argmax_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<u8>(false, x, o, a, r, b); }
export function reduce_argmin_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<f32>(true, x, o, a, r, b); }
export function reduce_argmin_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<i32>(true, x, o, a, r, b); }
export function reduce_argmin_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<u8>(true, x, o, a, r, b); }

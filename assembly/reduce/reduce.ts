// Reduction kernels over an [outer, R, inner] layout: every export reduces
// the middle dimension, writing out[o * inner + j] from the R elements
// x[(o * R + r) * inner + j]. The TypeScript op merges adjacent reduced axes
// into one R and runs several passes for non-adjacent ones.
//
// Exact accumulation order (the twin in src/backend/reference/reduce.ts
// follows it; it only matters for f32 sum/prod, every other op here is
// order independent). `⊕` is the op, `id` its identity (sum: -0, so that
// -0 + -0 stays -0; prod: 1; max: -Inf/MIN/0; min: +Inf/MAX/255).
//  - R == 0: every output is `id`, except that an f32 sum writes +0.
//  - inner == 1 (contiguous rows): L = 16 / sizeof<T> lanes, W = 4L. The
//    first M = R - R % W elements are read W at a time into 4L lane
//    accumulators acc[k] (element i goes to lane i % W), in blocks of
//    BLOCK = 1024 elements: each block sums into fresh partials part[k]
//    (starting at id), then acc[k] = acc[k] ⊕ part[k]. Then, for f32/i32,
//    v[j] = (acc[j] ⊕ acc[4+j]) ⊕ (acc[8+j] ⊕ acc[12+j]) for j < 4 and
//    s = (v[0] ⊕ v[1]) ⊕ (v[2] ⊕ v[3]); then s = s ⊕ x[i] for i = M..R-1.
//  - inner > 1: each column j independently: acc = id; for each block of
//    BLOCK consecutive r: part = id, part = part ⊕ x[r] in order of r,
//    acc = acc ⊕ part. The SIMD runs 4 vectors of columns at a time.
// The blocks bound the rounding error of long f32 sums and products.
//
// argmax/argmin write int32: the index of the first extreme element, where
// a NaN counts as the extreme (NumPy) and -0 < +0 (Keras orders -0 below
// +0 for argmax/argmin). Rows reduce to the extreme value, then scan for
// its first occurrence; columns track (key, index) lanes with a strict
// compare, on an order-preserving i32 key of each element.
import { ADD, MUL, MAX, MIN } from "../elementwise/opcodes";

const BLOCK: i32 = 1024;

// ---- scalar and vector ops ------------------------------------------------

@inline function sop<T>(op: i32, a: T, b: T): T {
  if (op == ADD) return a + b;
  if (op == MUL) return a * b;
  if (op == MAX) return max<T>(a, b);
  return min<T>(a, b);
}

@inline function vop<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    if (op == ADD) return f32x4.add(a, b);
    if (op == MUL) return f32x4.mul(a, b);
    if (op == MAX) return f32x4.max(a, b);
    return f32x4.min(a, b);
  } else if (sizeof<T>() == 4) {
    if (op == ADD) return i32x4.add(a, b);
    if (op == MUL) return i32x4.mul(a, b);
    if (op == MAX) return i32x4.max_s(a, b);
    return i32x4.min_s(a, b);
  } else {
    if (op == MAX) return i8x16.max_u(a, b);
    return i8x16.min_u(a, b);
  }
}

@inline function ident<T>(op: i32): T {
  if (isFloat<T>()) return <T>(op == ADD ? -0.0 : op == MUL ? 1.0 : op == MAX ? -Infinity : Infinity);
  if (sizeof<T>() == 4) return <T>(op == ADD ? 0 : op == MUL ? 1 : op == MAX ? i32.MIN_VALUE : i32.MAX_VALUE);
  return <T>(op == MAX ? 0 : 255);
}

@inline function splat<T>(x: T): v128 {
  if (isFloat<T>()) return f32x4.splat(<f32>x);
  if (sizeof<T>() == 4) return i32x4.splat(<i32>x);
  return i8x16.splat(<i8>x);
}

// Fixed-order horizontal combine of one vector's lanes.
@inline function hcomb<T>(op: i32, v: v128): T {
  if (isFloat<T>()) {
    const a = sop<f32>(op, f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1));
    const b = sop<f32>(op, f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3));
    return <T>sop<f32>(op, a, b);
  }
  if (sizeof<T>() == 4) {
    const a = sop<i32>(op, i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1));
    const b = sop<i32>(op, i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3));
    return <T>sop<i32>(op, a, b);
  }
  // u8 max/min: order does not matter; fold halves.
  let w = vop<u8>(op, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  w = vop<u8>(op, w, i8x16.shuffle(w, w, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
  w = vop<u8>(op, w, i8x16.shuffle(w, w, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
  w = vop<u8>(op, w, i8x16.shuffle(w, w, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0));
  return <T>i8x16.extract_lane_u(w, 0);
}

// ---- the two loop shapes ------------------------------------------------

// One contiguous row of n elements (inner == 1).
@inline function row<T>(op: i32, p: usize, n: i32): T {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const W = 4 * L;
  const idv = splat<T>(ident<T>(op));
  let a0 = idv, a1 = idv, a2 = idv, a3 = idv;
  const m = n - n % W;
  let i = 0;
  while (i < m) {
    const end = min<i32>(i + BLOCK, m);
    let p0 = idv, p1 = idv, p2 = idv, p3 = idv;
    for (; i < end; i += W) {
      const q = p + <usize>i * sz;
      p0 = vop<T>(op, p0, v128.load(q));
      p1 = vop<T>(op, p1, v128.load(q, 16));
      p2 = vop<T>(op, p2, v128.load(q, 32));
      p3 = vop<T>(op, p3, v128.load(q, 48));
    }
    a0 = vop<T>(op, a0, p0);
    a1 = vop<T>(op, a1, p1);
    a2 = vop<T>(op, a2, p2);
    a3 = vop<T>(op, a3, p3);
  }
  let s = hcomb<T>(op, vop<T>(op, vop<T>(op, a0, a1), vop<T>(op, a2, a3)));
  for (; i < n; i++) s = sop<T>(op, s, load<T>(p + <usize>i * sz));
  return s;
}

// All inner columns of one outer index (inner > 1); `p` is the first
// element of the [R, inner] slab, `o` its output row.
@inline function cols<T>(op: i32, p: usize, o: usize, R: i32, inner: i32): void {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const stride = <usize>inner * sz;
  const id = ident<T>(op);
  const idv = splat<T>(id);
  let j = 0;
  for (; j + 4 * L <= inner; j += 4 * L) {
    const c = p + <usize>j * sz;
    let a0 = idv, a1 = idv, a2 = idv, a3 = idv;
    for (let b = 0; b < R; b += BLOCK) {
      const end = min<i32>(b + BLOCK, R);
      let p0 = idv, p1 = idv, p2 = idv, p3 = idv;
      for (let r = b; r < end; r++) {
        const q = c + <usize>r * stride;
        p0 = vop<T>(op, p0, v128.load(q));
        p1 = vop<T>(op, p1, v128.load(q, 16));
        p2 = vop<T>(op, p2, v128.load(q, 32));
        p3 = vop<T>(op, p3, v128.load(q, 48));
      }
      a0 = vop<T>(op, a0, p0);
      a1 = vop<T>(op, a1, p1);
      a2 = vop<T>(op, a2, p2);
      a3 = vop<T>(op, a3, p3);
    }
    const d = o + <usize>j * sz;
    v128.store(d, a0);
    v128.store(d, a1, 16);
    v128.store(d, a2, 32);
    v128.store(d, a3, 48);
  }
  for (; j + L <= inner; j += L) {
    const c = p + <usize>j * sz;
    let a = idv;
    for (let b = 0; b < R; b += BLOCK) {
      const end = min<i32>(b + BLOCK, R);
      let q = idv;
      for (let r = b; r < end; r++) q = vop<T>(op, q, v128.load(c + <usize>r * stride));
      a = vop<T>(op, a, q);
    }
    v128.store(o + <usize>j * sz, a);
  }
  for (; j < inner; j++) {
    const c = p + <usize>j * sz;
    let a = id;
    for (let b = 0; b < R; b += BLOCK) {
      const end = min<i32>(b + BLOCK, R);
      let q = id;
      for (let r = b; r < end; r++) q = sop<T>(op, q, load<T>(c + <usize>r * stride));
      a = sop<T>(op, a, q);
    }
    store<T>(o + <usize>j * sz, a);
  }
}

@inline function reduce<T>(op: i32, x: usize, out: usize, outer: i32, R: i32, inner: i32): void {
  const sz = <usize>sizeof<T>();
  const total = <usize>outer * <usize>inner;
  if (R == 0) {
    const e: T = isFloat<T>() && op == ADD ? <T>0 : ident<T>(op);
    for (let k: usize = 0; k < total; k++) store<T>(out + k * sz, e);
    return;
  }
  const slab = <usize>R * <usize>inner * sz;
  for (let o = 0; o < outer; o++) {
    const p = x + <usize>o * slab;
    if (inner == 1) store<T>(out + <usize>o * sz, row<T>(op, p, R));
    else cols<T>(op, p, out + <usize>o * <usize>inner * sz, R, inner);
  }
}

// ---- argmax / argmin ----------------------------------------------------

// First index in [0, n) of a row holding `m` (bitwise; first NaN if m is NaN).
@inline function findFirst<T>(p: usize, n: i32, m: T): i32 {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const nan = isFloat<T>() && m != m;
  const mv = splat<T>(m);
  let i = 0;
  for (; i + L <= n; i += L) {
    const v = v128.load(p + <usize>i * sz);
    let bits: i32;
    if (isFloat<T>()) bits = i32x4.bitmask(nan ? f32x4.ne(v, v) : i32x4.eq(v, mv));
    else if (sizeof<T>() == 4) bits = i32x4.bitmask(i32x4.eq(v, mv));
    else bits = i8x16.bitmask(i8x16.eq(v, mv));
    if (bits) return i + ctz(bits);
  }
  for (; i < n; i++) {
    const v = load<T>(p + <usize>i * sz);
    if (isFloat<T>()) {
      if (nan ? v != v : reinterpret<i32>(<f32>v) == reinterpret<i32>(<f32>m)) return i;
    } else if (v == m) return i;
  }
  return 0;
}

// Order-preserving i32 keys of 4 elements (argmin negates; NaN is on top).
@inline function vkey<T>(q: usize, neg: bool): v128 {
  if (isFloat<T>()) {
    const v = v128.load(q);
    let k = v128.xor(v, i32x4.shr_u(i32x4.shr_s(v, 31), 1));
    if (neg) k = v128.not(k);
    return v128.bitselect(i32x4.splat(i32.MAX_VALUE), k, f32x4.ne(v, v));
  }
  let k = sizeof<T>() == 4 ? v128.load(q) : i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(q)));
  return neg ? v128.not(k) : k;
}

@inline function skey<T>(q: usize, neg: bool): i32 {
  const v = load<T>(q);
  let k: i32;
  if (isFloat<T>()) {
    if (v != v) return i32.MAX_VALUE;
    const b = reinterpret<i32>(<f32>v);
    k = b ^ <i32>(<u32>(b >> 31) >> 1);
  } else k = <i32>v;
  return neg ? ~k : k;
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
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const c = p + <usize>j * sz;
      let bk = vkey<T>(c, neg);
      let bi = i32x4.splat(0);
      for (let r = 1; r < R; r++) {
        const k = vkey<T>(c + <usize>r * stride, neg);
        const gt = i32x4.gt_s(k, bk);
        bk = v128.bitselect(k, bk, gt);
        bi = v128.bitselect(i32x4.splat(r), bi, gt);
      }
      v128.store(d + (<usize>j << 2), bi);
    }
    for (; j < inner; j++) {
      const c = p + <usize>j * sz;
      let bk = skey<T>(c, neg);
      let bi = 0;
      for (let r = 1; r < R; r++) {
        const k = skey<T>(c + <usize>r * stride, neg);
        if (k > bk) {
          bk = k;
          bi = r;
        }
      }
      store<i32>(d + (<usize>j << 2), bi);
    }
  }
}

// ---- exports: (x, out, outer, R, inner) ---------------------------------

export function reduce_sum_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<f32>(ADD, x, o, a, r, b); }
export function reduce_sum_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<i32>(ADD, x, o, a, r, b); }
export function reduce_prod_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<f32>(MUL, x, o, a, r, b); }
export function reduce_prod_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<i32>(MUL, x, o, a, r, b); }
export function reduce_max_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<f32>(MAX, x, o, a, r, b); }
export function reduce_max_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<i32>(MAX, x, o, a, r, b); }
export function reduce_max_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<u8>(MAX, x, o, a, r, b); }
export function reduce_min_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<f32>(MIN, x, o, a, r, b); }
export function reduce_min_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<i32>(MIN, x, o, a, r, b); }
export function reduce_min_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { reduce<u8>(MIN, x, o, a, r, b); }
export function reduce_argmax_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<f32>(false, x, o, a, r, b); }
export function reduce_argmax_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<i32>(false, x, o, a, r, b); }
export function reduce_argmax_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<u8>(false, x, o, a, r, b); }
export function reduce_argmin_f32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<f32>(true, x, o, a, r, b); }
export function reduce_argmin_i32(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<i32>(true, x, o, a, r, b); }
export function reduce_argmin_u8(x: usize, o: usize, a: i32, r: i32, b: i32): void { arg<u8>(true, x, o, a, r, b); }

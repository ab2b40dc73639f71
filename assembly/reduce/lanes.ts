// The lane-order pieces shared by the reductions (reduce.ts) and the
// moments (moments.ts): the op on vectors, its identity, the fixed
// horizontal combine, one-lane loads, and one contiguous row in reduce.ts's
// order.
import { ADD, MUL, MAX } from "../elementwise/opcodes";

@inline export function vop<T>(op: i32, a: v128, b: v128): v128 {
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

@inline export function ident<T>(op: i32): T {
  if (isFloat<T>()) return <T>(op == ADD ? -0.0 : op == MUL ? 1.0 : op == MAX ? -Infinity : Infinity);
  if (sizeof<T>() == 4) return <T>(op == ADD ? 0 : op == MUL ? 1 : op == MAX ? i32.MIN_VALUE : i32.MAX_VALUE);
  return <T>(op == MAX ? 0 : 255);
}

@inline export function splat<T>(x: T): v128 {
  if (isFloat<T>()) return f32x4.splat(<f32>x);
  if (sizeof<T>() == 4) return i32x4.splat(<i32>x);
  return i8x16.splat(<i8>x);
}

// Fixed-order horizontal combine of one vector's lanes, into lane 0: for
// 4-byte lanes (v0 ⊕ v1) ⊕ (v2 ⊕ v3); u8 max/min in any order.
@inline export function hcomb<T>(op: i32, v: v128): v128 {
  v = vop<T>(op, v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  v = vop<T>(op, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  if (sizeof<T>() == 1) {
    v = vop<T>(op, v, i8x16.shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
    v = vop<T>(op, v, i8x16.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  }
  return v;
}

// Lane 0 of v.
@inline export function first<T>(v: v128): T {
  if (isFloat<T>()) return <T>f32x4.extract_lane(v, 0);
  if (sizeof<T>() == 4) return <T>i32x4.extract_lane(v, 0);
  return <T>i8x16.extract_lane_u(v, 0);
}

// A vector of elements at q, or (one) the element at q in lane 0.
@inline export function lane<T>(one: bool, q: usize): v128 {
  if (!one) return v128.load(q);
  return sizeof<T>() == 4 ? v128.load32_zero(q) : v128.load8_splat(q);
}

// ---- the two loop shapes ------------------------------------------------

// One contiguous row of n elements (inner == 1).
@inline export function row<T>(op: i32, p: usize, n: i32): T {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const W = 4 * L;
  const idv = splat<T>(ident<T>(op));
  let a0 = idv, a1 = idv, a2 = idv, a3 = idv;
  const nw = n - n % W;
  let i = 0;
  for (; i < nw; i += W) {
    const q = p + <usize>i * sz;
    a0 = vop<T>(op, a0, v128.load(q));
    a1 = vop<T>(op, a1, v128.load(q, 16));
    a2 = vop<T>(op, a2, v128.load(q, 32));
    a3 = vop<T>(op, a3, v128.load(q, 48));
  }
  let s = hcomb<T>(op, vop<T>(op, vop<T>(op, a0, a1), vop<T>(op, a2, a3)));
  for (; i < n; i++) s = vop<T>(op, s, lane<T>(true, p + <usize>i * sz));
  return first<T>(s);
}

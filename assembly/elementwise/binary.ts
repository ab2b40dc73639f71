// Binary elementwise kernels with NumPy broadcasting.
//
// The TypeScript op collapses the broadcast into `rank` dimensions with
// element strides per input (0 on broadcast dimensions). The innermost
// dimension is walked as a row whose input strides are 1 or 0, so every row
// is one of four SIMD loops (vector-vector, vector-scalar, scalar-vector,
// scalar-scalar). Each export fixes the op code, so after inlining Binaryen
// folds every `op ==` test away and each kernel is a straight loop.
import { ADD, SUB, MUL, DIV, MAX, MIN, POW, EQ, NE, GT, GE, LT, LE } from "./opcodes";
import { advance, delta, start } from "../common/odometer";

// ---- per-lane operations -------------------------------------------------

@inline function vF32(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f32x4.add(a, b);
  if (op == SUB) return f32x4.sub(a, b);
  if (op == MUL) return f32x4.mul(a, b);
  if (op == DIV) return f32x4.div(a, b);
  if (op == MAX) return f32x4.max(a, b);
  if (op == MIN) return f32x4.min(a, b);
  if (op == EQ) return f32x4.eq(a, b);
  if (op == NE) return f32x4.ne(a, b);
  if (op == GT) return f32x4.gt(a, b);
  if (op == GE) return f32x4.ge(a, b);
  if (op == LT) return f32x4.lt(a, b);
  return f32x4.le(a, b);
}

@inline function sF32(op: i32, a: f32, b: f32): f32 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == DIV) return a / b;
  if (op == MAX) return max<f32>(a, b);
  if (op == MIN) return min<f32>(a, b);
  // No SIMD pow exists: compute in f64 and round once, as the twin does.
  return <f32>Math.pow(<f64>a, <f64>b);
}

// A scalar comparison as a 0/1 byte, for any lane type.
@inline function cmp<T>(op: i32, a: T, b: T): u8 {
  if (op == EQ) return <u8>(a == b);
  if (op == NE) return <u8>(a != b);
  if (op == GT) return <u8>(a > b);
  if (op == GE) return <u8>(a >= b);
  if (op == LT) return <u8>(a < b);
  return <u8>(a <= b);
}

@inline function vI32(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return i32x4.add(a, b);
  if (op == SUB) return i32x4.sub(a, b);
  if (op == MUL) return i32x4.mul(a, b);
  if (op == MAX) return i32x4.max_s(a, b);
  if (op == MIN) return i32x4.min_s(a, b);
  if (op == EQ) return i32x4.eq(a, b);
  if (op == NE) return i32x4.ne(a, b);
  if (op == GT) return i32x4.gt_s(a, b);
  if (op == GE) return i32x4.ge_s(a, b);
  if (op == LT) return i32x4.lt_s(a, b);
  return i32x4.le_s(a, b);
}

// Integer power by squaring; a negative exponent gives 0 except for bases
// 1 and -1 (the ops layer rejects negative exponents as NumPy does).
@inline function powI32(a: i32, b: i32): i32 {
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
  let r: i32 = 1;
  let base = a;
  let e = b;
  while (e) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}

@inline function sI32(op: i32, a: i32, b: i32): i32 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == MAX) return max<i32>(a, b);
  if (op == MIN) return min<i32>(a, b);
  return powI32(a, b);
}


@inline function vU8(op: i32, a: v128, b: v128): v128 {
  if (op == MAX) return i8x16.max_u(a, b);
  if (op == MIN) return i8x16.min_u(a, b);
  if (op == EQ) return v128.and(i8x16.eq(a, b), i8x16.splat(1));
  if (op == NE) return v128.and(i8x16.ne(a, b), i8x16.splat(1));
  if (op == GT) return v128.and(i8x16.gt_u(a, b), i8x16.splat(1));
  if (op == GE) return v128.and(i8x16.ge_u(a, b), i8x16.splat(1));
  if (op == LT) return v128.and(i8x16.lt_u(a, b), i8x16.splat(1));
  return v128.and(i8x16.le_u(a, b), i8x16.splat(1));
}

@inline function sU8(op: i32, a: u8, b: u8): u8 {
  if (op == MAX) return max<u8>(a, b);
  if (op == MIN) return min<u8>(a, b);
  return cmp<u8>(op, a, b);
}

// ---- rows ---------------------------------------------------------------

@inline function ld(p: usize, stride: bool, i: usize): v128 {
  return stride ? v128.load(p + i) : v128.load32_splat(p);
}

// Four 4-lane masks -> 16 bytes of 0/1.
@inline function packMasks(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  return v128.and(
    i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)),
    i8x16.splat(1),
  );
}

// The 4-byte lane types (f32, i32) share one row: T picks the lane ops.
@inline function v4<T>(op: i32, a: v128, b: v128): v128 {
  return isFloat<T>() ? vF32(op, a, b) : vI32(op, a, b);
}

@inline function s4<T>(op: i32, a: T, b: T): T {
  if (isFloat<T>()) return <T>sF32(op, <f32>a, <f32>b);
  return <T>sI32(op, <i32>a, <i32>b);
}

@inline function row4<T>(op: i32, a: usize, sa: bool, b: usize, sb: bool, out: usize, n: usize): void {
  let i: usize = 0;
  if (op == POW) {
    for (; i < n; i++) store<T>(out + (i << 2), s4<T>(op, load<T>(a + (sa ? i << 2 : 0)), load<T>(b + (sb ? i << 2 : 0))));
    return;
  }
  if (op >= EQ) {
    for (; i + 16 <= n; i += 16) {
      const o = i << 2;
      v128.store(out + i, packMasks(
        v4<T>(op, ld(a, sa, o), ld(b, sb, o)),
        v4<T>(op, ld(a, sa, o + 16), ld(b, sb, o + 16)),
        v4<T>(op, ld(a, sa, o + 32), ld(b, sb, o + 32)),
        v4<T>(op, ld(a, sa, o + 48), ld(b, sb, o + 48)),
      ));
    }
    for (; i < n; i++) store<u8>(out + i, cmp<T>(op, load<T>(a + (sa ? i << 2 : 0)), load<T>(b + (sb ? i << 2 : 0))));
    return;
  }
  for (; i + 16 <= n; i += 16) {
    const o = i << 2;
    const r0 = v4<T>(op, ld(a, sa, o), ld(b, sb, o));
    const r1 = v4<T>(op, ld(a, sa, o + 16), ld(b, sb, o + 16));
    const r2 = v4<T>(op, ld(a, sa, o + 32), ld(b, sb, o + 32));
    const r3 = v4<T>(op, ld(a, sa, o + 48), ld(b, sb, o + 48));
    v128.store(out + o, r0);
    v128.store(out + o + 16, r1);
    v128.store(out + o + 32, r2);
    v128.store(out + o + 48, r3);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (i << 2), v4<T>(op, ld(a, sa, i << 2), ld(b, sb, i << 2)));
  for (; i < n; i++) store<T>(out + (i << 2), s4<T>(op, load<T>(a + (sa ? i << 2 : 0)), load<T>(b + (sb ? i << 2 : 0))));
}

@inline function ldU8(p: usize, stride: bool, i: usize): v128 {
  return stride ? v128.load(p + i) : v128.load8_splat(p);
}

@inline function rowU8(op: i32, a: usize, sa: bool, b: usize, sb: bool, out: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(out + i, vU8(op, ldU8(a, sa, i), ldU8(b, sb, i)));
  for (; i < n; i++) store<u8>(out + i, sU8(op, load<u8>(a + (sa ? i : 0)), load<u8>(b + (sb ? i : 0))));
}

// T selects the element type: f32, i32 or u8.
@inline function row<T>(op: i32, a: usize, sa: bool, b: usize, sb: bool, out: usize, n: usize): void {
  if (sizeof<T>() == 4) row4<T>(op, a, sa, b, sb, out, n);
  else rowU8(op, a, sa, b, sb, out, n);
}

@inline function rowAny<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: usize): void {
  if (sa && sb) row<T>(op, a, true, b, true, out, n);
  else if (sa) row<T>(op, a, true, b, false, out, n);
  else if (sb) row<T>(op, a, false, b, true, out, n);
  else row<T>(op, a, false, b, false, out, n);
}

// Walks all rows of the collapsed broadcast. `idx` is caller-provided
// scratch for `rank` counters.
@inline function drive<T>(
  op: i32, a: usize, b: usize, out: usize,
  rank: i32, shape: usize, aStr: usize, bStr: usize, idx: usize,
): void {
  const esz = <usize>sizeof<T>();
  const osz: usize = op >= EQ ? 1 : esz;
  const last = <usize>(rank - 1) << 2;
  const n = <usize>load<i32>(shape + last);
  const sa = load<i32>(aStr + last);
  const sb = load<i32>(bStr + last);
  const rows = start(idx, shape, rank - 1);
  if (n == 0) return;
  let ao: isize = 0;
  let bo: isize = 0;
  for (let r: usize = 0; r < rows; r++) {
    rowAny<T>(op, a + <usize>ao * esz, sa, b + <usize>bo * esz, sb, out + r * n * osz, n);
    const d = advance(idx, shape, rank - 1);
    if (d < 0) break;
    ao += delta(aStr, shape, d, rank - 1);
    bo += delta(bStr, shape, d, rank - 1);
  }
}

// ---- exports: (a, b, out, rank, shape*, aStrides*, bStrides*, idx*) -----

export function add_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(ADD, a, b, o, r, s, as, bs, ix); }
export function subtract_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(SUB, a, b, o, r, s, as, bs, ix); }
export function multiply_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(MUL, a, b, o, r, s, as, bs, ix); }
export function divide_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(DIV, a, b, o, r, s, as, bs, ix); }
export function maximum_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(MAX, a, b, o, r, s, as, bs, ix); }
export function minimum_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(MIN, a, b, o, r, s, as, bs, ix); }
export function power_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(POW, a, b, o, r, s, as, bs, ix); }
export function equal_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(EQ, a, b, o, r, s, as, bs, ix); }
export function not_equal_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(NE, a, b, o, r, s, as, bs, ix); }
export function greater_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(GT, a, b, o, r, s, as, bs, ix); }
export function greater_equal_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(GE, a, b, o, r, s, as, bs, ix); }
export function less_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(LT, a, b, o, r, s, as, bs, ix); }
export function less_equal_f32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<f32>(LE, a, b, o, r, s, as, bs, ix); }

export function add_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(ADD, a, b, o, r, s, as, bs, ix); }
export function subtract_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(SUB, a, b, o, r, s, as, bs, ix); }
export function multiply_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(MUL, a, b, o, r, s, as, bs, ix); }
export function maximum_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(MAX, a, b, o, r, s, as, bs, ix); }
export function minimum_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(MIN, a, b, o, r, s, as, bs, ix); }
export function power_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(POW, a, b, o, r, s, as, bs, ix); }
export function equal_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(EQ, a, b, o, r, s, as, bs, ix); }
export function not_equal_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(NE, a, b, o, r, s, as, bs, ix); }
export function greater_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(GT, a, b, o, r, s, as, bs, ix); }
export function greater_equal_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(GE, a, b, o, r, s, as, bs, ix); }
export function less_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(LT, a, b, o, r, s, as, bs, ix); }
export function less_equal_i32(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<i32>(LE, a, b, o, r, s, as, bs, ix); }

export function maximum_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(MAX, a, b, o, r, s, as, bs, ix); }
export function minimum_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(MIN, a, b, o, r, s, as, bs, ix); }
export function equal_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(EQ, a, b, o, r, s, as, bs, ix); }
export function not_equal_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(NE, a, b, o, r, s, as, bs, ix); }
export function greater_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(GT, a, b, o, r, s, as, bs, ix); }
export function greater_equal_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(GE, a, b, o, r, s, as, bs, ix); }
export function less_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(LT, a, b, o, r, s, as, bs, ix); }
export function less_equal_u8(a: usize, b: usize, o: usize, r: i32, s: usize, as: usize, bs: usize, ix: usize): void { drive<u8>(LE, a, b, o, r, s, as, bs, ix); }

// where(condition, x1, x2) with NumPy broadcasting of all three inputs.
//
// As in binary.ts, the op collapses the broadcast into `rank` dims with
// element strides per input (0 where broadcast); the innermost dim is a row
// whose strides are 1 or 0, so each row is one of eight select loops. The
// condition is bool bytes (0/1); selection copies bits, so f32 and i32
// share the 4-byte loop.
import { advance, delta, start } from "../common/odometer";

@inline function ld4(p: usize, s: bool, i: usize): v128 {
  return s ? v128.load(p + (i << 2)) : v128.load32_splat(p);
}

@inline function ld1(p: usize, s: bool, i: usize): v128 {
  return s ? v128.load(p + i) : v128.load8_splat(p);
}

// 0/1 bytes -> all-ones / all-zero lanes.
@inline function byteMask(c: usize, sc: bool, i: usize): v128 {
  return i8x16.ne(ld1(c, sc, i), i8x16.splat(0));
}

@inline function row4(c: usize, sc: bool, a: usize, sa: bool, b: usize, sb: bool, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const m = byteMask(c, sc, i);
    const lo = i16x8.extend_low_i8x16_s(m);
    const hi = i16x8.extend_high_i8x16_s(m);
    const p = o + (i << 2);
    v128.store(p, v128.bitselect(ld4(a, sa, i), ld4(b, sb, i), i32x4.extend_low_i16x8_s(lo)));
    v128.store(p + 16, v128.bitselect(ld4(a, sa, i + 4), ld4(b, sb, i + 4), i32x4.extend_high_i16x8_s(lo)));
    v128.store(p + 32, v128.bitselect(ld4(a, sa, i + 8), ld4(b, sb, i + 8), i32x4.extend_low_i16x8_s(hi)));
    v128.store(p + 48, v128.bitselect(ld4(a, sa, i + 12), ld4(b, sb, i + 12), i32x4.extend_high_i16x8_s(hi)));
  }
  for (; i < n; i++) {
    const v = load<u8>(c + (sc ? i : 0)) ? load<u32>(a + (sa ? i << 2 : 0)) : load<u32>(b + (sb ? i << 2 : 0));
    store<u32>(o + (i << 2), v);
  }
}

@inline function row1(c: usize, sc: bool, a: usize, sa: bool, b: usize, sb: bool, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(o + i, v128.bitselect(ld1(a, sa, i), ld1(b, sb, i), byteMask(c, sc, i)));
  for (; i < n; i++) store<u8>(o + i, load<u8>(c + (sc ? i : 0)) ? load<u8>(a + (sa ? i : 0)) : load<u8>(b + (sb ? i : 0)));
}

@inline function rowS(w: i32, c: usize, sc: bool, a: usize, sa: bool, b: usize, sb: bool, o: usize, n: usize): void {
  if (w == 4) row4(c, sc, a, sa, b, sb, o, n);
  else row1(c, sc, a, sa, b, sb, o, n);
}

@inline function rowAny(w: i32, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: usize): void {
  if (sc) {
    if (sa && sb) rowS(w, c, true, a, true, b, true, o, n);
    else if (sa) rowS(w, c, true, a, true, b, false, o, n);
    else if (sb) rowS(w, c, true, a, false, b, true, o, n);
    else rowS(w, c, true, a, false, b, false, o, n);
  } else {
    // One condition for the whole row: a copy or a fill, still vectorized.
    if (sa && sb) rowS(w, c, false, a, true, b, true, o, n);
    else if (sa) rowS(w, c, false, a, true, b, false, o, n);
    else if (sb) rowS(w, c, false, a, false, b, true, o, n);
    else rowS(w, c, false, a, false, b, false, o, n);
  }
}

// `w` is the element width in bytes (4 or 1); `idx` is scratch for counters.
@inline function drive(
  w: i32, c: usize, a: usize, b: usize, out: usize,
  rank: i32, shape: usize, cStr: usize, aStr: usize, bStr: usize, idx: usize,
): void {
  const esz = <usize>w;
  const last = <usize>(rank - 1) << 2;
  const n = <usize>load<i32>(shape + last);
  const sc = load<i32>(cStr + last);
  const sa = load<i32>(aStr + last);
  const sb = load<i32>(bStr + last);
  const rows = start(idx, shape, rank - 1);
  if (n == 0) return;
  let co: isize = 0;
  let ao: isize = 0;
  let bo: isize = 0;
  for (let r: usize = 0; r < rows; r++) {
    rowAny(w, c + <usize>co, sc, a + <usize>ao * esz, sa, b + <usize>bo * esz, sb, out + r * n * esz, n);
    const d = advance(idx, shape, rank - 1);
    if (d < 0) break;
    co += delta(cStr, shape, d, rank - 1);
    ao += delta(aStr, shape, d, rank - 1);
    bo += delta(bStr, shape, d, rank - 1);
  }
}

// ---- exports: (cond, x1, x2, out, rank, shape*, cStrides*, x1Strides*, x2Strides*, idx*)

export function where_f32(c: usize, a: usize, b: usize, o: usize, r: i32, s: usize, cs: usize, as: usize, bs: usize, ix: usize): void { drive(4, c, a, b, o, r, s, cs, as, bs, ix); }
export function where_i32(c: usize, a: usize, b: usize, o: usize, r: i32, s: usize, cs: usize, as: usize, bs: usize, ix: usize): void { drive(4, c, a, b, o, r, s, cs, as, bs, ix); }
export function where_u8(c: usize, a: usize, b: usize, o: usize, r: i32, s: usize, cs: usize, as: usize, bs: usize, ix: usize): void { drive(1, c, a, b, o, r, s, cs, as, bs, ix); }

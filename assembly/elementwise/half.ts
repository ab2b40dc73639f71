// float32 <-> float16 / bfloat16 conversions, (in, out, n). Halves are raw
// 16-bit patterns. float32 -> half rounds to nearest, ties to even, with
// float16 subnormals, overflow to ±Infinity, and NaN as the canonical
// patterns NumPy / ml_dtypes write for a quiet NaN (0x7E00, 0x7FC0; the
// sign of a NaN is dropped, since JS numbers cannot carry it). half ->
// float32 is exact. Eight lanes per step: two i32x4 halves of an i16x8.

// ---- float32 -> float16 ----------------------------------------------------

@inline function f32ToF16x4(x: v128): v128 {
  const a = v128.and(x, i32x4.splat(0x7fffffff));
  const sign = v128.and(i32x4.shr_u(x, 16), i32x4.splat(0x8000));
  // Normal halves: drop 13 mantissa bits with round-to-nearest-even, then
  // rebias the exponent (127 -> 15); a carry into the exponent is right.
  const odd = v128.and(i32x4.shr_u(a, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.add(a, i32x4.splat(0xc8000fff)), odd), 13);
  // Subnormal halves (|x| < 2^-14): |x| + 0.5 rounds (RNE) to a multiple
  // of 2^-24, the float16 subnormal step; its low bits are the half bits.
  const sub = i32x4.sub(f32x4.add(a, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  let h = v128.bitselect(sub, normal, i32x4.lt_s(a, i32x4.splat(0x38800000)));
  // |x| >= 65520 (half-way from 65504 to 65536, ties to even = up) -> Inf.
  h = v128.bitselect(i32x4.splat(0x7c00), h, i32x4.ge_s(a, i32x4.splat(0x477ff000)));
  h = v128.or(h, sign);
  return v128.bitselect(i32x4.splat(0x7e00), h, i32x4.gt_s(a, i32x4.splat(0x7f800000)));
}

@inline function f32ToF16(b: u32): u16 {
  const a = b & 0x7fffffff;
  if (a > 0x7f800000) return 0x7e00;
  const sign = (b >>> 16) & 0x8000;
  if (a >= 0x477ff000) return <u16>(sign | 0x7c00);
  if (a < 0x38800000) return <u16>(sign | (reinterpret<u32>(reinterpret<f32>(a) + 0.5) - 0x3f000000));
  return <u16>(sign | ((a + 0xc8000fff + ((a >>> 13) & 1)) >>> 13));
}

export function cast_f32_f16(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const p = a + (i << 2);
    v128.store(o + (i << 1), i16x8.narrow_i32x4_u(f32ToF16x4(v128.load(p)), f32ToF16x4(v128.load(p + 16))));
  }
  for (; i < n; i++) store<u16>(o + (i << 1), f32ToF16(load<u32>(a + (i << 2))));
}

// ---- float16 -> float32 ----------------------------------------------------

@inline function f16ToF32x4(h: v128): v128 {
  const sign = i32x4.shl(v128.and(h, i32x4.splat(0x8000)), 16);
  const ah = v128.and(h, i32x4.splat(0x7fff));
  const e = v128.and(h, i32x4.splat(0x7c00));
  const normal = i32x4.add(i32x4.shl(ah, 13), i32x4.splat(0x38000000));
  const special = v128.or(i32x4.shl(ah, 13), i32x4.splat(0x7f800000)); // Inf, NaN (payload kept)
  const sub = f32x4.mul(f32x4.convert_i32x4_s(ah), f32x4.splat(5.960464477539063e-8)); // m * 2^-24, exact
  let r = v128.bitselect(special, normal, i32x4.eq(e, i32x4.splat(0x7c00)));
  r = v128.bitselect(sub, r, i32x4.eq(e, i32x4.splat(0)));
  return v128.or(r, sign);
}

@inline function f16ToF32(h: u32): u32 {
  const sign = (h & 0x8000) << 16;
  const ah = h & 0x7fff;
  const e = h & 0x7c00;
  if (e === 0x7c00) return sign | (ah << 13) | 0x7f800000;
  if (e === 0) return sign | reinterpret<u32>(<f32>ah * <f32>5.960464477539063e-8);
  return sign | ((ah << 13) + 0x38000000);
}

export function cast_f16_f32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const h = v128.load(a + (i << 1));
    const p = o + (i << 2);
    v128.store(p, f16ToF32x4(i32x4.extend_low_i16x8_u(h)));
    v128.store(p + 16, f16ToF32x4(i32x4.extend_high_i16x8_u(h)));
  }
  for (; i < n; i++) store<u32>(o + (i << 2), f16ToF32(<u32>load<u16>(a + (i << 1))));
}

// ---- float32 <-> bfloat16 --------------------------------------------------

@inline function f32ToBf16x4(x: v128): v128 {
  const odd = v128.and(i32x4.shr_u(x, 16), i32x4.splat(1));
  const r = i32x4.shr_u(i32x4.add(i32x4.add(x, i32x4.splat(0x7fff)), odd), 16);
  const nan = i32x4.gt_s(v128.and(x, i32x4.splat(0x7fffffff)), i32x4.splat(0x7f800000));
  return v128.bitselect(i32x4.splat(0x7fc0), r, nan);
}

@inline function f32ToBf16(x: u32): u16 {
  if ((x & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return <u16>((x + 0x7fff + ((x >>> 16) & 1)) >>> 16);
}

export function cast_f32_bf16(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const p = a + (i << 2);
    v128.store(o + (i << 1), i16x8.narrow_i32x4_u(f32ToBf16x4(v128.load(p)), f32ToBf16x4(v128.load(p + 16))));
  }
  for (; i < n; i++) store<u16>(o + (i << 1), f32ToBf16(load<u32>(a + (i << 2))));
}

export function cast_bf16_f32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const h = v128.load(a + (i << 1));
    const p = o + (i << 2);
    v128.store(p, i32x4.shl(i32x4.extend_low_i16x8_u(h), 16));
    v128.store(p + 16, i32x4.shl(i32x4.extend_high_i16x8_u(h), 16));
  }
  for (; i < n; i++) store<u32>(o + (i << 2), (<u32>load<u16>(a + (i << 1))) << 16);
}

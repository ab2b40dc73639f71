// Dtype conversions: (in, out, n). float -> int truncates toward zero and
// saturates (NaN -> 0); anything -> bool is `x != 0` (NaN -> true).

export function cast_f32_i32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) v128.store(o + (i << 2), i32x4.trunc_sat_f32x4_s(v128.load(a + (i << 2))));
  for (; i < n; i++) store<i32>(o + (i << 2), <i32>load<f32>(a + (i << 2)));
}

export function cast_i32_f32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) v128.store(o + (i << 2), f32x4.convert_i32x4_s(v128.load(a + (i << 2))));
  for (; i < n; i++) store<f32>(o + (i << 2), <f32>load<i32>(a + (i << 2)));
}

// Four 4-lane masks -> 16 bytes of 0/1.
@inline function pack(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  return v128.and(
    i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)),
    i8x16.splat(1),
  );
}

export function cast_f32_u8(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  const z = f32x4.splat(0);
  for (; i + 16 <= n; i += 16) {
    const p = a + (i << 2);
    v128.store(o + i, pack(
      f32x4.ne(v128.load(p), z), f32x4.ne(v128.load(p + 16), z),
      f32x4.ne(v128.load(p + 32), z), f32x4.ne(v128.load(p + 48), z),
    ));
  }
  for (; i < n; i++) store<u8>(o + i, <u8>(load<f32>(a + (i << 2)) != 0));
}

export function cast_i32_u8(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  const z = i32x4.splat(0);
  for (; i + 16 <= n; i += 16) {
    const p = a + (i << 2);
    v128.store(o + i, pack(
      i32x4.ne(v128.load(p), z), i32x4.ne(v128.load(p + 16), z),
      i32x4.ne(v128.load(p + 32), z), i32x4.ne(v128.load(p + 48), z),
    ));
  }
  for (; i < n; i++) store<u8>(o + i, <u8>(load<i32>(a + (i << 2)) != 0));
}

// 16 bytes -> four i32x4 lanes (bytes are 0/1, so unsigned widening).
@inline function widen(p: usize, o: usize, toFloat: bool): void {
  const b = v128.load(p);
  const lo = i16x8.extend_low_i8x16_u(b);
  const hi = i16x8.extend_high_i8x16_u(b);
  const w0 = i32x4.extend_low_i16x8_u(lo);
  const w1 = i32x4.extend_high_i16x8_u(lo);
  const w2 = i32x4.extend_low_i16x8_u(hi);
  const w3 = i32x4.extend_high_i16x8_u(hi);
  v128.store(o, toFloat ? f32x4.convert_i32x4_s(w0) : w0);
  v128.store(o + 16, toFloat ? f32x4.convert_i32x4_s(w1) : w1);
  v128.store(o + 32, toFloat ? f32x4.convert_i32x4_s(w2) : w2);
  v128.store(o + 48, toFloat ? f32x4.convert_i32x4_s(w3) : w3);
}

export function cast_u8_i32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) widen(a + i, o + (i << 2), false);
  for (; i < n; i++) store<i32>(o + (i << 2), <i32>load<u8>(a + i));
}

export function cast_u8_f32(a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) widen(a + i, o + (i << 2), true);
  for (; i < n; i++) store<f32>(o + (i << 2), <f32>load<u8>(a + i));
}

// Creation kernels: fill, eye, arange and one_hot. `_4` kernels take the
// value as its 32-bit pattern (float32 or int32 alike), `_2` as a 16-bit
// pattern (float16, bfloat16), `_1` as a byte.

@inline function fillBytes<T>(out: usize, n: usize, value: T): void {
  const esz = <usize>sizeof<T>();
  const bytes = n * esz;
  const v = sizeof<T>() == 4 ? i32x4.splat(<i32>value) : sizeof<T>() == 2 ? i16x8.splat(<i16>value) : i8x16.splat(<i8>value);
  let i: usize = 0;
  for (; i + 64 <= bytes; i += 64) {
    v128.store(out + i, v);
    v128.store(out + i + 16, v);
    v128.store(out + i + 32, v);
    v128.store(out + i + 48, v);
  }
  for (; i + 16 <= bytes; i += 16) v128.store(out + i, v);
  for (; i < bytes; i += esz) store<T>(out + i, value);
}

export function fill_4(out: usize, n: i32, bits: i32): void {
  fillBytes<u32>(out, <usize>n, <u32>bits);
}
export function fill_2(out: usize, n: i32, bits: i32): void {
  fillBytes<u16>(out, <usize>n, <u16>bits);
}
export function fill_1(out: usize, n: i32, value: i32): void {
  fillBytes<u8>(out, <usize>n, <u8>value);
}

// rows x cols zeros with `one` on the k-th diagonal (out[i, i + k]).
@inline function eye<T>(out: usize, rows: i32, cols: i32, k: i32, one: T): void {
  const esz = <usize>sizeof<T>();
  fillBytes<T>(out, <usize>rows * <usize>cols, <T>0);
  let i = k < 0 ? -k : 0;
  for (; i < rows; i++) {
    const j = i + k;
    if (j >= cols) break;
    store<T>(out + (<usize>i * <usize>cols + <usize>j) * esz, one);
  }
}

export function eye_4(out: usize, rows: i32, cols: i32, k: i32, bits: i32): void {
  eye<u32>(out, rows, cols, k, <u32>bits);
}
export function eye_2(out: usize, rows: i32, cols: i32, k: i32, bits: i32): void {
  eye<u16>(out, rows, cols, k, <u16>bits);
}
export function eye_1(out: usize, rows: i32, cols: i32, k: i32, value: i32): void {
  eye<u8>(out, rows, cols, k, <u8>value);
}

// out[i] = f32(start + i * step), computed in f64 and rounded once.
export function arange_f32(out: usize, n: i32, start: f64, step: f64): void {
  let i: i32 = 0;
  const s2 = f64x2.splat(start);
  const d2 = f64x2.splat(step);
  let ix = f64x2(0, 1);
  let iy = f64x2(2, 3);
  const four = f64x2.splat(4);
  for (; i + 4 <= n; i += 4) {
    const lo = f32x4.demote_f64x2_zero(f64x2.add(s2, f64x2.mul(ix, d2)));
    const hi = f32x4.demote_f64x2_zero(f64x2.add(s2, f64x2.mul(iy, d2)));
    v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    ix = f64x2.add(ix, four);
    iy = f64x2.add(iy, four);
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>(start + <f64>i * step));
}

// out[i] = first + i * delta (wrapping int32 arithmetic).
export function arange_i32(out: usize, n: i32, first: i32, delta: i32): void {
  let v = i32x4(first, first + delta, first + 2 * delta, first + 3 * delta);
  const d4 = i32x4.splat(delta * 4);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(out + (<usize>i << 2), v);
    v = i32x4.add(v, d4);
  }
  for (; i < n; i++) store<i32>(out + (<usize>i << 2), first + i * delta);
}

// indices read as [outer, inner]; out as [outer, classes, inner] with
// `on` where indices[o, i] == c, else 0. An index outside [0, classes)
// (negative included) gives an all-zero column, as Keras/TF one_hot.
@inline function oneHot<T>(idx: usize, out: usize, outer: i32, classes: i32, inner: i32, on: T): void {
  const esz = <usize>sizeof<T>();
  fillBytes<T>(out, <usize>outer * <usize>classes * <usize>inner, <T>0);
  for (let o: usize = 0; o < <usize>outer; o++) {
    for (let i: usize = 0; i < <usize>inner; i++) {
      const c = load<i32>(idx + ((o * <usize>inner + i) << 2));
      if (c >= 0 && c < classes) store<T>(out + ((o * <usize>classes + <usize>c) * <usize>inner + i) * esz, on);
    }
  }
}

export function one_hot_4(idx: usize, out: usize, outer: i32, classes: i32, inner: i32, bits: i32): void {
  oneHot<u32>(idx, out, outer, classes, inner, <u32>bits);
}
export function one_hot_2(idx: usize, out: usize, outer: i32, classes: i32, inner: i32, bits: i32): void {
  oneHot<u16>(idx, out, outer, classes, inner, <u16>bits);
}
export function one_hot_1(idx: usize, out: usize, outer: i32, classes: i32, inner: i32, value: i32): void {
  oneHot<u8>(idx, out, outer, classes, inner, <u8>value);
}

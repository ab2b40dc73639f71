// Layout kernels: copies that move elements without looking at them, so
// each is generic over the element size only (`_4`: float32/int32, `_2`:
// float16/bfloat16, `_1`: bool). The TypeScript ops turn transpose, broadcastTo, slice,
// concatenate, stack and take into these.
import { advance, delta, start } from "../common/odometer";

// ---- rows ---------------------------------------------------------------

// Copies `bytes` contiguous bytes (regions never overlap).
@inline function copyBytes(src: usize, dst: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 64 <= bytes; i += 64) {
    const a = v128.load(src + i);
    const b = v128.load(src + i + 16);
    const c = v128.load(src + i + 32);
    const d = v128.load(src + i + 48);
    v128.store(dst + i, a);
    v128.store(dst + i + 16, b);
    v128.store(dst + i + 32, c);
    v128.store(dst + i + 48, d);
  }
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i + 4 <= bytes; i += 4) store<u32>(dst + i, load<u32>(src + i));
  for (; i < bytes; i++) store<u8>(dst + i, load<u8>(src + i));
}

// Writes n copies of the element at `src`.
@inline function splatRow<T>(src: usize, dst: usize, n: usize): void {
  const esz = <usize>sizeof<T>();
  const bytes = n * esz;
  const v = sizeof<T>() == 4 ? v128.load32_splat(src) : sizeof<T>() == 2 ? v128.load16_splat(src) : v128.load8_splat(src);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v);
  for (; i < bytes; i += esz) store<T>(dst + i, load<T>(src));
}

// One output row of n elements read from `src` every `stride` elements.
@inline function row<T>(src: usize, stride: isize, dst: usize, n: usize): void {
  const esz = <usize>sizeof<T>();
  if (stride == 1) copyBytes(src, dst, n * esz);
  else if (stride == 0) splatRow<T>(src, dst, n);
  else {
    const step = <usize>(stride * <isize>esz);
    let p = src;
    for (let i: usize = 0; i < n; i++) {
      store<T>(dst + i * esz, load<T>(p));
      p += step;
    }
  }
}

// ---- strided copy ------------------------------------------------------------

// An R x C block: out[r, c] = src[r + c * sc] (a transpose: the output's
// rows read down the input's columns). Copied in 16 x 16 tiles so both
// sides stay in cache.
@inline function tile<T>(src: usize, sc: isize, dst: usize, R: usize, C: usize): void {
  const esz = <usize>sizeof<T>();
  const B: usize = 16;
  const step = <usize>(sc * <isize>esz);
  for (let r0: usize = 0; r0 < R; r0 += B) {
    const r1 = min(r0 + B, R);
    for (let c0: usize = 0; c0 < C; c0 += B) {
      const c1 = min(c0 + B, C);
      for (let r = r0; r < r1; r++) {
        let p = src + r * esz + c0 * step;
        const o = dst + r * C * esz;
        for (let c = c0; c < c1; c++) {
          store<T>(o + c * esz, load<T>(p));
          p += step;
        }
      }
    }
  }
}

// out (contiguous, shape `shape`) [i] = src[offset + sum_d idx_d * strides_d].
// `idx` is caller scratch for `rank` counters; rank >= 1. The innermost
// dim is one row (v128 copy for stride 1, splat for stride 0); when it is
// strided and the dim before it has stride 1, the last two dims are one
// tiled transpose block instead.
@inline function strided<T>(src: usize, out: usize, offset: i32, rank: i32, shape: usize, strides: usize, idx: usize): void {
  const esz = <usize>sizeof<T>();
  const last = <usize>(rank - 1) << 2;
  const n = <usize>load<i32>(shape + last);
  const s = <isize>load<i32>(strides + last);
  const tiled = rank >= 2 && s != 0 && s != 1 && load<i32>(strides + last - 4) == 1;
  const rowDims = tiled ? rank - 2 : rank - 1;
  const R: usize = tiled ? <usize>load<i32>(shape + last - 4) : 1;
  const block = R * n;
  const rows = start(idx, shape, rowDims);
  if (block == 0 || rows == 0) return;
  let off = <isize>offset;
  for (let r: usize = 0; r < rows; r++) {
    const from = src + <usize>(off * <isize>esz);
    const to = out + r * block * esz;
    if (tiled) tile<T>(from, s, to, R, n);
    else row<T>(from, s, to, n);
    const d = advance(idx, shape, rowDims);
    if (d < 0) break;
    off += delta(strides, shape, d, rowDims);
  }
}

export function strided_copy_4(src: usize, out: usize, offset: i32, rank: i32, shape: usize, strides: usize, idx: usize): void {
  strided<u32>(src, out, offset, rank, shape, strides, idx);
}
export function strided_copy_2(src: usize, out: usize, offset: i32, rank: i32, shape: usize, strides: usize, idx: usize): void {
  strided<u16>(src, out, offset, rank, shape, strides, idx);
}
export function strided_copy_1(src: usize, out: usize, offset: i32, rank: i32, shape: usize, strides: usize, idx: usize): void {
  strided<u8>(src, out, offset, rank, shape, strides, idx);
}

// ---- concatenate -------------------------------------------------------------

// Up to eight inputs, each read as [outer, rowLens[j]] and written side by
// side into out rows of sum(rowLens) elements. Unused inputs are 0.
@inline function concat<T>(
  out: usize, outer: i32, count: i32, rowLens: usize,
  a0: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize, a7: usize,
): void {
  const esz = <usize>sizeof<T>();
  let pitch: usize = 0;
  for (let j = 0; j < count; j++) pitch += <usize>load<i32>(rowLens + (<usize>j << 2));
  let col: usize = 0;
  for (let j = 0; j < count; j++) {
    const len = <usize>load<i32>(rowLens + (<usize>j << 2));
    const src = j == 0 ? a0 : j == 1 ? a1 : j == 2 ? a2 : j == 3 ? a3 : j == 4 ? a4 : j == 5 ? a5 : j == 6 ? a6 : a7;
    const bytes = len * esz;
    for (let o: usize = 0; o < <usize>outer; o++) {
      copyBytes(src + o * bytes, out + (o * pitch + col) * esz, bytes);
    }
    col += len;
  }
}

export function concat_4(out: usize, outer: i32, count: i32, rowLens: usize,
  a0: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize, a7: usize): void {
  concat<u32>(out, outer, count, rowLens, a0, a1, a2, a3, a4, a5, a6, a7);
}
export function concat_2(out: usize, outer: i32, count: i32, rowLens: usize,
  a0: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize, a7: usize): void {
  concat<u16>(out, outer, count, rowLens, a0, a1, a2, a3, a4, a5, a6, a7);
}
export function concat_1(out: usize, outer: i32, count: i32, rowLens: usize,
  a0: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize, a7: usize): void {
  concat<u8>(out, outer, count, rowLens, a0, a1, a2, a3, a4, a5, a6, a7);
}

// ---- take --------------------------------------------------------------------

// x read as [outer, axisDim, inner]; out[o, j, :] = x[o, idx[j], :] with a
// negative idx counting from the end. The op has checked every index.
@inline function take<T>(x: usize, idx: usize, out: usize, outer: i32, axisDim: i32, nIdx: i32, inner: i32): void {
  const esz = <usize>sizeof<T>();
  const rowBytes = <usize>inner * esz;
  let dst = out;
  for (let o: usize = 0; o < <usize>outer; o++) {
    const base = x + o * <usize>axisDim * rowBytes;
    for (let j: usize = 0; j < <usize>nIdx; j++) {
      let k = load<i32>(idx + (j << 2));
      if (k < 0) k += axisDim;
      if (inner == 1) store<T>(dst, load<T>(base + <usize>k * esz));
      else copyBytes(base + <usize>k * rowBytes, dst, rowBytes);
      dst += rowBytes;
    }
  }
}

export function take_4(x: usize, idx: usize, out: usize, outer: i32, axisDim: i32, nIdx: i32, inner: i32): void {
  take<u32>(x, idx, out, outer, axisDim, nIdx, inner);
}
export function take_2(x: usize, idx: usize, out: usize, outer: i32, axisDim: i32, nIdx: i32, inner: i32): void {
  take<u16>(x, idx, out, outer, axisDim, nIdx, inner);
}
export function take_1(x: usize, idx: usize, out: usize, outer: i32, axisDim: i32, nIdx: i32, inner: i32): void {
  take<u8>(x, idx, out, outer, axisDim, nIdx, inner);
}

// Reference twins of assembly/layout/copy.ts and assembly/layout/create.ts.
// `_4` kernels move 32-bit patterns, `_2` 16-bit ones and `_1` bytes, so
// the twins work on Int32Array / Uint16Array / Uint8Array views of the same
// buffers: no float round trip can touch a NaN payload or a -0.
import type { TypedArray } from "../../dtypes.js";
import { stridedOffsets } from "./strided.js";
import type { RefKernel, Twin } from "./types.js";

type Elems = Int32Array | Uint8Array | Uint16Array | Float64Array;
// 8-byte elements (float64) have reference-only kernels (no WASM export):
// see `wideLayoutKernels` below.
type Size = 8 | 4 | 2 | 1;

/** The same memory as elements of `size` bytes. */
function view(a: TypedArray, size: Size): Elems {
  const { buffer, byteOffset, length } = a;
  if (size === 4) return new Int32Array(buffer, byteOffset, length);
  if (size === 1) return new Uint8Array(buffer, byteOffset, length);
  return size === 2 ? new Uint16Array(buffer, byteOffset, length) : new Float64Array(buffer, byteOffset, length);
}

/** A 32-bit pattern, a 16-bit pattern, a byte, or (8) the float64 value itself. */
const elem = (bits: number, size: Size): number => (size === 4 ? bits | 0 : size === 1 ? bits & 255 : size === 2 ? bits & 0xffff : bits);

function stridedCopy(size: Size): Twin<"strided_copy_4"> {
  return (srcA, outA, offset, rank, shape, strides, _idx) => {
    const src = view(srcA, size);
    const out = view(outA, size);
    const offs = stridedOffsets(shape, strides, rank, offset);
    for (let i = 0; i < out.length; i++) out[i] = src[offs[i]!]!;
  };
}

function concat(size: Size): Twin<"concat_4"> {
  return (outA, outer, count, rowLens, in0, in1, in2, in3, in4, in5, in6, in7) => {
    const ins = [in0, in1, in2, in3, in4, in5, in6, in7];
    const out = view(outA, size);
    let pitch = 0;
    for (let j = 0; j < count; j++) pitch += rowLens[j]!;
    let col = 0;
    for (let j = 0; j < count; j++) {
      const len = rowLens[j]!;
      const src = view(ins[j] as TypedArray, size);
      for (let o = 0; o < outer; o++) {
        for (let e = 0; e < len; e++) out[o * pitch + col + e] = src[o * len + e]!;
      }
      col += len;
    }
  };
}

function take(size: Size): Twin<"take_4"> {
  return (xA, idx, outA, outer, axisDim, nIdx, inner) => {
    const x = view(xA, size);
    const out = view(outA, size);
    let p = 0;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < nIdx; j++) {
        let k = idx[j]!;
        if (k < 0) k += axisDim;
        const base = (o * axisDim + k) * inner;
        for (let e = 0; e < inner; e++) out[p++] = x[base + e]!;
      }
    }
  };
}

function fill(size: Size): Twin<"fill_4"> {
  return (outA, n, bits) => {
    view(outA, size).fill(elem(bits, size), 0, n);
  };
}

function eye(size: Size): Twin<"eye_4"> {
  return (outA, rows, cols, k, bits) => {
    const out = view(outA, size);
    out.fill(0, 0, rows * cols);
    for (let i = Math.max(0, -k); i < rows && i + k < cols; i++) out[i * cols + i + k] = elem(bits, size);
  };
}

function oneHot(size: Size): Twin<"one_hot_4"> {
  return (idx, outA, outer, classes, inner, bits) => {
    const out = view(outA, size);
    out.fill(0, 0, outer * classes * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const c = idx[o * inner + i]!;
        if (c >= 0 && c < classes) out[(o * classes + c) * inner + i] = elem(bits, size);
      }
    }
  };
}

const arangeFloat: Twin<"arange_f32"> = (out, n, start, step) => {
  for (let i = 0; i < n; i++) out[i] = start + i * step; // f64, rounded once by the store
};

const arangeI32: Twin<"arange_i32"> = (out, n, first, delta) => {
  for (let i = 0; i < n; i++) out[i] = (first + Math.imul(i, delta)) | 0;
};

/** The layout twins for elements of `size` bytes, named as in the kernel table. */
const sized = (size: Size): Record<string, RefKernel> => ({
  [`strided_copy_${size}`]: stridedCopy(size),
  [`concat_${size}`]: concat(size),
  [`take_${size}`]: take(size),
  [`fill_${size}`]: fill(size),
  [`eye_${size}`]: eye(size),
  [`one_hot_${size}`]: oneHot(size),
});

export const layoutKernels: Record<string, RefKernel> = { arange_f32: arangeFloat, arange_i32: arangeI32, ...sized(4), ...sized(2), ...sized(1) };

/** Reference-only (no WASM twin): layout kernels for 8-byte elements (float64). */
export const wideLayoutKernels: Record<string, RefKernel> = { ...sized(8), arange_f64: arangeFloat };

// Reference twins of assembly/layout/copy.ts and assembly/layout/create.ts.
// `_4` kernels move 32-bit patterns and `_1` kernels bytes, so the twins
// work on Int32Array / Uint8Array views of the same buffers: no float
// round trip can touch a NaN payload or a -0.
import type { TypedArray } from "../../dtypes.js";
import type { RefKernel } from "./types.js";

type Elems = Int32Array | Uint8Array;

/** The same memory as elements of `size` bytes. */
function view(a: TypedArray, size: 4 | 1): Elems {
  return size === 4 ? new Int32Array(a.buffer, a.byteOffset, a.length) : new Uint8Array(a.buffer, a.byteOffset, a.length);
}

/** A 32-bit pattern or a byte as the element value of a `size` array. */
const elem = (bits: number, size: 4 | 1): number => (size === 4 ? bits | 0 : bits & 255);

function stridedCopy(size: 4 | 1): RefKernel {
  return (...args) => {
    const [srcA, outA, offset, rank, shape, strides] = args as [TypedArray, TypedArray, number, number, Int32Array, Int32Array];
    const src = view(srcA, size);
    const out = view(outA, size);
    const n = out.length;
    const idx = new Int32Array(rank);
    let off = offset;
    for (let i = 0; i < n; i++) {
      out[i] = src[off]!;
      for (let d = rank - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) {
          off += strides[d]!;
          break;
        }
        idx[d] = 0;
        off -= strides[d]! * (shape[d]! - 1);
      }
    }
  };
}

function concat(size: 4 | 1): RefKernel {
  return (...args) => {
    const [outA, outer, count, rowLens, ...ins] = args as [TypedArray, number, number, Int32Array, ...(TypedArray | number)[]];
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

function take(size: 4 | 1): RefKernel {
  return (...args) => {
    const [xA, idx, outA, outer, axisDim, nIdx, inner] = args as [TypedArray, Int32Array, TypedArray, number, number, number, number];
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

function fill(size: 4 | 1): RefKernel {
  return (...args) => {
    const [outA, n, bits] = args as [TypedArray, number, number];
    view(outA, size).fill(elem(bits, size), 0, n);
  };
}

function eye(size: 4 | 1): RefKernel {
  return (...args) => {
    const [outA, rows, cols, k, bits] = args as [TypedArray, number, number, number, number];
    const out = view(outA, size);
    out.fill(0, 0, rows * cols);
    for (let i = Math.max(0, -k); i < rows && i + k < cols; i++) out[i * cols + i + k] = elem(bits, size);
  };
}

function oneHot(size: 4 | 1): RefKernel {
  return (...args) => {
    const [idx, outA, outer, classes, inner, bits] = args as [Int32Array, TypedArray, number, number, number, number];
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

const arangeF32: RefKernel = (...args) => {
  const [out, n, start, step] = args as [Float32Array, number, number, number];
  for (let i = 0; i < n; i++) out[i] = start + i * step; // f64, rounded once by the store
};

const arangeI32: RefKernel = (...args) => {
  const [out, n, first, delta] = args as [Int32Array, number, number, number];
  for (let i = 0; i < n; i++) out[i] = (first + Math.imul(i, delta)) | 0;
};

export const layoutKernels: Record<string, RefKernel> = { arange_f32: arangeF32, arange_i32: arangeI32 };
for (const size of [4, 1] as const) {
  layoutKernels[`strided_copy_${size}`] = stridedCopy(size);
  layoutKernels[`concat_${size}`] = concat(size);
  layoutKernels[`take_${size}`] = take(size);
  layoutKernels[`fill_${size}`] = fill(size);
  layoutKernels[`eye_${size}`] = eye(size);
  layoutKernels[`one_hot_${size}`] = oneHot(size);
}

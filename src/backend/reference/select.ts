// Reference twin of assembly/elementwise/select.ts: where(c, a, b) over
// the same collapsed three-way broadcast walk.
import type { TypedArray } from "../../dtypes.js";
import { stridedOffsets } from "./strided.js";
import type { RefKernel } from "./types.js";

const where: RefKernel = (...args) => {
  const [c, a, b, out, rank, shape, cStr, aStr, bStr] = args as [
    TypedArray, TypedArray, TypedArray, TypedArray, number, Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  const co = stridedOffsets(shape, cStr, rank);
  const ao = stridedOffsets(shape, aStr, rank);
  const bo = stridedOffsets(shape, bStr, rank);
  for (let i = 0; i < out.length; i++) out[i] = c[co[i]!] ? a[ao[i]!]! : b[bo[i]!]!;
};

export const selectKernels: Record<string, RefKernel> = { where_f32: where, where_i32: where, where_u8: where };

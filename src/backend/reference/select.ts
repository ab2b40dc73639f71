// Reference twin of assembly/elementwise/select.ts: where(c, a, b) over
// the same collapsed three-way broadcast walk.
import type { TypedArray } from "../../dtypes.js";
import { stridedOffsets } from "./strided.js";
import type { RefKernel, Twin } from "./types.js";

const where: Twin<"where_f32"> = (c, a, b, out, rank, shape, cStr, aStr, bStr, _idx) => {
  const co = stridedOffsets(shape, cStr, rank);
  const ao = stridedOffsets(shape, aStr, rank);
  const bo = stridedOffsets(shape, bStr, rank);
  for (let i = 0; i < out.length; i++) out[i] = c[co[i]!] ? a[ao[i]!]! : b[bo[i]!]!;
};

export const selectKernels: Record<string, RefKernel> = { where_f32: where, where_i32: where, where_u8: where, where_f64: where };

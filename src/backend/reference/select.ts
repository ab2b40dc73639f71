// Reference twin of assembly/elementwise/select.ts: where(c, a, b) over
// the same collapsed three-way broadcast walk.
import type { TypedArray } from "../../dtypes.js";
import type { RefKernel } from "./types.js";

const where: RefKernel = (...args) => {
  const [c, a, b, out, rank, shape, cStr, aStr, bStr] = args as [
    TypedArray, TypedArray, TypedArray, TypedArray, number, Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  const idx = new Int32Array(rank);
  const n = out.length;
  let co = 0;
  let ao = 0;
  let bo = 0;
  for (let i = 0; i < n; i++) {
    out[i] = c[co] ? a[ao]! : b[bo]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        co += cStr[d]!;
        ao += aStr[d]!;
        bo += bStr[d]!;
        break;
      }
      idx[d] = 0;
      co -= cStr[d]! * (shape[d]! - 1);
      ao -= aStr[d]! * (shape[d]! - 1);
      bo -= bStr[d]! * (shape[d]! - 1);
    }
  }
};

export const selectKernels: Record<string, RefKernel> = { where_f32: where, where_i32: where, where_u8: where };

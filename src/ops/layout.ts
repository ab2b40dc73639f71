// The copy every layout op shares: one strided-copy kernel call (or a view
// when the copy would read the input in order).
import { exec, output } from "../backend/exec.js";
import { esz } from "../backend/kernels.js";
import { collapse, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/**
 * out[i] = x[offset + sum_d idx_d * strides[d]] over `outShape`. A copy
 * that reads x in order (identity) is returned as a view instead. `where`
 * names the op in the size error.
 */
export function stridedCopy(x: Tensor, outShape: number[], strides: number[], offset: number, where: string): Tensor {
  const n = sizeOf(outShape);
  const c = collapse(outShape, [strides]);
  const st = c.strides[0]!;
  if (n === x.size && offset === 0 && c.shape.length === 1 && st[0] === 1) return new Tensor(x.storage, outShape, x.dtype);
  const out = output(x.dtype, n, where, outShape);
  const rank = c.shape.length;
  exec(`strided_copy${esz(x.dtype)}` as const, [x.storage, out, offset, rank, Int32Array.from(c.shape), Int32Array.from(st), new Int32Array(rank)]);
  return new Tensor(out, outShape, x.dtype);
}


// Matrix products with NumPy's matmul semantics, on one kernel call.
import type { DType } from "../dtypes.js";
import { resultType } from "../dtypes.js";
import { ValueError, formatShape } from "../errors.js";
import { broadcastShapes, broadcastStrides, sizeOf } from "../shape.js";
import type { TensorLike } from "./convert.js";
import { cast, run, toTensor } from "./core.js";
import { differentiable, type GradientRule } from "../autodiff/registry.js";
import { Tensor as Tensor } from "../tensor.js";

/**
 * Element offsets of each output batch's A (m x k) and B (k x n) matrix,
 * walking the broadcast batch shape row-major.
 */
function batchOffsets(aBatch: number[], bBatch: number[], outBatch: number[], aMat: number, bMat: number): [Int32Array, Int32Array] {
  const count = sizeOf(outBatch);
  const sa = broadcastStrides(aBatch, outBatch);
  const sb = broadcastStrides(bBatch, outBatch);
  const ao = new Int32Array(count);
  const bo = new Int32Array(count);
  const rank = outBatch.length;
  const idx = new Array<number>(rank).fill(0);
  let a = 0;
  let b = 0;
  for (let t = 0; t < count; t++) {
    ao[t] = a * aMat;
    bo[t] = b * bMat;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < outBatch[d]!) {
        a += sa[d]!;
        b += sb[d]!;
        break;
      }
      idx[d] = 0;
      a -= sa[d]! * (outBatch[d]! - 1);
      b -= sb[d]! * (outBatch[d]! - 1);
    }
  }
  return [ao, bo];
}

/**
 * `keras.ops.matmul`: the matrix product of two tensors, as `numpy.matmul`.
 *
 * - 2-D x 2-D: the matrix product, `[m, k] @ [k, n] -> [m, n]`.
 * - N-D: a stack of matrices in the last two dims; the leading (batch)
 *   dims broadcast, e.g. `[2, 1, m, k] @ [3, k, n] -> [2, 3, m, n]`.
 * - 1-D `x1` is a row vector (`[k]` as `[1, k]`, the 1 removed from the
 *   result); 1-D `x2` is a column vector (`[k]` as `[k, 1]`, likewise).
 *   1-D @ 1-D is the dot product, a scalar.
 * - Scalars (0-D) are rejected as NumPy does: use `ops.multiply`.
 *
 * dtype: float32 if either input is float32, else int32 (integer products
 * and sums wrap around on overflow). `bool @ bool` gives int32, the count
 * of true pairs: Keras's NumPy backend would return bool there.
 *
 * Each output element is summed in order over k with float32 rounding
 * after every multiply and every add (no fused multiply-add), so results
 * do not depend on the shapes' blocking or on the SIMD width.
 *
 * @example
 * ops.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]).toArray(); // [[19, 22], [43, 50]]
 * ops.matmul([1, 2, 3], [4, 5, 6]).toArray();               // 32
 * ops.matmul(ops.ones([8, 2, 3]), ops.ones([3, 4])).shape;  // [8, 2, 4]
 */
const matmulWithGradient = differentiable("matmul", matmul, matmulGrad, [0, 1]);
export { matmulWithGradient as matmul };

function matmul(x1: TensorLike, x2: TensorLike): Tensor {
  const where = "ops.matmul";
  const a = toTensor(x1, where, "x1");
  const b = toTensor(x2, where, "x2");
  for (const [t, arg] of [[a, "x1"], [b, "x2"]] as const) {
    if (t.ndim === 0) {
      throw new ValueError(
        `${where}: argument '${arg}' must have at least 1 dimension (matmul does not take scalars; use ops.multiply); received a tensor of shape ()`,
      );
    }
  }
  const sa = a.ndim === 1 ? [1, a.shape[0]!] : a.shape;
  const sb = b.ndim === 1 ? [b.shape[0]!, 1] : b.shape;
  const out = product(a, b, sa, sb, 0, where);
  const outShape = out.shape;
  if (a.ndim === 1) outShape.splice(outShape.length - 2, 1);
  if (b.ndim === 1) outShape.pop();
  return outShape.length === out.ndim ? out : new Tensor(out.storage, outShape, out.dtype);
}

/**
 * The matrix product of `a` and `b` read as matrices of shapes `sa` / `sb`
 * (rank >= 2, batch dims broadcast), `trans` bit 1 / 2 reading A / B
 * transposed in place (the last two dims of `sa` / `sb` swapped).
 */
export function product(a: Tensor, b: Tensor, sa: readonly number[], sb: readonly number[], trans: number, where: string): Tensor {
  const ra = sa.length;
  const rb = sb.length;
  const m = trans & 1 ? sa[ra - 1]! : sa[ra - 2]!;
  const k = trans & 1 ? sa[ra - 2]! : sa[ra - 1]!;
  const kb = trans & 2 ? sb[rb - 1]! : sb[rb - 2]!;
  const n = trans & 2 ? sb[rb - 2]! : sb[rb - 1]!;
  if (k !== kb) {
    throw new ValueError(
      `${where}: Inner dimensions (\`x1.shape[-1]\` and \`x2.shape[-2]\`) must be equal, ` +
        `but received \`x1.shape=${formatShape(sa)}\` and \`x2.shape=${formatShape(sb)}\`.`,
    );
  }
  const aBatch = sa.slice(0, -2);
  const bBatch = sb.slice(0, -2);
  const outBatch = broadcastShapes(aBatch, bBatch, where);
  const outShape = [...outBatch, m, n];

  let dt: DType = resultType(a.dtype, b.dtype);
  if (dt === "bool") dt = "int32";
  const ta = cast(a, dt);
  const tb = cast(b, dt);

  const count = sizeOf(outBatch);
  const lda = trans & 1 ? m : k;
  if ((sizeOf(bBatch) === 1 && !(trans & 1)) || count === 0) {
    // One B for every batch (or nothing to do): A's batches are contiguous
    // m x k matrices, so the whole stack is one (count * m) x k matrix.
    // With batch 1 the kernel reads no offsets.
    return run("matmul", dt, [ta.storage, tb.storage, 1, count * m, k, n, 0, 0, trans, lda], outShape, dt, where);
  }
  const [ao, bo] = batchOffsets(aBatch, bBatch, outBatch, m * k, k * n);
  return run("matmul", dt, [ta.storage, tb.storage, count, m, k, n, ao, bo, trans, lda], outShape, dt, where);
}

// ---- gradient ----------------------------------------------------------------

// dA = dY @ B^T and dB = A^T @ dY on the matrix forms (vectors as [1, k]
// and [k, 1]), the transposes read in place by the kernel; the tape then
// sums batch axes that were broadcast. Only the gradients needed are made.
function matmulGrad(...[dy, [x1, x2], , , needs]: Parameters<GradientRule>): ReturnType<GradientRule> {
  const a = toTensor(x1 as TensorLike, "ops.matmul", "x1");
  const b = toTensor(x2 as TensorLike, "ops.matmul", "x2");
  const a2 = a.ndim === 1 ? new Tensor(a.storage, [1, a.size], a.dtype) : a;
  const b2 = b.ndim === 1 ? new Tensor(b.storage, [b.size, 1], b.dtype) : b;
  const shape = dy.shape.slice();
  if (b.ndim === 1) shape.push(1);
  if (a.ndim === 1) shape.splice(shape.length - 1, 0, 1);
  const dy2 = new Tensor(dy.storage, shape, dy.dtype);
  let ga = needs[0] ? product(dy2, b2, dy2.shape, b2.shape, 2, "ops.matmul") : null;
  let gb = needs[1] ? product(a2, dy2, a2.shape, dy2.shape, 1, "ops.matmul") : null;
  // Drop the vector's unit axis before the batch sum: [..., 1, k] -> [..., k].
  if (ga !== null && a.ndim === 1) ga = new Tensor(ga.storage, [...ga.shape.slice(0, -2), a.size], ga.dtype);
  if (gb !== null && b.ndim === 1) gb = new Tensor(gb.storage, [...gb.shape.slice(0, -2), b.size], gb.dtype);
  return [ga, gb];
}

// Shape and layout ops. Views (reshape, expandDims, squeeze) share the
// input's storage; the others run one layout kernel (assembly/layout/):
// transpose, broadcastTo and slice are one strided copy, concatenate and
// stack one row copy, take and oneHot their own kernel.
import { STORAGE, resultType, standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { exec, output } from "../backend/exec.js";
import { esz, type ArgsOf } from "../backend/kernels.js";
import { materialize, releaseTemporaries, type Storage } from "../backend/memory.js";
import { checkShape, collapse, normalizeAxes, normalizeAxis, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { bitsOf, tensor, type TensorLike } from "./convert.js";
import { cast, toTensor } from "./core.js";
import { stridedCopy } from "./layout.js";
import { matmul } from "./linalg.js";
import { differentiable, operation } from "../autodiff/registry.js";

function checkInt(v: unknown, where: string, arg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new ValueError(`${where}: argument '${arg}' must be an integer; received ${describe(v)}`);
  }
  return v;
}

function intList(v: unknown, where: string, arg: string): number[] {
  const list = typeof v === "number" ? [v] : v;
  if (!Array.isArray(list)) {
    throw new ValueError(`${where}: argument '${arg}' must be an integer or an array of integers; received ${describe(v)}`);
  }
  return list.map((d) => checkInt(d, where, arg));
}

/**
 * `keras.ops.reshape`: the same elements in a new shape (a view, no copy).
 * One dimension may be -1 and is inferred.
 *
 * @example
 * ops.reshape(ops.arange(6), [2, -1]).shape; // [2, 3]
 */
const reshapeWithGradient = differentiable("reshape", reshape, (dy, [x]) => [reshape(dy, (x as Tensor).shape)]);
export { reshapeWithGradient as reshape };

function reshape(x: TensorLike, newShape: number | readonly number[]): Tensor {
  const where = "ops.reshape";
  const t = toTensor(x, where, "x");
  const shape = intList(newShape, where, "newshape");
  const unknown = shape.filter((d) => d === -1).length;
  const bad = shape.find((d) => d < -1);
  if (bad !== undefined) {
    throw new ValueError(`${where}: argument 'newshape' may only contain non-negative integers and one -1; received ${describe(newShape)}`);
  }
  if (unknown > 1) {
    throw new ValueError(`${where}: there must be at most one unknown dimension (-1) in newshape. Received: newshape=${formatShape(shape)}`);
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const fail = (): never => {
    throw new ValueError(
      `${where}: cannot reshape array of size ${t.size} into shape ${formatShape(shape)}. The total size of the tensor ` +
        `must be unchanged. Received: input_shape=${formatShape(t.shape)}, newshape=${formatShape(shape)}`,
    );
  };
  if (unknown === 1) {
    if (known === 0 || t.size % known !== 0) fail();
    shape[shape.indexOf(-1)] = t.size / known;
  } else if (known !== t.size) fail();
  return new Tensor(t.storage, shape, t.dtype);
}

/**
 * `keras.ops.transpose`: permutes the axes (reverses them by default).
 *
 * @example
 * ops.transpose([[1, 2, 3], [4, 5, 6]]).toArray(); // [[1, 4], [2, 5], [3, 6]]
 */
const transposeWithGradient = differentiable("transpose", transpose, (dy, [x], _out, [, axes]) => [transpose(dy, inversePerm(axes, (x as Tensor).ndim))]);
export { transposeWithGradient as transpose };

function transpose(x: TensorLike, axes?: readonly number[] | null): Tensor {
  const where = "ops.transpose";
  const t = toTensor(x, where, "x");
  const nd = t.ndim;
  let perm: number[];
  if (axes == null) perm = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  else {
    const list = intList(axes, where, "axes");
    if (list.length !== nd) {
      throw new ValueError(`${where}: axes don't match array: expected a permutation of ${nd} axes for a tensor of shape ${formatShape(t.shape)}; received axes=${describe(axes)}`);
    }
    perm = list.map((a) => normalizeAxis(a, nd, where, "axes"));
    if (new Set(perm).size !== nd) throw new ValueError(`${where}: argument 'axes' contains a repeated axis: ${describe(axes)}`);
  }
  const st = stridesOf(t.shape);
  return stridedCopy(t, perm.map((a) => t.shape[a]!), perm.map((a) => st[a]!), 0, where);
}

/**
 * `keras.ops.expand_dims`: inserts size-1 axes at `axis` (an int or a list,
 * positions in the result; negative counts from the end). A view.
 *
 * @example
 * ops.expandDims([1, 2], 0).shape; // [1, 2]
 */
const expandDimsWithGradient = differentiable("expandDims", expandDims, (dy, [x]) => [reshape(dy, (x as Tensor).shape)]);
export { expandDimsWithGradient as expandDims };

function expandDims(x: TensorLike, axis: number | readonly number[]): Tensor {
  const where = "ops.expandDims";
  const t = toTensor(x, where, "x");
  const list = intList(axis, where, "axis");
  const nd = t.ndim + list.length;
  const axes = normalizeAxes(list, nd, where);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) shape.push(axes.includes(i) ? 1 : t.shape[k++]!);
  return new Tensor(t.storage, shape, t.dtype);
}

/**
 * `keras.ops.squeeze`: removes size-1 axes (all of them, or those in `axis`).
 * A view.
 *
 * @example
 * ops.squeeze(ops.zeros([1, 3, 1])).shape; // [3]
 */
const squeezeWithGradient = differentiable("squeeze", squeeze, (dy, [x]) => [reshape(dy, (x as Tensor).shape)]);
export { squeezeWithGradient as squeeze };

function squeeze(x: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const where = "ops.squeeze";
  const t = toTensor(x, where, "x");
  let drop: number[];
  if (axis == null) drop = t.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    drop = normalizeAxes(intList(axis, where, "axis"), t.ndim, where);
    for (const a of drop) {
      if (t.shape[a] !== 1) {
        throw new ValueError(`${where}: cannot squeeze axis ${a}, because the dimension is not 1 (input shape ${formatShape(t.shape)}, axis=${describe(axis)})`);
      }
    }
  }
  return new Tensor(t.storage, t.shape.filter((_, i) => !drop.includes(i)), t.dtype);
}

// Up to 8 inputs per concat kernel call; more are concatenated in groups
// (a tree), so stacking N tensors costs O(size * log8 N), not O(size * N).
const MAX_IN = 8;

/**
 * Writes rows of `lens[j]` elements of each input side by side, `outer`
 * times. `shape` is the op's output shape (for the size error).
 */
function concatRows(ins: Storage[], lens: number[], outer: number, dtype: DType, where: string, shape: readonly number[]): Storage {
  if (ins.length <= MAX_IN) {
    const out = output(dtype, outer * lens.reduce((a, b) => a + b, 0), where, shape);
    // Unused input slots are 0.
    const args: ArgsOf<"concat_4"> = [out, outer, ins.length, Int32Array.from(lens), 0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < ins.length; j++) args[4 + j] = ins[j]!;
    exec(`concat${esz(dtype)}` as const, args);
    return out;
  }
  const groups: Storage[] = [];
  const glens: number[] = [];
  for (let i = 0; i < ins.length; i += MAX_IN) {
    const l = lens.slice(i, i + MAX_IN);
    groups.push(concatRows(ins.slice(i, i + MAX_IN), l, outer, dtype, where, shape));
    glens.push(l.reduce((a, b) => a + b, 0));
  }
  const out = concatRows(groups, glens, outer, dtype, where, shape);
  releaseTemporaries(out, groups);
  return out;
}

function tensorList(xs: unknown, where: string): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(`${where}: argument 'xs' must be a non-empty array of tensors; received ${describe(xs)}`);
  }
  const ts = xs.map((x: TensorLike, i) => toTensor(x, where, `xs[${i}]`));
  const dt = resultType(...ts.map((t) => t.dtype));
  return ts.map((t) => cast(t, dt));
}

/**
 * `keras.ops.concatenate`: joins tensors along an existing axis (all axes
 * flattened when `axis` is null). Dtypes are promoted as Keras does.
 *
 * @example
 * ops.concatenate([[[1, 2]], [[3, 4]]], 0).toArray(); // [[1, 2], [3, 4]]
 */
const concatenateWithGradient = differentiable("concatenate", concatenate, (dy, xs, _out, [, axis]) => splitAlong(dy, xs, axis === null ? 0 : (axis as number), false), "list");
export { concatenateWithGradient as concatenate };

function concatenate(xs: readonly TensorLike[], axis: number | null = 0): Tensor {
  const where = "ops.concatenate";
  let ts = tensorList(xs, where);
  if (axis === null) ts = ts.map((t) => new Tensor(t.storage, [t.size], t.dtype));
  const first = ts[0]!;
  if (first.ndim === 0) throw new ValueError(`${where}: zero-dimensional arrays cannot be concatenated (input 0 has shape ())`);
  const ax = normalizeAxis(axis ?? 0, first.ndim, where);
  ts.forEach((t, i) => {
    const ok = t.ndim === first.ndim && t.shape.every((d, k) => k === ax || d === first.shape[k]);
    if (!ok) {
      throw new ValueError(
        `${where}: all input shapes must match except on the concatenation axis ${ax}; ` +
          `input ${i} has shape ${formatShape(t.shape)} but input 0 has shape ${formatShape(first.shape)}`,
      );
    }
  });
  const outShape = first.shape.slice();
  outShape[ax] = ts.reduce((a, t) => a + t.shape[ax]!, 0);
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const out = concatRows(ts.map((t) => t.storage), ts.map((t) => t.shape[ax]! * inner), outer, first.dtype, where, outShape);
  return new Tensor(out, outShape, first.dtype);
}

/**
 * `keras.ops.stack`: joins same-shaped tensors along a new axis.
 *
 * @example
 * ops.stack([[1, 2], [3, 4]], 1).toArray(); // [[1, 3], [2, 4]]
 */
const stackWithGradient = differentiable("stack", stack, (dy, xs, _out, [, axis]) => splitAlong(dy, xs, (axis as number | undefined) ?? 0, true), "list");
export { stackWithGradient as stack };

function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  const where = "ops.stack";
  const ts = tensorList(xs, where);
  const shape = ts[0]!.shape;
  ts.forEach((t, i) => {
    if (t.ndim !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
      throw new ValueError(`${where}: all input arrays must have the same shape; input ${i} has shape ${formatShape(t.shape)} but input 0 has shape ${formatShape(shape)}`);
    }
  });
  const ax = normalizeAxis(axis, shape.length + 1, where);
  const outShape = [...shape.slice(0, ax), ts.length, ...shape.slice(ax)];
  const rowLen = sizeOf(shape.slice(ax));
  const out = concatRows(ts.map((t) => t.storage), ts.map(() => rowLen), sizeOf(shape.slice(0, ax)), ts[0]!.dtype, where, outShape);
  return new Tensor(out, outShape, ts[0]!.dtype);
}

/**
 * `keras.ops.slice`: the block of `shape` starting at `startIndices`. A -1
 * in `shape` takes everything from the start to the end of that axis.
 *
 * @example
 * ops.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, 2]).toArray(); // [[2, 3], [5, 6]]
 */
const sliceWithGradient = differentiable("slice", slice, (dy, [x], _out, [, start]) => [padInto(dy, (x as Tensor).shape, start as number[])]);
export { sliceWithGradient as slice };

function slice(inputs: TensorLike, startIndices: readonly number[], shape: readonly number[]): Tensor {
  const where = "ops.slice";
  const t = toTensor(inputs, where, "inputs");
  const start = intList(startIndices, where, "start_indices");
  const size = intList(shape, where, "shape");
  if (start.length !== t.ndim || size.length !== t.ndim) {
    throw new ValueError(
      `${where}: 'start_indices' and 'shape' need one entry per axis of the input of shape ${formatShape(t.shape)}; ` +
        `received start_indices=${describe(startIndices)}, shape=${describe(shape)}`,
    );
  }
  const outShape = size.map((s, d) => {
    const dim = t.shape[d]!;
    const b = start[d]!;
    const len = s === -1 ? dim - b : s;
    if (b < 0 || b > dim || len < 0 || b + len > dim) {
      throw new ValueError(
        `${where}: the slice starting at ${describe(start)} with shape ${describe(size)} does not fit in the input of shape ` +
          `${formatShape(t.shape)} (axis ${d}: start ${b}, size ${s}, dimension ${dim})`,
      );
    }
    return len;
  });
  const st = stridesOf(t.shape);
  return stridedCopy(t, outShape, st, start.reduce((a, b, d) => a + b * st[d]!, 0), where);
}

/**
 * `keras.ops.broadcast_to`: repeats `x` along size-1 and new leading axes.
 *
 * @example
 * ops.broadcastTo([1, 2], [2, 2]).toArray(); // [[1, 2], [1, 2]]
 */
// The tape sums dy over the broadcast axes.
const broadcastToWithGradient = differentiable("broadcastTo", broadcastTo, (dy) => [dy]);
export { broadcastToWithGradient as broadcastTo };

function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const where = "ops.broadcastTo";
  const t = toTensor(x, where, "x");
  const out = checkShape(shape, where);
  const off = out.length - t.ndim;
  const src = stridesOf(t.shape);
  const fits = off >= 0 && t.shape.every((d, i) => d === out[i + off] || d === 1);
  if (!fits) {
    throw new ValueError(`${where}: cannot broadcast a tensor of shape ${formatShape(t.shape)} to shape ${formatShape(out)}`);
  }
  return stridedCopy(t, out, out.map((d, i) => (i < off || t.shape[i - off] === 1 ? 0 : src[i - off]!)), 0, where);
}

/**
 * Indices as an int32 tensor. Integers only, as NumPy's take (the Keras
 * numpy backend) and the array API refuse float and bool index arrays:
 * int32 tensors as they are, JS numbers checked to be integers (converted
 * exactly, not via float32). A float tensor used to be truncated (NaN -> 0)
 * while JS non-integers were refused.
 */
function indexTensor(indices: TensorLike, where: string): Tensor {
  if (indices instanceof Tensor) {
    if (indices.dtype !== "int32") {
      throw new KerasTypeError(
        `${where}: argument 'indices' must hold integers; received a ${indices.dtype} tensor ` +
          `(cast it first: ops.cast(indices, "int32"))`,
      );
    }
    return indices;
  }
  const t = toTensor(indices, where, "indices"); // validates the structure (raggedness, depth, cycles)
  if (t.dtype === "int32") return t;
  if (indices instanceof Float32Array || indices instanceof Float64Array) {
    throw new KerasTypeError(`${where}: argument 'indices' must hold integers; received a ${indices.constructor.name} (use an Int32Array)`);
  }
  // JS numbers: integers are ints (converted exactly, not via float32).
  const check = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(check);
    else if (typeof v === "boolean" || (typeof v === "number" && !Number.isInteger(v))) {
      throw new KerasTypeError(`${where}: argument 'indices' must hold integers; received ${v}`);
    }
  };
  check(indices);
  return tensor(indices, null, "int32");
}

/**
 * `keras.ops.take`: elements (or slices along `axis`) at `indices`; negative
 * indices count from the end. With `axis` null, `x` is flattened first.
 * Indices are integers: integer JS numbers, an int32 tensor or an integer
 * typed array (float tensors are refused, as NumPy refuses them).
 *
 * @example
 * ops.take([[1, 2], [3, 4]], [1, -2], 0).toArray(); // [[3, 4], [1, 2]]
 */
const takeWithGradient = differentiable("take", take, (dy, [x], _out, [, indices, axis]) => [takeGrad(dy, x as Tensor, indices as TensorLike, axis as number | null | undefined)]);
export { takeWithGradient as take };

function take(x: TensorLike, indices: TensorLike, axis: number | null = null): Tensor {
  const where = "ops.take";
  let t = toTensor(x, where, "x");
  const idx = indexTensor(indices, where);
  if (axis === null) t = new Tensor(t.storage, [t.size], t.dtype);
  const ax = normalizeAxis(axis ?? 0, t.ndim, where);
  const dim = t.shape[ax]!;
  const d = materialize(idx.storage);
  for (let i = 0; i < d.length; i++) {
    const k = d[i]!;
    if (k < -dim || k >= dim) throw new ValueError(`${where}: index ${k} is out of bounds for axis ${ax} with size ${dim}`);
  }
  const outShape = [...t.shape.slice(0, ax), ...idx.shape, ...t.shape.slice(ax + 1)];
  const out = output(t.dtype, sizeOf(outShape), where, outShape);
  exec(`take${esz(t.dtype)}` as const, [t.storage, idx.storage, out, sizeOf(t.shape.slice(0, ax)), dim, idx.size, sizeOf(t.shape.slice(ax + 1))]);
  return new Tensor(out, outShape, t.dtype);
}

/**
 * `keras.ops.one_hot`: a `numClasses` axis (last by default) that is 1 at
 * each index and 0 elsewhere; out-of-range and negative indices give zeros.
 *
 * @example
 * ops.oneHot(new Int32Array([0, 2]), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]
 * @function
 */
export const oneHot = operation("oneHot", function oneHot(x: TensorLike, numClasses: number, axis = -1, dtype: DType | string = "float32"): Tensor {
  const where = "ops.oneHot";
  const t = cast(toTensor(x, where, "x"), "int32");
  const classes = checkInt(numClasses, where, "num_classes");
  if (classes < 0) throw new ValueError(`${where}: argument 'num_classes' must be non-negative; received ${classes}`);
  const ax = checkInt(axis, where, "axis");
  if (ax !== -1 && (ax < 0 || ax >= t.ndim)) {
    throw new ValueError(`${where}: axis must be -1 or between [0, ${t.ndim}), but received ${ax}.`);
  }
  const dt = standardizeDtype(dtype);
  const pos = ax === -1 ? t.ndim : ax;
  const outShape = [...t.shape.slice(0, pos), classes, ...t.shape.slice(pos)];
  const out = output(dt, sizeOf(outShape), where, outShape);
  exec(`one_hot${esz(dt)}` as const, [t.storage, out, sizeOf(t.shape.slice(0, pos)), classes, sizeOf(t.shape.slice(pos)), bitsOf(1, dt, where)]);
  return new Tensor(out, outShape, dt);
});

// ---- gradients ------------------------------------------------------------------

function inversePerm(axes: unknown, nd: number): number[] | null {
  if (axes == null) return null; // reversing is its own inverse
  const inv = new Array<number>(nd);
  (axes as number[]).forEach((a, i) => (inv[normalizeAxis(a, nd, "ops.transpose", "axes")] = i));
  return inv;
}

/** dy cut back into the inputs of a concatenate (or a stack: `newAxis`) along `axis`. */
function splitAlong(dy: Tensor, xs: readonly unknown[], axis: number, newAxis: boolean): Tensor[] {
  const flat = dy.ndim === 1 && !newAxis;
  const ax = normalizeAxis(axis, dy.ndim, "ops.concatenate");
  const start = dy.shape.map(() => 0);
  return xs.map((x, i) => {
    const n = newAxis ? 1 : flat ? toTensor(x as TensorLike, "ops.concatenate", `xs[${i}]`).size : toTensor(x as TensorLike, "ops.concatenate", `xs[${i}]`).shape[ax]!;
    const size = dy.shape.slice();
    size[ax] = n;
    const part = slice(dy, start, size);
    start[ax]! += n;
    return part; // same size as x: the tape reshapes it
  });
}

/** dy placed at `start` in zeros of `shape`: the gradient of a slice. */
function padInto(dy: Tensor, shape: readonly number[], start: readonly number[]): Tensor {
  let g = dy;
  shape.forEach((dim, d) => {
    const before = start[d]!;
    const after = dim - before - g.shape[d]!;
    if (before === 0 && after === 0) return;
    // Zeros by broadcasting a scalar (creation.ts imports this module).
    const side = (n: number): Tensor => broadcastTo(tensor(0, null, g.dtype), g.shape.map((s, k) => (k === d ? n : s)));
    g = concatenate([side(before), g, side(after)], d);
  });
  return g;
}

// Scatter-add of dy into x's shape as a one-hot product: grad[o, k, i] =
// sum_j [idx_j == k] dy[o, j, i], so repeated indices add up.
function takeGrad(dy: Tensor, x: Tensor, indices: TensorLike, axis: number | null | undefined): Tensor {
  const ax = axis == null ? 0 : normalizeAxis(axis, x.ndim, "ops.take");
  const shape = axis == null ? [x.size] : x.shape;
  const dim = shape[ax]!;
  const idx = materialize(indexTensor(indices, "ops.take").storage);
  const norm = Int32Array.from(idx, (k) => (k < 0 ? k + dim : k));
  const hot = oneHot(norm, dim, -1, dy.dtype); // [n, dim]
  const outer = sizeOf(shape.slice(0, ax));
  const inner = sizeOf(shape.slice(ax + 1));
  const g = matmul(transpose(hot), reshape(dy, [outer, norm.length, inner]));
  return reshape(g, x.shape);
}

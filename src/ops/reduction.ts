// Reductions: sum, prod, max, min, argmax, argmin, mean (built on sum),
// var / std (the moments kernels). The kernels reduce the middle dimension
// of an [outer, R, inner] layout; adjacent reduced axes merge into one R,
// and non-adjacent groups reduce in several passes, the last group first.
import { accumulationDtype, isWideningFloat, type DType } from "../dtypes.js";
import { withFloat64Results } from "../dtype_promotion.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { normalizeAxes, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import type { TensorLike } from "./convert.js";
import { releaseTemporaries, type Storage } from "../backend/memory.js";
import { cast, run, toTensor } from "./core.js";
import { add, divide, equal, multiply, subtract } from "./elementwise.js";
import { sqrt } from "./math.js";
import { broadcastTo, reshape, transpose } from "./shape_ops.js";
import { differentiable, type GradientRule, operation } from "../autodiff/registry.js";

/** `axis` of a reduction: all axes (null), one axis, or several. */
export type Axis = number | readonly number[] | null;

/** Keyword form of a reduction's optional arguments. */
export interface ReduceOptions {
  /** The axes to reduce; null (the default) reduces all. */
  axis?: Axis;
  /** Keep reduced axes as dimensions of size 1 (default false). */
  keepdims?: boolean;
}

/** A reduction's second argument: the axis (or axes), or the options object. */
export type AxisArg = Axis | ReduceOptions | undefined;

interface Parsed {
  x: Tensor;
  axes: number[];
  keepdims: boolean;
  where: string;
  /** No axis given: reduce everything. */
  flat: boolean;
}

/** Accepts `(x, axis?, keepdims?)` and `(x, { axis, keepdims })`. */
function parse(name: string, x: TensorLike, axisOrOptions: AxisArg, keepdims: boolean | undefined, single = false): Parsed {
  const where = `ops.${name}`;
  let axis: unknown = axisOrOptions;
  let kd: unknown = keepdims;
  if (axisOrOptions !== null && typeof axisOrOptions === "object" && !Array.isArray(axisOrOptions)) {
    if (keepdims !== undefined) {
      throw new KerasTypeError(`${where}: pass keepdims either positionally or in the options object, not both`);
    }
    const o = axisOrOptions as ReduceOptions;
    axis = o.axis;
    kd = o.keepdims;
  }
  if (kd !== undefined && typeof kd !== "boolean") {
    throw new KerasTypeError(`${where}: argument 'keepdims' must be a boolean; received ${describe(kd)}`);
  }
  const t = toTensor(x, where, "x");
  if (single && axis !== null && axis !== undefined && typeof axis !== "number") {
    throw new KerasTypeError(`${where}: argument 'axis' must be an integer or null; received ${describe(axis)}`);
  }
  if (axis !== null && axis !== undefined && typeof axis !== "number" && !Array.isArray(axis)) {
    throw new KerasTypeError(`${where}: argument 'axis' must be null, an integer or an array of integers; received ${describe(axis)}`);
  }
  const flat = axis === null || axis === undefined;
  return { x: t, axes: normalizeAxes(axis, t.ndim, where), keepdims: kd === true, where, flat };
}

function outShapeOf(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

/**
 * The [outer, R, inner] passes that reduce `axes` of `shape`, last group
 * first. Size-1 dims are dropped and neighbours of the same kind merged.
 * An empty input whose output is not empty is one pass with R = 0.
 */
export function reductionPasses(shape: readonly number[], axes: readonly number[]): [number, number, number][] {
  const outSize = sizeOf(shape.filter((_, i) => !axes.includes(i)));
  if (sizeOf(shape) === 0) return outSize === 0 ? [] : [[outSize, 0, 1]];
  const blocks: { n: number; red: boolean }[] = [];
  shape.forEach((n, i) => {
    if (n === 1) return;
    const red = axes.includes(i);
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last.red === red) last.n *= n;
    else blocks.push({ n, red });
  });
  const passes: [number, number, number][] = [];
  for (let p = blocks.length - 1; p >= 0; p--) {
    if (!blocks[p]!.red) continue;
    const outer = sizeOf(blocks.slice(0, p).map((b) => b.n));
    const inner = sizeOf(blocks.slice(p + 1).map((b) => b.n));
    passes.push([outer, blocks[p]!.n, inner]);
    blocks.splice(p, 1);
  }
  return passes;
}

/** NumPy refuses max/min/argmax over an empty axis that has outputs. */
function checkNonEmpty(p: Parsed, name: string): void {
  const reduced = sizeOf(p.axes.map((a) => p.x.shape[a]!));
  const outSize = sizeOf(p.x.shape.filter((_, i) => !p.axes.includes(i)));
  if (reduced === 0 && outSize > 0) {
    throw new ValueError(
      `${p.where}: zero-size array to reduction operation ${name.startsWith("arg") ? name : `${name}imum`} which has no identity ` +
        `(input of shape ${formatShape(p.x.shape)}, axis ${describe(p.axes.length === p.x.ndim ? null : p.axes)})`,
    );
  }
}

/**
 * Rows per block along a reduced axis: 16K of a row, 1K (64 or more, 64K
 * elements at most) of a column. A longer axis reduces block by block, then
 * over the block results (in order): the blocks bound the rounding error of
 * long sums, and, fixed by the shape alone, let threads split the work
 * (kernels.ts: PARALLEL) with the same bits for every thread count.
 */
const blockRows = (inner: number): number => (inner === 1 ? 16384 : Math.max(64, Math.min(1024, Math.floor(65536 / inner))));
/** The blocks of B rows an axis of R rows reduces in (one when R fits in one). */
const blockCount = (R: number, B: number): number => (R > B ? Math.ceil(R / B) : 1);

/** Runs the passes of `kernel` on `t` (already in the compute dtype). */
function reduceWith(kernel: string, t: Tensor, p: Parsed): Tensor {
  // float16/bfloat16: every pass in float32, rounded once at the end.
  if (isWideningFloat(t.dtype)) return cast(reduceWith(kernel, cast(t, "float32"), p), t.dtype);
  const outShape = outShapeOf(t.shape, p.axes, p.keepdims);
  let cur = t;
  for (const [outer, R, inner] of reductionPasses(t.shape, p.axes)) {
    const B = blockRows(inner);
    for (let r = R, nb = 0; nb !== 1; r = nb) {
      nb = blockCount(r, B);
      cur = run(kernel, cur.dtype, [cur.storage, outer, r, inner, B], [outer * nb * inner], cur.dtype, p.where);
    }
  }
  return new Tensor(cur.storage, outShape, cur.dtype);
}

/** sum/prod: int and bool accumulate in int32, as Keras. */
const accDtype = (d: DType): DType => (d === "bool" ? "int32" : d);

/**
 * `keras.ops.sum`: sum of elements over `axis` (all axes by default).
 * bool and int32 sum in int32 (wrapping on overflow).
 *
 * @example
 * ops.sum([[1, 2], [3, 4]]).item();          // 10
 * ops.sum([[1, 2], [3, 4]], 0).toArray();    // [4, 6]
 * ops.sum([[1, 2], [3, 4]], { axis: -1, keepdims: true }).shape; // [2, 1]
 */
const sumWithGradient = differentiable("sum", sum, (dy, [x], _out, args) => {
  const p = reparse("sum", x, args);
  return [broadcastTo(expand(dy, p), p.x.shape)];
});
export { sumWithGradient as sum };

function sum(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  const p = parse("sum", x, axis, keepdims);
  const s = reduceWith("reduce_sum", cast(p.x, accDtype(p.x.dtype)), p);
  // The kernel's empty sum is its identity, -0 (-0 + -0 stays -0); NumPy's is +0.
  return p.x.size === 0 ? add(s, 0) : s;
}

/**
 * `keras.ops.prod`: product of elements over `axis`; the empty product is 1.
 *
 * @example
 * ops.prod([[1, 2], [3, 4]], 1).toArray(); // [2, 12]
 */
const prodWithGradient = differentiable("prod", prod, // prod / x: not defined where x has a zero (gives Inf/NaN there).
  (dy, [x], out, args) => {
    const p = reparse("prod", x, args);
    return [divide(multiply(expand(dy, p), expand(out, p)), p.x)];
  });
export { prodWithGradient as prod };

function prod(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  const p = parse("prod", x, axis, keepdims);
  return reduceWith("reduce_prod", cast(p.x, accDtype(p.x.dtype)), p);
}

/**
 * `keras.ops.max`: maximum over `axis`, keeping the dtype. A NaN wins, as
 * in NumPy. Reducing an empty axis is an error (there is no identity).
 *
 * @example
 * ops.max([[1, 5], [7, 2]], 1).toArray(); // [5, 7]
 */
const maxWithGradient = differentiable("max", max, extremumGrad("max"));
export { maxWithGradient as max };

function max(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  const p = parse("max", x, axis, keepdims);
  checkNonEmpty(p, "max");
  return reduceWith("reduce_max", p.x, p);
}

/**
 * `keras.ops.min`: minimum over `axis`, keeping the dtype; NaN wins.
 *
 * @example
 * ops.min([[1, 5], [7, 2]], 0).toArray(); // [1, 2]
 */
const minWithGradient = differentiable("min", min, extremumGrad("min"));
export { minWithGradient as min };

function min(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  const p = parse("min", x, axis, keepdims);
  checkNonEmpty(p, "min");
  return reduceWith("reduce_min", p.x, p);
}

function argReduce(name: "argmax" | "argmin", x: TensorLike, axis: number | null | ReduceOptions | undefined, keepdims: boolean | undefined): Tensor {
  const p = parse(name, x, axis, keepdims, true);
  checkNonEmpty(p, name);
  const t = p.x;
  const a = p.axes[0] ?? 0;
  // No axis: the index into the flattened tensor.
  const [outer, R, inner] = p.flat ? [1, t.size, 1] : [sizeOf(t.shape.slice(0, a)), t.shape[a]!, sizeOf(t.shape.slice(a + 1))];
  const outShape = p.flat ? (p.keepdims ? t.shape.map(() => 1) : []) : outShapeOf(t.shape, p.axes, p.keepdims);
  return run(`reduce_${name}`, t.dtype, [t.storage, outer, R, inner], outShape, "int32", p.where);
}

/**
 * `keras.ops.argmax`: int32 index of the first maximum along `axis`, or
 * into the flattened tensor when `axis` is null. A NaN counts as the
 * maximum (first NaN wins), and -0 ranks below +0, as in Keras.
 *
 * @example
 * ops.argmax([[1, 9, 9], [4, 2, 0]], 1).toArray(); // [1, 0]
 * ops.argmax([[1, 9], [9, 2]]).item();             // 1
 * @function
 */
export const argmax = operation("argmax", function argmax(x: TensorLike, axis?: number | null | ReduceOptions, keepdims?: boolean): Tensor {
  return argReduce("argmax", x, axis, keepdims);
});

/**
 * `keras.ops.argmin`: int32 index of the first minimum along `axis`
 * (flattened when null); a NaN counts as the minimum.
 *
 * @example
 * ops.argmin([[3, 1, 1], [0, 2, 0]], 1).toArray(); // [1, 0]
 * @function
 */
export const argmin = operation("argmin", function argmin(x: TensorLike, axis?: number | null | ReduceOptions, keepdims?: boolean): Tensor {
  return argReduce("argmin", x, axis, keepdims);
});

/**
 * Runs `fn` (arithmetic in accumulation dtype `acc`) so that float64 stays
 * float64: Keras's promotion would demote float64 intermediates to float32.
 */
const inDtype = <T>(acc: DType, fn: () => T): T => (acc === "float64" ? withFloat64Results(fn) : fn());

/** Mean of `p.x` over its axes, computed in float32 (float64 in float64); float inputs keep their dtype (as Keras). */
function meanOf(p: Parsed): Tensor {
  const acc = accumulationDtype(p.x.dtype);
  const s = reduceWith("reduce_sum", cast(p.x, acc), p);
  const count = sizeOf(p.axes.map((a) => p.x.shape[a]!));
  const m = count === 1 ? s : inDtype(acc, () => divide(s, count));
  return isWideningFloat(p.x.dtype) ? cast(m, p.x.dtype) : m;
}

/**
 * `keras.ops.mean`: arithmetic mean over `axis`; int and bool give
 * float32. The mean of nothing is NaN.
 *
 * @example
 * ops.mean([[1, 2], [3, 5]], 0).toArray(); // [2, 3.5]
 */
export const mean = differentiable(
  "mean",
  (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => meanOf(parse("mean", x, axis, keepdims)),
  (dy, [x], _out, args) => {
    const p = reparse("mean", x, args);
    return [broadcastTo(divide(expand(dy, p), countOf(p)), p.x.shape)];
  },
);

/**
 * Population variance over the axes, in one pass over x (assembly/reduce/
 * moments.ts: per block mean and M2, then the blocks combined), in float32
 * (float64 for float64); float16/bfloat16 round once at the end.
 */
function varianceOf(p: Parsed): Tensor {
  const acc = accumulationDtype(p.x.dtype);
  const temps: Storage[] = [];
  let x = cast(p.x, acc);
  if (x !== p.x) temps.push(x.storage);
  const outShape = outShapeOf(p.x.shape, p.axes, p.keepdims);
  const passes = reductionPasses(x.shape, p.axes);
  if (passes.length > 1) {
    // Reduced axes apart: one transposed copy puts them last, as one axis.
    x = transpose(x, [...x.shape.keys()].filter((i) => !p.axes.includes(i)).concat(p.axes));
    temps.push(x.storage);
  }
  // Else one pass, or none: only size-1 axes reduced (each element its own mean), or no elements.
  const [outer, R, inner] = passes.length === 1 ? passes[0]! : [sizeOf(outShape), countOf(p), 1];
  const B = blockRows(inner);
  const m = run("moments", acc, [x.storage, outer, R, inner, B], [outer * blockCount(R, B) * 3 * inner], acc, p.where);
  const v = run("var", acc, [m.storage, outer, R, inner, B], outShape, acc, p.where);
  // x's copies are as big as x and never leave this function: free them now
  // rather than let them crowd (and spill from) the resident budget.
  releaseTemporaries(v.storage, [...temps, m.storage]);
  return isWideningFloat(p.x.dtype) ? cast(v, p.x.dtype) : v;
}

/**
 * `keras.ops.var`: population variance (ddof = 0) over `axis`,
 * `mean((x - mean(x)) ** 2)`, as float32.
 *
 * @example
 * ops.var([1, 2, 3, 4]).item(); // 1.25
 */
const variance = differentiable(
  "var",
  (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => varianceOf(parse("var", x, axis, keepdims)),
  // 2 (x - mean) / N dy
  (dy, [x], _out, args) => {
    const p = reparse("var", x, args);
    return [multiply(centered(p), divide(expand(dy, p), countOf(p) / 2))];
  },
);
export { variance as var };

/**
 * `keras.ops.std`: population standard deviation, `sqrt(var(x))`.
 *
 * @example
 * ops.std([1, 2, 3, 4]).item(); // 1.1180340051651 (sqrt(1.25) in float32)
 */
export const std = differentiable(
  "std",
  (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => sqrt(varianceOf(parse("std", x, axis, keepdims))),
  // (x - mean) / (N std) dy
  (dy, [x], out, args) => {
    const p = reparse("std", x, args);
    return [multiply(centered(p), divide(expand(dy, p), multiply(expand(out, p), countOf(p))))];
  },
);

// ---- gradients ----------------------------------------------------------------

/** The reduction's arguments again, for its gradient rule. */
function reparse(name: string, x: unknown, args: readonly unknown[]): Parsed {
  return parse(name, x as TensorLike, args[1] as AxisArg, args[2] as boolean | undefined);
}

/** A reduction's output (or its gradient) with the reduced axes back as size 1, ready to broadcast against x. */
function expand(t: Tensor, p: Parsed): Tensor {
  return reshape(t, outShapeOf(p.x.shape, p.axes, true));
}

const countOf = (p: Parsed): number => sizeOf(p.axes.map((a) => p.x.shape[a]!));

function centered(p: Parsed): Tensor {
  return subtract(p.x, meanOf({ ...p, keepdims: true }));
}

// dy goes to the elements equal to the extremum, split evenly among ties.
function extremumGrad(name: string): GradientRule {
  return (dy, [x], out, args) => {
    const p = reparse(name, x, args);
    const hit = cast(equal(p.x, expand(out, p)), dy.dtype);
    return [multiply(hit, divide(expand(dy, p), sum(hit, p.axes, true)))];
  };
}

/**
 * @internal `g` summed over the axes along which `shape` was broadcast to
 * `g`'s shape (new leading axes and size-1 axes), in `shape`: the gradient
 * of a broadcast operand.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(axes.length > 0 ? sum(g, axes, true) : g, shape.slice());
}

// Unary math ops, where and clip, with Keras dtype rules:
// float functions of int32/bool inputs give float32; negative/abs/square
// keep int32; on bool, abs is the identity (NumPy's absolute is defined
// for bool), square computes in int32 (as Keras's backends do), and
// negative is an error (NumPy refuses boolean negative).
import { isFloat, resultType, type DType } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { KerasTypeError, NotImplementedError, ValueError, describe } from "../errors.js";
import { broadcastShapes, broadcastStrides, collapse } from "../shape.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "./convert.js";
import { truncSat } from "../numeric.js";
import { cast, run, scalar, toTensor } from "./core.js";
import { add, divide, greater, greaterEqual, less, lessEqual, multiply, subtract } from "./elementwise.js";
import { differentiable } from "../autodiff/registry.js";

/** What a unary op does with an input dtype. */
interface UnarySpec {
  /** Always computes in float32 (exp, log, ...). */
  float?: boolean;
  /** On bool: "identity", "int32" (compute in int32), or an error (null). */
  onBool?: "identity" | "int32" | null;
  /** dx from dy, the input x and the output y. */
  grad: (dy: Tensor, x: Tensor, y: Tensor) => Tensor;
}

const UNARY: Record<string, UnarySpec> = {
  negative: { onBool: null, grad: (dy) => multiply(dy, -1) },
  // sign(x) dy: 0 at 0, as JAX.
  abs: { onBool: "identity", grad: (dy, x) => subtract(where(greater(x, 0), dy, 0), where(less(x, 0), dy, 0)) },
  square: { onBool: "int32", grad: (dy, x) => multiply(dy, multiply(x, 2)) },
  relu: { onBool: "identity", grad: (dy, x) => where(greater(x, 0), dy, 0) }, // np.maximum(x, False) keeps bool; 0 at 0
  sqrt: { float: true, grad: (dy, _x, y) => divide(dy, multiply(y, 2)) },
  exp: { float: true, grad: (dy, _x, y) => multiply(dy, y) },
  // d expm1 = exp(x) = expm1(x) + 1.
  expm1: { float: true, grad: (dy, _x, y) => multiply(dy, add(y, 1)) },
  log: { float: true, grad: (dy, x) => divide(dy, x) },
  log1p: { float: true, grad: (dy, x) => divide(dy, add(x, 1)) },
  tanh: { float: true, grad: (dy, _x, y) => multiply(dy, subtract(1, multiply(y, y))) },
  // d erf = 2/sqrt(pi) exp(-x^2).
  erf: { float: true, grad: (dy, x) => multiply(dy, multiply(unaryOp("exp")(multiply(multiply(x, x), -1)), 2 / Math.sqrt(Math.PI))) },
  sigmoid: { float: true, grad: (dy, _x, y) => multiply(dy, multiply(y, subtract(1, y))) },
  // d softplus = sigmoid(x) = exp(x - softplus(x)), without overflow.
  softplus: { float: true, grad: (dy, x, y) => multiply(dy, unaryOp("exp")(subtract(x, y))) },
};

/** @internal Runs the unary kernel `kernel` on `x` (shared with nn.ts). */
export function unary(kernel: string, opName: string, x: TensorLike): Tensor {
  const where = `ops.${opName}`;
  const spec = UNARY[kernel]!;
  const t = toTensor(x, where, "x");
  // Float functions keep float dtypes (float16 in, float16 out) and lift the rest to floatx.
  let dt: DType = spec.float && !isFloat(t.dtype) ? floatx() : t.dtype;
  if (dt === "bool") {
    if (spec.onBool === "identity") return new Tensor(t.storage, t._shape, t.dtype);
    if (spec.onBool !== "int32") {
      throw new KerasTypeError(
        `${where}: argument 'x' has dtype bool, which ${opName} does not support (as in NumPy); ` +
          `expected a float32 or int32 tensor (use ops.logicalNot to invert a bool tensor)`,
      );
    }
    dt = "int32";
  }
  const src = cast(t, dt);
  return run(kernel, dt, [src.storage, src.size], t._shape, dt, where);
}

const OPS = new Map<string, (x: TensorLike) => Tensor>();

/** @internal The public op running unary kernel `kernel`, with its gradient from the table (shared with nn.ts). */
export function unaryOp(kernel: string, name = kernel): (x: TensorLike) => Tensor {
  let fn = OPS.get(kernel);
  if (fn === undefined) {
    const rule = UNARY[kernel]!.grad;
    fn = differentiable(name, (x: TensorLike) => unary(kernel, name, x), (dy, [x], y) => [rule(dy, x as Tensor, y)]);
    OPS.set(kernel, fn);
  }
  return fn;
}
const op = unaryOp;

/** `-x`, elementwise (int32 wraps). @example ops.negative([1, -2]) // [-1, 2] */
export const negative = op("negative", "negative");
/** `|x|`, elementwise. @example ops.abs([-1.5, 2]) // [1.5, 2] */
export const abs = op("abs", "abs");
/** Alias of `abs`. @example ops.absolute([-3]) // [3] */
export const absolute = abs;
/** `x * x`, elementwise; bool gives int32. @example ops.square([2, -3]) // [4, 9] */
export const square = op("square", "square");
/** Square root; ints give float32; sqrt(-1) is NaN. @example ops.sqrt([4, 9]) // [2, 3] */
export const sqrt = op("sqrt", "sqrt");
/** `e^x`, elementwise; ints give float32. @example ops.exp([0, 1]) // [1, 2.7182817] */
export const exp = op("exp", "exp");
/** `e^x - 1`, accurate for small x; ints give float32. @example ops.expm1([0, 1e-10]).toArray(); // [0, 1e-10] */
export const expm1 = op("expm1", "expm1");
/** Natural logarithm; log(0) = -Inf, log(x < 0) = NaN. @example ops.log([1, Math.E]) // [0, 1] */
export const log = op("log", "log");
/** `log(1 + x)`, accurate for small x. @example ops.log1p([0, 1e-10]) // [0, 1e-10] */
export const log1p = op("log1p", "log1p");
/** Hyperbolic tangent. @example ops.tanh([0, 100]) // [0, 1] */
export const tanh = op("tanh", "tanh");
/**
 * The Gauss error function `2/sqrt(pi) * integral_0^x exp(-t^2) dt`; ints give float32.
 *
 * @example
 * ops.erf([0, 10]).toArray(); // [0, 1]
 */
export const erf = op("erf", "erf");

// ---- where ------------------------------------------------------------------

const FLAT = new Int32Array(1);
const ONE = new Int32Array([1]);

/**
 * `keras.ops.where`: elements of `x1` where `condition` is true, else of
 * `x2`, with NumPy broadcasting of all three. `condition` is cast to bool;
 * `x1` and `x2` are promoted to a common dtype (plain numbers are weak, as
 * Python scalars in Keras; two integer numbers give int32). The
 * one-argument form (indices of nonzero elements) is not supported.
 *
 * @example
 * ops.where([true, false], [1, 2], [10, 20]).toArray(); // [1, 20]
 */
const whereWithGradient = differentiable("where", where, (dy, _inputs, _out, [c]) => [where(c as TensorLike, dy, 0), where(c as TensorLike, 0, dy)],
  [1, 2]);
export { whereWithGradient as where };

function where(condition: TensorLike, x1?: TensorLike, x2?: TensorLike): Tensor {
  const w = "ops.where";
  if (x1 === undefined && x2 === undefined) {
    throw new NotImplementedError(
      `${w}: the one-argument form where(condition), which returns the indices of the nonzero elements, ` +
        `is not supported; pass x1 and x2 to select elements`,
    );
  }
  if (x1 === undefined || x2 === undefined || x1 === null || x2 === null) {
    throw new ValueError(`${w}: \`x1\` and \`x2\` either both should be \`None\` or both should have non-None value.`);
  }
  const c = cast(toTensor(condition, w, "condition"), "bool");
  const a = typeof x1 === "number" ? x1 : toTensor(x1, w, "x1");
  const b = typeof x2 === "number" ? x2 : toTensor(x2, w, "x2");
  const da = typeof a === "number" ? a : a.dtype;
  const db = typeof b === "number" ? b : b.dtype;
  const dt: DType =
    typeof da === "number" && typeof db === "number" ? (Number.isInteger(da) && Number.isInteger(db) ? "int32" : "float32") : resultType(da, db);
  const ta = typeof a === "number" ? scalar(a, dt, w) : cast(a, dt);
  const tb = typeof b === "number" ? scalar(b, dt, w) : cast(b, dt);
  const shapes = [c.shape, ta.shape, tb.shape];
  const outShape = broadcastShapes(broadcastShapes(c.shape, ta.shape, w), tb.shape, w);
  if (shapes.every((s) => s.length === outShape.length && s.every((d, i) => d === outShape[i]))) {
    FLAT[0] = c.size;
    return run("where", dt, [c.storage, ta.storage, tb.storage, 1, FLAT, ONE, ONE, ONE, new Int32Array(1)], outShape, dt, w);
  }
  const col = collapse(outShape, shapes.map((s) => broadcastStrides(s, outShape)));
  const rank = col.shape.length;
  const [cs, as, bs] = col.strides.map((s) => Int32Array.from(s)) as [Int32Array, Int32Array, Int32Array];
  return run("where", dt, [c.storage, ta.storage, tb.storage, rank, Int32Array.from(col.shape), cs, as, bs, new Int32Array(rank)], outShape, dt, w);
}

// ---- clip -------------------------------------------------------------------

function bound(v: unknown, arg: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const t = v instanceof Tensor ? v : (v as { value?: unknown } | null)?.value instanceof Tensor ? (v as { value: Tensor }).value : null;
  if (t !== null && t.size === 1) return t.item();
  if (t !== null) {
    throw new NotImplementedError(`ops.clip: argument '${arg}' must be a scalar; tensor bounds (received ${describe(t)}) are not supported`);
  }
  throw new KerasTypeError(`ops.clip: argument '${arg}' must be a number; received ${describe(v)}`);
}

/**
 * `keras.ops.clip`: limits values to `[xMin, xMax]` as NumPy does
 * (`minimum(maximum(x, xMin), xMax)`: NaN stays NaN, and `xMax` wins when
 * `xMin > xMax`). The dtype is kept, except bool, which gives int32; int
 * tensors with fractional bounds behave like NumPy's clip followed by a
 * cast back to int32 (bounds truncate toward zero).
 *
 * @example
 * ops.clip([-2, 0.5, 3], 0, 1).toArray(); // [0, 0.5, 1]
 */
const clipWithGradient = differentiable("clip", clip, // dy where xMin <= x <= xMax, bounds included (as TensorFlow and torch).
  (dy, [x], _out, [, lo, hi]) => {
    const t = x as Tensor;
    return [where(greaterEqual(t, bound(lo, "x_min")), where(lessEqual(t, bound(hi, "x_max")), dy, 0), 0)];
  });
export { clipWithGradient as clip };

function clip(x: TensorLike, xMin: number | TensorLike, xMax: number | TensorLike): Tensor {
  const t = toTensor(x, "ops.clip", "x");
  const lo = bound(xMin, "x_min");
  const hi = bound(xMax, "x_max");
  // The bounds are rounded by the kernel's parameter type (f32; f64 keeps them).
  if (isFloat(t.dtype)) return run("clip", t.dtype, [t.storage, t.size, lo, hi], t.shape.slice(), t.dtype, "ops.clip");
  const src = cast(t, "int32");
  return run("clip", "int32", [src.storage, src.size, truncSat(lo), truncSat(hi)], t.shape.slice(), "int32", "ops.clip");
}

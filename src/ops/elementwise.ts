// Binary elementwise ops with NumPy broadcasting and Keras type promotion.
import { isFloat, isWideningFloat, resultType, type DType } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { KerasTypeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, collapse } from "../shape.js";
import { Tensor } from "../tensor.js";
import type { TensorLike } from "./convert.js";
import { differentiable, operation, type GradientRule } from "../autodiff/registry.js";
import { output, exec } from "../backend/exec.js";
import { cast, kernelName, run, scalar, toTensor } from "./core.js";

interface BinarySpec {
  /** Compute in float even for int inputs (true division). */
  float?: boolean;
  /** Writes bool. */
  compare?: boolean;
  /** What the op does on bool x bool: a u8 kernel, "int32" to compute in int32, or unsupported. */
  onBool?: string | "int32" | null;
  /** The gradients [d/dx1, d/dx2] given dy (in the broadcast shape; the tape sums them to each input's). */
  grad?: GradientRule;
}

// The share of dy that goes to x1 where `pick(x1, x2)` holds, and half of
// it at ties (x1 == x2), as torch and JAX split maximum/minimum.
function tieSplit(pick: BinaryOp): GradientRule {
  return (dy, [a, b]) => {
    const dt = dy.dtype;
    const share = add(cast(pick(a as TensorLike, b as TensorLike), dt), multiply(cast(equal(a as TensorLike, b as TensorLike), dt), 0.5));
    const ga = multiply(dy, share);
    return [ga, subtract(dy, ga)];
  };
}

const arg = (x: unknown): TensorLike => x as TensorLike;

// One row per op; the kernels are `${kernel}_${f32|i32|u8}`.
const BINARY: Record<string, BinarySpec> = {
  add: { onBool: "maximum", grad: (dy) => [dy, dy] }, // logical or, as NumPy
  subtract: { onBool: null, grad: (dy) => [dy, multiply(dy, -1)] }, // NumPy refuses boolean subtract
  multiply: { onBool: "minimum", grad: (dy, [a, b]) => [multiply(dy, arg(b)), multiply(dy, arg(a))] }, // logical and
  // d(a/b)/db = -(a/b)/b.
  divide: { float: true, grad: (dy, [, b], out) => [divide(dy, arg(b)), multiply(divide(multiply(dy, out), arg(b)), -1)] },
  // d/da = b a^(b-1); d/db = a^b log(a), taken as 0 where a == 0 (as JAX).
  power: {
    onBool: "int32",
    grad: (dy, [a, b], out) => {
      const bm1 = typeof b === "number" ? b - 1 : subtract(arg(b), 1);
      const ga = multiply(dy, multiply(arg(b), power(arg(a), bm1)));
      if (!(b instanceof Tensor)) return [ga, null];
      const at = a instanceof Tensor ? a : toTensor(arg(a), "ops.power", "x1");
      const safe = cast(add(at, cast(equal(at, 0), at.dtype)), dy.dtype);
      const logA = run("log", safe.dtype, [safe.storage, safe.size], safe.shape.slice(), safe.dtype, "ops.power");
      return [ga, multiply(dy, multiply(out, logA))];
    },
  },
  maximum: { onBool: "maximum", grad: tieSplit((a, b) => greater(a, b)) },
  minimum: { onBool: "minimum", grad: tieSplit((a, b) => less(a, b)) },
  equal: { compare: true },
  not_equal: { compare: true },
  greater: { compare: true },
  greater_equal: { compare: true },
  less: { compare: true },
  less_equal: { compare: true },
};

// Reused parameter arrays for the same-shape fast path (exec copies them).
const FLAT = new Int32Array(1);
const ONE = new Int32Array([1]);
const ZERO = new Int32Array([0]);
const IDX1 = new Int32Array(1);

function binary(kernel: string, opName: string, x1: TensorLike, x2: TensorLike): Tensor {
  const where = `ops.${opName}`;
  const spec = BINARY[kernel]!;
  const a = typeof x1 === "number" ? x1 : toTensor(x1, where, "x1");
  const b = typeof x2 === "number" ? x2 : toTensor(x2, where, "x2");
  let dt: DType = resultType(typeof a === "number" ? a : a.dtype, typeof b === "number" ? b : b.dtype);
  if (spec.float && !isFloat(dt)) dt = floatx();
  let k = kernel;
  if (dt === "bool" && !spec.compare) {
    if (spec.onBool === null || spec.onBool === undefined) {
      throw new KerasTypeError(`${where}: not supported for two bool tensors (as in NumPy); cast them to int32 or float32 first`);
    }
    if (spec.onBool === "int32") dt = "int32";
    else k = spec.onBool;
  }
  const ta = typeof a === "number" ? scalar(a, dt, where) : a.dtype === dt ? a : cast(a, dt);
  const tb = typeof b === "number" ? scalar(b, dt, where) : b.dtype === dt ? b : cast(b, dt);
  if (isWideningFloat(dt)) {
    // Operands rounded to dt first (as Keras converts them), computed in
    // float32, rounded back once (see core.ts).
    const r = binary(kernel, opName, cast(ta, "float32"), cast(tb, "float32"));
    return spec.compare ? r : cast(r, dt);
  }
  const outDtype: DType = spec.compare ? "bool" : dt;
  const sa = ta._shape;
  const sb = tb._shape;
  let same = sa.length === sb.length;
  for (let i = 0; same && i < sa.length; i++) same = sa[i] === sb[i];
  // Fast paths (the per-op cost matters for small tensors): same shapes, or
  // one operand a single element of no higher rank (a row against a splat).
  let flat: Int32Array | null = null;
  let shape = sa;
  if (same) flat = ONE;
  else if (tb.size === 1 && sb.length <= sa.length) flat = ZERO;
  else if (ta.size === 1 && sa.length <= sb.length) shape = sb;
  if (flat !== null || shape === sb) {
    const n = shape === sa ? ta.size : tb.size;
    FLAT[0] = n;
    const out = output(outDtype, n, where, shape);
    exec(kernelName(k, dt), [ta.storage, tb.storage, out, 1, FLAT, flat === null ? ZERO : ONE, flat ?? ONE, IDX1]);
    return new Tensor(out, shape, outDtype);
  }
  const outShape = broadcastShapes(sa, sb, where);
  const c = collapse(outShape, [broadcastStrides(sa, outShape), broadcastStrides(sb, outShape)]);
  const rank = c.shape.length;
  return run(
    k,
    dt,
    [ta.storage, tb.storage, rank, Int32Array.from(c.shape), Int32Array.from(c.strides[0]!), Int32Array.from(c.strides[1]!), new Int32Array(rank)],
    outShape,
    outDtype,
    where,
  );
}

/** An elementwise op of two tensor-likes, with NumPy broadcasting and Keras type promotion. */
export type BinaryOp = (x1: TensorLike, x2: TensorLike) => Tensor;
function op(kernel: string, name: string): BinaryOp {
  const fn: BinaryOp = (x1, x2) => binary(kernel, name, x1, x2);
  const rule = BINARY[kernel]!.grad;
  return rule === undefined ? operation(name, fn) : differentiable(name, fn, rule, [0, 1]);
}

/** `x1 + x2`, elementwise with broadcasting. @function @example ops.add([1, 2], 10) // [11, 12] */
export const add = op("add", "add");
/** `x1 - x2`, elementwise with broadcasting. @function @example ops.subtract([3, 4], [1, 1]) // [2, 3] */
export const subtract = op("subtract", "subtract");
/** `x1 * x2`, elementwise with broadcasting. @function @example ops.multiply([[1], [2]], [3, 4]) // [[3, 4], [6, 8]] */
export const multiply = op("multiply", "multiply");
/** True division; ints give float32. @function @example ops.divide([1, 3], 2) // [0.5, 1.5] */
export const divide = op("divide", "divide");
/** `x1 ** x2`, elementwise. @function @example ops.power([2, 3], 2) // [4, 9] */
export const power = op("power", "power");
/** Elementwise maximum (NaN wins). @function @example ops.maximum([1, 5], [3, 2]) // [3, 5] */
export const maximum = op("maximum", "maximum");
/** Elementwise minimum (NaN wins). @function @example ops.minimum([1, 5], [3, 2]) // [1, 2] */
export const minimum = op("minimum", "minimum");
/** `x1 == x2` as bool. @function @example ops.equal([1, 2], 2) // [0, 1] */
export const equal = op("equal", "equal");
/** `x1 != x2` as bool. @function @example ops.notEqual([1, 2], 2) // [1, 0] */
export const notEqual = op("not_equal", "notEqual");
/** `x1 > x2` as bool. @function @example ops.greater([1, 3], 2) // [0, 1] */
export const greater = op("greater", "greater");
/** `x1 >= x2` as bool. @function @example ops.greaterEqual([1, 2], 2) // [0, 1] */
export const greaterEqual = op("greater_equal", "greaterEqual");
/** `x1 < x2` as bool. @function @example ops.less([1, 3], 2) // [1, 0] */
export const less = op("less", "less");
/** `x1 <= x2` as bool. @function @example ops.lessEqual([2, 3], 2) // [1, 0] */
export const lessEqual = op("less_equal", "lessEqual");

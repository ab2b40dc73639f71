// Weight and activity penalties (Keras 3's regularizers/regularizers.py).
import { NotImplementedError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { truncSat } from "../numeric.js";
import type { DType } from "../dtypes.js";
import { toTensor, scalar } from "../ops/core.js";
import { add, divide, maximum, multiply, subtract } from "../ops/elementwise.js";
import { abs, sqrt, square } from "../ops/math.js";
import { sum } from "../ops/reduction.js";
import { matmul } from "../ops/linalg.js";
import { transpose } from "../ops/shape_ops.js";
import { eye } from "../ops/creation.js";
import { checkOptions, isOptionsObject } from "../initializers/initializer.js";
import { classNameOf } from "../saving/object_registration.js";

/** Keras's `validate_float_arg`: a finite, non-negative number. */
export function validateFloatArg(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`Invalid value for argument ${name}: expected a non-negative float.Received: ${name}=${describe(value)}`);
  }
  return value;
}

/**
 * Base class of regularizers: `apply(x)` returns a scalar penalty tensor.
 *
 * @example
 * class Tiny extends keras.regularizers.Regularizer {
 *   apply(x) { return keras.ops.multiply(keras.ops.sum(keras.ops.abs(x)), 1e-4); }
 *   getConfig() { return {}; }
 * }
 * new Tiny().apply([[1, -2]]).item(); // 0.0003
 */
export class Regularizer {
  /** The penalty for `x` (0 for the base class). */
  apply(x: TensorLike): Tensor {
    return scalar(0, toTensor(x, "Regularizer", "x").dtype, "Regularizer");
  }
  /** The constructor options that rebuild this regularizer (camelCase keys); a subclass must provide it to be serialized. */
  getConfig(): Record<string, unknown> {
    throw new NotImplementedError(`${classNameOf(this.constructor)} does not implement getConfig()`);
  }
  /** Rebuilds a regularizer from `getConfig()`'s output. */
  static fromConfig<T extends Regularizer>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

const f32 = Math.fround;

/**
 * Keras's `ops.cast(factor, x.dtype)`: the float factor in the input's
 * dtype, truncated for int32 as a cast does (so Keras, and this, give a
 * penalty of 0 for an int32 input with the default factor 0.01).
 */
const factor = (f: number, dtype: DType, where: string): Tensor => scalar(dtype === "int32" ? truncSat(f) : f, dtype, where);

/** First positional number or an options object. */
function pick<T extends Record<string, unknown>>(where: string, first: unknown, keys: readonly string[], firstKey: string): T {
  if (isOptionsObject(first)) {
    checkOptions(where, first, keys);
    return first as T;
  }
  return (first === undefined ? {} : { [firstKey]: first }) as T;
}

/**
 * `l1 * sum(abs(x))`. As in Keras the factor is kept as float32, so
 * `new L1().getConfig()` is `{ l1: 0.009999999776482582 }`.
 *
 * @example
 * new keras.regularizers.L1(0.1).apply([[1, -2]]).item(); // 0.3
 */
export class L1 extends Regularizer {
  /** The L1 factor: the penalty is `l1 * sum(abs(x))` (default 0.01, stored as float32). */
  readonly l1: number;
  constructor(l1?: number | null | { l1?: number | null }) {
    super();
    const o = pick<{ l1?: number | null }>("L1", l1, ["l1"], "l1");
    this.l1 = f32(validateFloatArg(o.l1 ?? 0.01, "l1"));
  }
  override apply(x: TensorLike): Tensor {
    const t = toTensor(x, "L1", "x");
    return multiply(sum(abs(t)), factor(this.l1, t.dtype, "L1"));
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/**
 * `l2 * sum(square(x))`.
 *
 * @example
 * new keras.regularizers.L2(2).apply(keras.ops.ones([5, 5])).item(); // 50
 */
export class L2 extends Regularizer {
  /** The L2 factor: the penalty is `l2 * sum(square(x))` (default 0.01). */
  readonly l2: number;
  constructor(l2?: number | null | { l2?: number | null }) {
    super();
    const o = pick<{ l2?: number | null }>("L2", l2, ["l2"], "l2");
    this.l2 = validateFloatArg(o.l2 ?? 0.01, "l2");
  }
  override apply(x: TensorLike): Tensor {
    const t = toTensor(x, "L2", "x");
    return multiply(sum(square(t)), factor(this.l2, t.dtype, "L2"));
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/**
 * `l1 * sum(abs(x)) + l2 * sum(square(x))`; both factors default to 0.
 *
 * @example
 * new keras.regularizers.L1L2({ l1: 0.1, l2: 0.2 }).apply([[1, -2]]).item(); // 1.3
 */
export class L1L2 extends Regularizer {
  /** The L1 factor (default 0). */
  readonly l1: number;
  /** The L2 factor (default 0). */
  readonly l2: number;
  constructor(l1?: number | null | { l1?: number | null; l2?: number | null }, l2?: number | null) {
    super();
    const o = isOptionsObject(l1) ? pick<{ l1?: number | null; l2?: number | null }>("L1L2", l1, ["l1", "l2"], "l1") : { l1, l2 };
    this.l1 = validateFloatArg(o.l1 ?? 0, "l1");
    this.l2 = validateFloatArg(o.l2 ?? 0, "l2");
  }
  override apply(x: TensorLike): Tensor {
    const t = toTensor(x, "L1L2", "x");
    let out = scalar(0, t.dtype, "L1L2");
    if (this.l1) out = add(out, multiply(sum(abs(t)), factor(this.l1, t.dtype, "L1L2")));
    if (this.l2) out = add(out, multiply(sum(square(t)), factor(this.l2, t.dtype, "L1L2")));
    return out;
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * Pushes the rows (`mode: "rows"`) or columns of a 2D input towards
 * orthogonality: `factor * 0.5 * sum(|offdiag(N N^T)|) / numPairs` over the
 * L2-normalized rows/columns N. The factor is kept as float32 (as Keras).
 *
 * @example
 * const r = new keras.regularizers.OrthogonalRegularizer({ factor: 0.01, mode: "columns" });
 * r.apply(ops.eye(3)).item();             // 0 (orthonormal columns)
 * r.apply([[1, 1], [1, 1]]).item();       // 0.01 (one pair of columns, dot product 1: factor times the mean)
 */
export class OrthogonalRegularizer extends Regularizer {
  /** The penalty is `factor` times the mean absolute dot product between distinct normalized rows (or columns); default 0.01. */
  readonly factor: number;
  /** Whether rows (default) or columns are pushed towards orthogonality. */
  readonly mode: "rows" | "columns";
  constructor(factor?: number | { factor?: number; mode?: "rows" | "columns" }, mode?: "rows" | "columns") {
    super();
    const o = isOptionsObject(factor)
      ? pick<{ factor?: number; mode?: string }>("OrthogonalRegularizer", factor, ["factor", "mode"], "factor")
      : { factor, mode };
    this.factor = f32(validateFloatArg(o.factor ?? 0.01, "factor"));
    const m = o.mode ?? "rows";
    if (m !== "rows" && m !== "columns") {
      throw new ValueError(`Invalid value for argument \`mode\`. Expected one of {"rows", "columns"}. Received: mode=${m}`);
    }
    this.mode = m;
  }
  override apply(inputs: TensorLike): Tensor {
    const x = toTensor(inputs, "OrthogonalRegularizer", "inputs");
    if (x.ndim !== 2) {
      throw new ValueError(`Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=${formatShape(x.shape)}`);
    }
    const axis = this.mode === "rows" ? 1 : 0;
    const n = divide(x, sqrt(maximum(sum(square(x), axis, true), 1e-12)));
    const product = this.mode === "rows" ? matmul(n, transpose(n)) : matmul(transpose(n), n);
    const size = x.shape[this.mode === "rows" ? 0 : 1]!;
    const offDiag = multiply(product, subtract(1, eye(size, null, 0, x.dtype)));
    const numPairs = (size * (size - 1)) / 2;
    return divide(multiply(sum(abs(offDiag)), this.factor * 0.5), numPairs);
  }
  override getConfig(): Record<string, unknown> {
    return { factor: this.factor, mode: this.mode };
  }
}

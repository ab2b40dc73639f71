// keras.losses.Loss (Keras 3's losses/loss.py): the base class, the
// reductions, sample weights and masks, and the rank alignment that the
// loss functions and metrics share.
import { standardizeDtype, type DType } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { DTypePolicy } from "../dtype_policies/dtype_policy.js";
import { get as getPolicy } from "../dtype_policies/index.js";
import { NotImplementedError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { divide, equal, multiply } from "../ops/elementwise.js";
import { where } from "../ops/math.js";
import { sum } from "../ops/reduction.js";
import { expandDims, squeeze } from "../ops/shape_ops.js";
import { getKerasMask } from "../layers/masking.js";
import { broadcastShapes } from "../shape.js";
import { autoName } from "../utils/naming.js";
import { checkOptions } from "../initializers/initializer.js";
import { classNameOf } from "../saving/object_registration.js";

/** How a loss reduces its per-sample values (Keras's `reduction`; null is "none"). */
export type Reduction = "sum_over_batch_size" | "sum" | "mean" | "mean_with_sample_weight" | "none" | null;

const REDUCTIONS: readonly Reduction[] = ["sum_over_batch_size", "sum", null, "none", "mean", "mean_with_sample_weight"];

/** Keras's `standardize_reduction`: the reduction, or Keras's ValueError. */
export function standardizeReduction(reduction: unknown): Reduction {
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    const allowed = REDUCTIONS.map((r) => (r === null ? "None" : `'${r}'`)).join(", ");
    throw new ValueError(
      `Invalid value for argument \`reduction\`. Expected one of {${allowed}}. Received: reduction=${typeof reduction === "string" ? reduction : describe(reduction)}`,
    );
  }
  return reduction as Reduction;
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one
 * and the longer one ends in a size-1 axis, squeezes it (or expands a
 * rank-1 partner, with `expandRank1`).
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const r1 = x1.ndim;
  const r2 = x2.ndim;
  if (r1 === r2) return [x1, x2];
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    if (r2 === 1 && expandRank1) x2 = expandDims(x2, -1);
    else x1 = squeeze(x1, -1);
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    if (r1 === 1 && expandRank1) x1 = expandDims(x1, -1);
    else x2 = squeeze(x2, -1);
  }
  return [x1, x2];
}

/** `divide_no_nan`: 0 where the divisor is 0. */
export function divideNoNan(x: Tensor | number, y: Tensor | number): Tensor {
  return where(equal(y, 0), 0, divide(x, y));
}

/** Keras's `apply_mask`: merges a mask into the sample weights. */
export function applyMask(sampleWeight: Tensor | null, mask: Tensor | null, dtype: DType, reduction: Reduction): Tensor | null {
  if (mask === null) return sampleWeight;
  let floatMask: Tensor;
  if (reduction === "mean" || reduction === "sum_over_batch_size") {
    // Valid entries weigh total/valid, so the mean over all entries is the mean over the valid ones.
    const total = mask.size;
    const valid = sum(cast(mask, dtype));
    floatMask = where(cast(mask, "bool"), divideNoNan(total, valid), 0);
    floatMask = cast(floatMask, dtype);
  } else floatMask = cast(mask, dtype);
  if (sampleWeight === null) return floatMask;
  const [m, w] = squeezeOrExpandToSameRank(floatMask, cast(sampleWeight, dtype));
  return multiply(w, m);
}

/** Keras's `reduce_values`. */
function reduceValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  if (reduction === null || reduction === "none" || values.ndim === 0 || (values.ndim === 1 && values.shape[0] === 0)) return values;
  const loss = sum(values);
  if (reduction === "sum") return loss;
  const divisor = reduction === "mean_with_sample_weight" && sampleWeight !== null ? cast(sum(sampleWeight), loss.dtype) : values.size;
  return divideNoNan(loss, divisor);
}

/**
 * Keras's `reduce_weighted_values`: weights (and masks) the per-sample
 * losses, then reduces them. With the default `"sum_over_batch_size"` the
 * weighted sum is divided by the number of elements, not by the sum of
 * the weights (that is `"mean_with_sample_weight"`).
 */
export function reduceWeightedValues(
  values: Tensor,
  sampleWeight: Tensor | null,
  mask: Tensor | null,
  reduction: Reduction,
  dtype: DType,
  where = "Loss",
): Tensor {
  let v = cast(values, dtype);
  let w = applyMask(sampleWeight === null ? null : cast(sampleWeight, dtype), mask, dtype, reduction);
  if (w !== null) {
    [v, w] = squeezeOrExpandToSameRank(v, w);
    checkBroadcast(v.shape, w.shape, where, "sampleWeight", "the per-sample losses");
    v = multiply(v, w);
  }
  return reduceValues(v, w, reduction);
}

/** A ValueError naming `where` and `arg` unless `a` and `b` broadcast. */
export function checkBroadcast(a: readonly number[], b: readonly number[], where: string, arg: string, other: string): void {
  broadcastShapes(a, b, `${where}: argument '${arg}' (shape ${formatShape(b)}) does not broadcast against ${other} (shape ${formatShape(a)})`);
}

/** Options every loss takes. */
export interface LossOptions {
  /** Defaults to the class's Keras name (`"mean_squared_error"`, `"huber_loss"`, ...). */
  name?: string | null;
  /** `"sum_over_batch_size"` (default), `"sum"`, `"mean"`, `"mean_with_sample_weight"` or `"none"`/null. */
  reduction?: Reduction;
  /** The computation dtype (a dtype or a policy; default floatx). */
  dtype?: DType | string | DTypePolicy | null;
}

/** A tensor argument of a loss or metric, or a clear error naming both. */
export function lossInput(x: unknown, where: string, arg: string, dtype?: DType): Tensor {
  if (x === null || x === undefined) throw new ValueError(`${where}: argument '${arg}' is required; received ${describe(x)}`);
  const t = toTensor(x as TensorLike, where, arg);
  return dtype === undefined ? t : cast(t, dtype);
}

/**
 * Base class of losses: `apply(yTrue, yPred, sampleWeight?)` computes the
 * per-sample losses with `call` and reduces them (`reduction`).
 *
 * @example
 * class Mse extends keras.losses.Loss {
 *   call(yTrue, yPred) { return keras.ops.mean(keras.ops.square(keras.ops.subtract(yPred, yTrue)), -1); }
 * }
 * new Mse().apply([[0, 1]], [[1, 1]]).item(); // 0.5
 */
export class Loss {
  /** The loss's name (the class's Keras name unless given). */
  name: string;
  /** How the per-sample losses are reduced (see {@link LossOptions.reduction}). */
  readonly reduction: Reduction;
  readonly #dtype: DType;

  constructor(options: LossOptions = {}) {
    checkOptions(classNameOf(new.target), options, ["name", "reduction", "dtype"]);
    this.name = options.name ?? autoName(classNameOf(new.target));
    this.reduction = standardizeReduction(options.reduction === undefined ? "sum_over_batch_size" : options.reduction);
    const d = options.dtype ?? floatx();
    this.#dtype = standardizeDtype(d instanceof DTypePolicy ? d.computeDtype : getPolicy(d).computeDtype);
  }

  /** The computation dtype. */
  get dtype(): DType {
    return this.#dtype;
  }

  /** Keras's `__call__`: the reduced loss (a scalar unless `reduction` is "none"). */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): Tensor {
    const where = classNameOf(this.constructor);
    const inMask = getKerasMask(yPred);
    const p = lossInput(yPred, where, "yPred", this.#dtype);
    const t = lossInput(yTrue, where, "yTrue", this.#dtype);
    const sw = sampleWeight === undefined || sampleWeight === null ? null : lossInput(sampleWeight, where, "sampleWeight", this.#dtype);
    const losses = this.call(t, p);
    const outMask = getKerasMask(losses);
    const mask = inMask !== null && outMask !== null ? multiply(cast(inMask, "bool"), cast(outMask, "bool")) : inMask ?? outMask;
    return reduceWeightedValues(losses, sw, mask, this.reduction, this.#dtype, where);
  }

  /** The per-sample losses; subclasses implement it. */
  call(_yTrue: Tensor, _yPred: Tensor): Tensor {
    throw new NotImplementedError(`${classNameOf(this.constructor)} does not implement call()`);
  }

  /** The constructor options that rebuild this loss (Keras's `get_config`). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction };
  }

  /** A loss of this class built from `getConfig()`'s output (Keras's `from_config`). */
  static fromConfig<T extends Loss>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** A loss function: `(yTrue, yPred, options?) -> per-sample losses`. */
export type LossFn = (yTrue: TensorLike, yPred: TensorLike, options?: never) => Tensor;

/**
 * A `Loss` around a loss function (Keras's `LossFunctionWrapper`): `call`
 * aligns the ranks of `yTrue` and `yPred`, then calls `fn` with the
 * wrapped options.
 *
 * @example
 * const l = new keras.losses.LossFunctionWrapper(keras.losses.meanAbsoluteError, { name: "mae" });
 * l.apply([[0, 2]], [[1, 1]]).item(); // 1
 */
export class LossFunctionWrapper extends Loss {
  /** The wrapped loss function, called as `fn(yTrue, yPred, fnOptions)`. */
  readonly fn: LossFn;
  /** The options passed on to `fn` (Keras's `_fn_kwargs`). */
  readonly fnOptions: Record<string, unknown>;

  constructor(fn: LossFn, options: LossOptions & Record<string, unknown> = {}) {
    const { name, reduction, dtype, ...rest } = options;
    super({ name: name ?? null, reduction, dtype: dtype ?? null });
    this.fn = fn;
    this.fnOptions = rest;
  }

  override call(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return (this.fn as unknown as (a: Tensor, b: Tensor, o: Record<string, unknown>) => Tensor)(t, p, this.fnOptions);
  }

  /** `name`, `reduction` and the options of `fn` (a function is not serializable here). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.fnOptions };
  }
}

// Keras's MeanMetricWrapper: the running (weighted) mean of a per-sample
// function of (yTrue, yPred), and a helper that declares its subclasses.
import { type DType } from "../dtypes.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { getKerasMask } from "../layers/masking.js";
import { applyMask } from "../losses/loss.js";
import { fnWrapperClass } from "../utils/fn_wrapper.js";
import { Mean, type MetricOptions } from "./metric.js";
import { classNameOf } from "../saving/object_registration.js";

/** A per-sample metric function. */
export type MetricFn = (yTrue: TensorLike, yPred: TensorLike, options?: never) => Tensor;

/**
 * The mean of `fn(yTrue, yPred, options)` over all samples seen, weighted
 * by `sampleWeight` (and by a mask that `yPred` carries).
 *
 * @example
 * const m = new keras.metrics.MeanMetricWrapper(keras.losses.meanAbsoluteError, { name: "mae" });
 * m.updateState([[0, 2]], [[1, 1]]);
 * m.result().item(); // 1
 */
export class MeanMetricWrapper extends Mean {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "MeanMetricWrapper";
  /** The wrapped per-sample function, called as `fn(yTrue, yPred, fnOptions)`. */
  readonly fn: MetricFn;
  /** The options passed on to `fn` (Keras's `_fn_kwargs`). */
  readonly fnOptions: Record<string, unknown>;

  constructor(fn: MetricFn, options: MetricOptions & Record<string, unknown> = {}) {
    const { name, dtype, ...rest } = options;
    super({ name: name ?? null, dtype: dtype ?? null });
    this.fn = fn;
    this.fnOptions = rest;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const where = `${classNameOf(this.constructor)}.updateState`;
    const mask = getKerasMask(yPred);
    const values = (this.fn as unknown as (a: TensorLike, b: TensorLike, o: Record<string, unknown>) => Tensor)(yTrue, yPred, this.fnOptions);
    const w = sampleWeight === undefined || sampleWeight === null ? null : cast(toTensor(sampleWeight, where, "sampleWeight"), this.dtype);
    super.updateState(values, applyMask(w, mask, this.dtype as DType, "sum"));
  }

  /** `name`, `dtype` and the options of `fn` (a function is not serializable here). */
  override getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype, ...this.fnOptions };
  }
}

/**
 * Declares a MeanMetricWrapper subclass: its function, Keras's default
 * name, and the options (with defaults) given to `fn` and written in the
 * config after `name` and `dtype`.
 */
export const meanMetric = <O extends object>(className: string, fn: MetricFn, defaultName: string, defaults: Required<O>) =>
  fnWrapperClass<typeof MeanMetricWrapper, MetricOptions, O>(MeanMetricWrapper, ["name", "dtype"], className, fn, defaultName, defaults);

// Accuracy metrics (Keras 3's metrics/accuracy_metrics.py): per-sample
// match functions and the MeanMetricWrapper classes around them.
import { isFloat } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { equal, greater, notEqual } from "../ops/elementwise.js";
import { where } from "../ops/math.js";
import { argmax, max, sum } from "../ops/reduction.js";
import { oneHot, reshape, squeeze } from "../ops/shape_ops.js";
import { checkBroadcast, squeezeOrExpandToSameRank } from "../losses/loss.js";
import { meanMetric, type MetricFn } from "./mean_metric_wrapper.js";

function inputs(yTrue: TensorLike, yPred: TensorLike, where: string, trueAsPred = true): [Tensor, Tensor] {
  const p = toTensor(yPred, where, "yPred");
  const t = toTensor(yTrue, where, "yTrue");
  return [trueAsPred ? cast(t, p.dtype) : t, p];
}

const matches = (a: Tensor, b: Tensor): Tensor => cast(equal(a, b), floatx());

function checked(t: Tensor, p: Tensor, where: string): void {
  checkBroadcast(p.shape, t.shape, where, "yTrue", "yPred");
}

/**
 * 1 where `yTrue` equals `yPred`, else 0.
 *
 * @example
 * keras.metrics.accuracy([1, 2, 3], [1, 0, 3]).toArray(); // [1, 0, 1]
 */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = inputs(yTrue, yPred, "accuracy");
  const [t, p] = squeezeOrExpandToSameRank(t0, p0);
  checked(t, p, "accuracy");
  return matches(t, p);
}

/** Options of binary accuracy. */
export interface BinaryAccuracyOptions {
  /** A prediction counts as 1 when it is above this value (default 0.5). */
  threshold?: number;
}

/**
 * 1 where `yTrue` equals `yPred > threshold` (strict, compared in
 * float32 as Keras converts the threshold), else 0.
 *
 * @example
 * keras.metrics.binaryAccuracy([1, 0], [0.3, 0.3], { threshold: 0.3 }).toArray(); // [0, 1]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, options: BinaryAccuracyOptions = {}): Tensor {
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== "number") throw new ValueError(`binaryAccuracy: argument 'threshold' must be a number; received ${describe(threshold)}`);
  const [t0, p0] = inputs(yTrue, yPred, "binaryAccuracy", false);
  const [t, p] = squeezeOrExpandToSameRank(t0, p0);
  checked(t, p, "binaryAccuracy");
  const predicted = cast(greater(p, tensor(threshold, null, "float32")), t.dtype);
  return matches(t, predicted);
}

/**
 * 1 where the argmax of `yPred` (first index on ties) is the argmax of
 * the one-hot `yTrue`, else 0.
 *
 * @example
 * keras.metrics.categoricalAccuracy([[0, 1], [1, 0]], [[0.4, 0.6], [0.5, 0.5]]).toArray(); // [1, 1]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = inputs(yTrue, yPred, "categoricalAccuracy", false);
  classes(t, p, "categoricalAccuracy", true);
  return sparseCategoricalAccuracy(argmax(t, -1), p);
}

/**
 * 1 where the argmax of `yPred` (first index on ties) equals the integer
 * label `yTrue`, else 0.
 *
 * @example
 * keras.metrics.sparseCategoricalAccuracy([1, 0], [[0.4, 0.6], [0.5, 0.5]]).toArray(); // [1, 1]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  let [t, p] = inputs(yTrue, yPred, "sparseCategoricalAccuracy");
  const shape = t.shape;
  let reshaped = false;
  if (t.ndim === p.ndim && t.shape[t.ndim - 1] === 1) {
    t = squeeze(t, -1);
    reshaped = true;
  }
  if (p.ndim === 0) throw new ValueError(`sparseCategoricalAccuracy: argument 'yPred' must have a class axis; received shape ${formatShape(p.shape)}`);
  const predicted = cast(argmax(p, -1), t.dtype);
  checkBroadcast(predicted.shape, t.shape, "sparseCategoricalAccuracy", "yTrue", "argmax(yPred)");
  let m = matches(t, predicted);
  if (reshaped) m = reshape(m, shape);
  if (m.ndim > 1 && m.shape[m.ndim - 1] === 1) m = squeeze(m, -1);
  return m;
}

function classes(t: Tensor, p: Tensor, where: string, sameShape: boolean): void {
  if (p.ndim < 1 || (sameShape && (t.ndim !== p.ndim || t.shape.some((d, i) => d !== p.shape[i])))) {
    throw new ValueError(
      `${where}: arguments 'yTrue' (shape ${formatShape(t.shape)}) and 'yPred' (shape ${formatShape(p.shape)}) ` +
        `must both be one-hot / scores of the same shape (batch, ..., numClasses)`,
    );
  }
}

/** Options of top-k categorical accuracy. */
export interface TopKCategoricalAccuracyOptions {
  /** How many of the highest-scoring classes count as a match (default 5). */
  k?: number;
}

/**
 * 1 where the class of the one-hot `yTrue` is among the `k` (default 5)
 * highest scores of `yPred`: its rank `1 + count(scores > its score)` is
 * at most `k` (so ties count in its favour, as Keras's `in_top_k`; a NaN
 * score ranks last).
 *
 * @example
 * keras.metrics.topKCategoricalAccuracy([[0, 0, 1]], [[0.5, 0.3, 0.2]], { k: 2 }).toArray(); // [0]
 */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, options: TopKCategoricalAccuracyOptions = {}): Tensor {
  const where_ = "topKCategoricalAccuracy";
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${where_}: argument 'k' must be a positive integer; received ${describe(k)}`);
  const [t, p0] = inputs(yTrue, yPred, where_, false);
  classes(t, p0, where_, true);
  const labels = argmax(t, -1);
  const p = isFloat(p0.dtype) ? p0 : cast(p0, floatx());
  const isLabel = oneHot(labels, p.shape[p.ndim - 1]!, -1, "bool");
  let atLabel = max(where(isLabel, p, -Infinity), -1, true);
  atLabel = where(notEqual(atLabel, atLabel), -Infinity, atLabel); // NaN is not a large score
  const higher = sum(cast(greater(p, atLabel), "int32"), -1);
  return cast(greater(k, higher), floatx());
}

/**
 * The fraction of predictions that equal the labels.
 *
 * @example
 * const m = new keras.metrics.Accuracy();
 * m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
 * m.result().item(); // 0.75
 */
export const Accuracy = meanMetric("Accuracy", accuracy, "accuracy", {});
export type Accuracy = InstanceType<typeof Accuracy>;

/**
 * The fraction of binary labels matched by `yPred > threshold` (default 0.5).
 *
 * @example
 * const m = new keras.metrics.BinaryAccuracy({ threshold: 0.3 });
 * m.updateState([1, 1, 0, 0], [0.98, 0.5, 0.1, 0.3]);
 * m.result().item(); // 1
 */
export const BinaryAccuracy = meanMetric<BinaryAccuracyOptions>("BinaryAccuracy", binaryAccuracy as MetricFn, "binary_accuracy", { threshold: 0.5 });
export type BinaryAccuracy = InstanceType<typeof BinaryAccuracy>;

/**
 * The fraction of samples whose highest score is the one-hot label's class.
 *
 * @example
 * const m = new keras.metrics.CategoricalAccuracy();
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result().item(); // 0.5
 */
export const CategoricalAccuracy = meanMetric("CategoricalAccuracy", categoricalAccuracy, "categorical_accuracy", {});
export type CategoricalAccuracy = InstanceType<typeof CategoricalAccuracy>;

/**
 * The fraction of samples whose highest score is the integer label.
 *
 * @example
 * const m = new keras.metrics.SparseCategoricalAccuracy();
 * m.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * m.result().item(); // 0.5
 */
export const SparseCategoricalAccuracy = meanMetric(
  "SparseCategoricalAccuracy", sparseCategoricalAccuracy, "sparse_categorical_accuracy", {},
);
export type SparseCategoricalAccuracy = InstanceType<typeof SparseCategoricalAccuracy>;

/**
 * The fraction of samples whose one-hot label is among the `k` (default 5) highest scores.
 *
 * @example
 * const m = new keras.metrics.TopKCategoricalAccuracy({ k: 1 });
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result().item(); // 0.5
 */
export const TopKCategoricalAccuracy = meanMetric<TopKCategoricalAccuracyOptions>(
  "TopKCategoricalAccuracy", topKCategoricalAccuracy as MetricFn, "top_k_categorical_accuracy", { k: 5 },
);
export type TopKCategoricalAccuracy = InstanceType<typeof TopKCategoricalAccuracy>;

// The loss classes (Keras 3's losses/losses.py): each wraps its function
// with Keras's default name and config keys.
import { fnWrapperClass } from "../utils/fn_wrapper.js";
import {
  binaryCrossentropy, categoricalCrossentropy, cosineSimilarity, hinge, huber, klDivergence, logCosh,
  meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, sparseCategoricalCrossentropy, squaredHinge,
  type CosineSimilarityOptions, type CrossentropyOptions, type HuberOptions, type SparseCrossentropyOptions,
} from "./functions.js";
import { type LossFn } from "./loss.js";
import { Loss, LossFunctionWrapper, type LossOptions } from "./loss.js";

/** A LossFunctionWrapper subclass: `fn`, Keras's default name, and its options with their defaults. */
const wrapper = <O extends object>(className: string, fn: LossFn, defaultName: string, defaults: Required<O>) =>
  fnWrapperClass<typeof LossFunctionWrapper, LossOptions, O>(LossFunctionWrapper, ["name", "reduction", "dtype"], className, fn, defaultName, defaults);

/**
 * Mean of squares of errors: `mean(square(yTrue - yPred))`.
 *
 * @example
 * new keras.losses.MeanSquaredError().apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]).item(); // 0.5
 */
export const MeanSquaredError = wrapper("MeanSquaredError", meanSquaredError, "mean_squared_error", {});
export type MeanSquaredError = InstanceType<typeof MeanSquaredError>;

/**
 * Mean of absolute errors.
 *
 * @example
 * new keras.losses.MeanAbsoluteError().apply([[0, 1]], [[1, 1]]).item(); // 0.5
 */
export const MeanAbsoluteError = wrapper("MeanAbsoluteError", meanAbsoluteError, "mean_absolute_error", {});
export type MeanAbsoluteError = InstanceType<typeof MeanAbsoluteError>;

/**
 * Mean absolute percentage error: `100 * mean(abs((yTrue - yPred) / yTrue))`.
 *
 * @example
 * new keras.losses.MeanAbsolutePercentageError().apply([[2, 4]], [[1, 4]]).item(); // 25
 */
export const MeanAbsolutePercentageError = wrapper(
  "MeanAbsolutePercentageError", meanAbsolutePercentageError, "mean_absolute_percentage_error", {},
);
export type MeanAbsolutePercentageError = InstanceType<typeof MeanAbsolutePercentageError>;

/**
 * Huber loss: quadratic within `delta` (default 1), linear beyond. Its
 * default name is `"huber_loss"`.
 *
 * @example
 * new keras.losses.Huber({ delta: 1 }).apply([[0, 0]], [[0.5, 3]]).item(); // 1.3125
 */
export const Huber = wrapper<HuberOptions>("Huber", huber as LossFn, "huber_loss", { delta: 1.0 });
export type Huber = InstanceType<typeof Huber>;

/**
 * Logarithm of the hyperbolic cosine of the error.
 *
 * @example
 * new keras.losses.LogCosh().apply([[0]], [[0]]).item(); // 0
 */
export const LogCosh = wrapper("LogCosh", logCosh, "log_cosh", {});
export type LogCosh = InstanceType<typeof LogCosh>;

/**
 * Kullback-Leibler divergence `sum(yTrue * log(yTrue / yPred))`.
 *
 * @example
 * new keras.losses.KLDivergence().apply([[0.5, 0.5]], [[0.5, 0.5]]).item(); // 0
 */
export const KLDivergence = wrapper("KLDivergence", klDivergence, "kl_divergence", {});
export type KLDivergence = InstanceType<typeof KLDivergence>;

/**
 * Hinge loss `max(1 - yTrue * yPred, 0)`; 0/1 labels become -1/1.
 *
 * @example
 * new keras.losses.Hinge().apply([[1, 0]], [[0.5, -2]]).item(); // 0.25
 */
export const Hinge = wrapper("Hinge", hinge, "hinge", {});
export type Hinge = InstanceType<typeof Hinge>;

/**
 * Squared hinge loss `square(max(1 - yTrue * yPred, 0))`.
 *
 * @example
 * new keras.losses.SquaredHinge().apply([[1, 0]], [[0.5, -2]]).item(); // 0.125
 */
export const SquaredHinge = wrapper("SquaredHinge", squaredHinge, "squared_hinge", {});
export type SquaredHinge = InstanceType<typeof SquaredHinge>;

/**
 * Negative cosine similarity along `axis` (default -1).
 *
 * @example
 * new keras.losses.CosineSimilarity().apply([[0, 1]], [[0, 3]]).item(); // -1
 */
export const CosineSimilarity = wrapper<CosineSimilarityOptions>("CosineSimilarity", cosineSimilarity as LossFn, "cosine_similarity", { axis: -1 });
export type CosineSimilarity = InstanceType<typeof CosineSimilarity>;

const CE_DEFAULTS: Required<CrossentropyOptions> = { fromLogits: false, labelSmoothing: 0.0, axis: -1 };

/**
 * Binary cross-entropy, on probabilities or (`fromLogits`) logits, with
 * optional `labelSmoothing` toward 0.5.
 *
 * @example
 * new keras.losses.BinaryCrossentropy({ fromLogits: true }).apply([[1, 0]], [[0, 0]]).item(); // 0.6931472
 */
export const BinaryCrossentropy = wrapper<CrossentropyOptions>("BinaryCrossentropy", binaryCrossentropy as LossFn, "binary_crossentropy", CE_DEFAULTS);
export type BinaryCrossentropy = InstanceType<typeof BinaryCrossentropy>;

/**
 * Categorical cross-entropy on one-hot labels, on probabilities
 * (rescaled to sum to 1) or (`fromLogits`) logits.
 *
 * @example
 * new keras.losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, reduction: "sum" })
 *   .apply([[0, 1]], [[0, 0]]).item(); // 0.6931472
 */
export const CategoricalCrossentropy = wrapper<CrossentropyOptions>(
  "CategoricalCrossentropy", categoricalCrossentropy as LossFn, "categorical_crossentropy", CE_DEFAULTS,
);
export type CategoricalCrossentropy = InstanceType<typeof CategoricalCrossentropy>;

/**
 * Categorical cross-entropy on integer class ids; `ignoreClass` leaves a
 * class id out of the loss.
 *
 * @example
 * new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply([1, 0], [[0, 0], [0, 0]]).item(); // 0.6931472
 */
export const SparseCategoricalCrossentropy = wrapper<SparseCrossentropyOptions>(
  "SparseCategoricalCrossentropy", sparseCategoricalCrossentropy as LossFn, "sparse_categorical_crossentropy",
  { fromLogits: false, ignoreClass: null, axis: -1 },
);
export type SparseCategoricalCrossentropy = InstanceType<typeof SparseCategoricalCrossentropy>;

export { Loss, LossFunctionWrapper };

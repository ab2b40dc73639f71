// keras.losses: the Loss classes, the loss functions, and get / serialize / deserialize.
import { ValueError } from "../errors.js";
import { moduleApi } from "../saving/module_objects.js";
import type { CustomObjects } from "../saving/serialization.js";
import {
  binaryCrossentropy, categoricalCrossentropy, cosineSimilarity, hinge, huber, klDivergence, logCosh,
  meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, sparseCategoricalCrossentropy, squaredHinge
} from "./functions.js";
import { type LossFn } from "./loss.js";
import {
  BinaryCrossentropy, CategoricalCrossentropy, CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh, Loss,
  LossFunctionWrapper, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, SparseCategoricalCrossentropy,
  SquaredHinge,
} from "./losses.js";

export {
  binaryCrossentropy, categoricalCrossentropy, cosineSimilarity, hinge, huber, klDivergence, logCosh,
  meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, sparseCategoricalCrossentropy, squaredHinge,
  type CosineSimilarityOptions, type CrossentropyOptions, type HuberOptions, type SparseCrossentropyOptions,
} from "./functions.js";
export {
  BinaryCrossentropy, CategoricalCrossentropy, CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh, Loss,
  LossFunctionWrapper, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, SparseCategoricalCrossentropy,
  SquaredHinge,
} from "./losses.js";
export { type LossOptions, type Reduction, type LossFn } from "./loss.js";
export type { WrapperClass } from "../utils/fn_wrapper.js";

// Keras's ALL_OBJECTS_DICT: class names, then the functions under their
// snake_case names (which win over the classes' snake_case forms), then
// the short aliases.
const FUNCTIONS: Record<string, LossFn> = {
  kl_divergence: klDivergence,
  binary_crossentropy: binaryCrossentropy as LossFn,
  categorical_crossentropy: categoricalCrossentropy as LossFn,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy as LossFn,
  mean_squared_error: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError,
  cosine_similarity: cosineSimilarity as LossFn,
  log_cosh: logCosh,
  huber: huber as LossFn,
  hinge,
  squared_hinge: squaredHinge,
  bce: binaryCrossentropy as LossFn,
  BCE: binaryCrossentropy as LossFn,
  kld: klDivergence,
  KLD: klDivergence,
  mae: meanAbsoluteError,
  MAE: meanAbsoluteError,
  mse: meanSquaredError,
  MSE: meanSquaredError,
  mape: meanAbsolutePercentageError,
  MAPE: meanAbsolutePercentageError,
};

const api = moduleApi<Loss>(
  "loss",
  "keras.losses",
  Loss,
  [
    [Loss, "Loss"],
    [LossFunctionWrapper, "LossFunctionWrapper"],
    [KLDivergence, "KLDivergence"],
    [BinaryCrossentropy, "BinaryCrossentropy"],
    [CategoricalCrossentropy, "CategoricalCrossentropy"],
    [SparseCategoricalCrossentropy, "SparseCategoricalCrossentropy"],
    [MeanSquaredError, "MeanSquaredError"],
    [MeanAbsoluteError, "MeanAbsoluteError"],
    [MeanAbsolutePercentageError, "MeanAbsolutePercentageError"],
    [CosineSimilarity, "CosineSimilarity"],
    [LogCosh, "LogCosh"],
    [Huber, "Huber"],
    [Hinge, "Hinge"],
    [SquaredHinge, "SquaredHinge"],
  ],
  FUNCTIONS as never,
);

/** Every name `get` accepts, as Keras's `ALL_OBJECTS_DICT`. */
export const ALL_OBJECTS_DICT: ReadonlyMap<string, unknown> = api.names;

/**
 * `keras.losses.get`: a loss from a class name (`"BinaryCrossentropy"`,
 * an instance), a function name or alias (`"binary_crossentropy"`,
 * `"mse"`: the function), a Keras JSON config, a class, an instance or a
 * function. An unknown name is an error listing the known ones.
 *
 * @example
 * keras.losses.get("mse") === keras.losses.meanSquaredError; // true
 * keras.losses.get("Huber").name; // "huber_loss"
 */
export function get(identifier: unknown): Loss | LossFn | null {
  try {
    return api.get(identifier) as Loss | LossFn | null;
  } catch (e) {
    if (e instanceof ValueError && typeof identifier === "string" && !api.names.has(identifier)) {
      throw new ValueError(`Could not interpret loss identifier: ${identifier}. Known names: ${[...api.names.keys()].join(", ")}`);
    }
    throw e;
  }
}

/**
 * `keras.losses.serialize`: the Keras JSON form of a loss.
 *
 * @example
 * keras.losses.serialize(new keras.losses.Huber()).config; // { name: "huber_loss", reduction: "sum_over_batch_size", delta: 1 }
 */
export const serialize = (loss: Loss): unknown => api.serialize(loss);

/**
 * `keras.losses.deserialize`: a loss from its Keras JSON form or name.
 *
 * @example
 * keras.losses.deserialize({ module: "keras.losses", class_name: "Huber", config: { delta: 2 }, registered_name: null });
 */
export const deserialize = (config: unknown, customObjects?: CustomObjects | null): Loss =>
  api.deserialize(config, customObjects);

// keras.metrics: the Metric base, the metric classes and functions, and get / serialize / deserialize.
import { ValueError } from "../errors.js";
import { moduleApi } from "../saving/module_objects.js";
import { registerBuiltinFunction } from "../saving/object_registration.js";
import type { CustomObjects } from "../saving/serialization.js";
import { Mean, Metric, Sum } from "./metric.js";
import {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
  accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy,
} from "./accuracy_metrics.js";
import { MeanAbsoluteError, MeanSquaredError } from "./regression_metrics.js";
import { AUC, Precision, Recall } from "./confusion_metrics.js";

export { Metric, Mean, Sum, type MetricOptions } from "./metric.js";
export { MeanMetricWrapper, type MetricFn } from "./mean_metric_wrapper.js";
export {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
  accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy,
  type BinaryAccuracyOptions, type TopKCategoricalAccuracyOptions,
} from "./accuracy_metrics.js";
export { MeanAbsoluteError, MeanSquaredError } from "./regression_metrics.js";
export { AUC, Precision, Recall, type AUCOptions, type ThresholdOptions } from "./confusion_metrics.js";
export type { WrapperClass } from "../utils/fn_wrapper.js";

const api = moduleApi<Metric>(
  "metric",
  "keras.metrics",
  Metric as never,
  [
    [Mean, "Mean"],
    [Sum, "Sum"],
    [MeanSquaredError, "MeanSquaredError"],
    [MeanAbsoluteError, "MeanAbsoluteError"],
    [AUC, "AUC"],
    [Precision, "Precision"],
    [Recall, "Recall"],
    [Accuracy, "Accuracy"],
    [BinaryAccuracy, "BinaryAccuracy"],
    [CategoricalAccuracy, "CategoricalAccuracy"],
    [SparseCategoricalAccuracy, "SparseCategoricalAccuracy"],
    [TopKCategoricalAccuracy, "TopKCategoricalAccuracy"],
  ],
  { mse: MeanSquaredError, MSE: MeanSquaredError, mae: MeanAbsoluteError, MAE: MeanAbsoluteError },
);

// The functions' Keras names (metric names when passed to compile()).
for (const [fn, name] of [
  [accuracy, "accuracy"], [binaryAccuracy, "binary_accuracy"], [categoricalAccuracy, "categorical_accuracy"],
  [sparseCategoricalAccuracy, "sparse_categorical_accuracy"], [topKCategoricalAccuracy, "top_k_categorical_accuracy"],
] as const) registerBuiltinFunction(fn, name);

/** Every name `get` accepts, as Keras's `ALL_OBJECTS_DICT` (class names, their snake_case, and aliases). */
export const ALL_OBJECTS_DICT: ReadonlyMap<string, unknown> = api.names;

/**
 * `keras.metrics.get`: a metric from a name (`"accuracy"`, `"AUC"`,
 * `"mse"`), a Keras JSON config, a class or an instance. An unknown name
 * is an error listing the known ones.
 *
 * @example
 * keras.metrics.get("binary_accuracy").name; // "binary_accuracy"
 */
export function get(identifier: unknown): Metric | null {
  try {
    return api.get(identifier);
  } catch (e) {
    if (e instanceof ValueError && typeof identifier === "string" && !api.names.has(identifier)) {
      throw new ValueError(`Could not interpret metric identifier: ${identifier}. Known names: ${[...api.names.keys()].join(", ")}`);
    }
    throw e;
  }
}

/**
 * `keras.metrics.serialize`: the Keras JSON form of a metric.
 *
 * @example
 * keras.metrics.serialize(new keras.metrics.BinaryAccuracy()).config; // { name: "binary_accuracy", dtype: "float32", threshold: 0.5 }
 */
export const serialize = (metric: Metric): unknown => api.serialize(metric);

/**
 * `keras.metrics.deserialize`: a metric from its Keras JSON form or name.
 *
 * @example
 * keras.metrics.deserialize({ module: "keras.metrics", class_name: "AUC", config: { num_thresholds: 3 }, registered_name: null });
 */
export const deserialize = (config: unknown, customObjects?: CustomObjects | null): Metric => api.deserialize(config, customObjects);

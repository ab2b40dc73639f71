// Regression metrics (Keras 3's metrics/regression_metrics.py): the
// running means of the regression loss functions.
import { meanAbsoluteError, meanSquaredError } from "../losses/functions.js";
import { meanMetric } from "./mean_metric_wrapper.js";

/**
 * The mean squared error over all samples seen.
 *
 * @example
 * const m = new keras.metrics.MeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().item(); // 0.25
 */
export const MeanSquaredError = meanMetric("MeanSquaredError", meanSquaredError, "mean_squared_error", {});
export type MeanSquaredError = InstanceType<typeof MeanSquaredError>;

/**
 * The mean absolute error over all samples seen.
 *
 * @example
 * const m = new keras.metrics.MeanAbsoluteError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().item(); // 0.25
 */
export const MeanAbsoluteError = meanMetric("MeanAbsoluteError", meanAbsoluteError, "mean_absolute_error", {});
export type MeanAbsoluteError = InstanceType<typeof MeanAbsoluteError>;

// keras.optimizers.schedules: the schedules and their serialize / deserialize.
import { moduleApi } from "../../saving/module_objects.js";
import type { CustomObjects } from "../../saving/serialization.js";
import {
  CosineDecay, ExponentialDecay, InverseTimeDecay, LearningRateSchedule, PiecewiseConstantDecay,
} from "./learning_rate_schedule.js";

export {
  CosineDecay, ExponentialDecay, InverseTimeDecay, LearningRateSchedule, PiecewiseConstantDecay,
  type CosineDecayOptions, type ExponentialDecayOptions, type InverseTimeDecayOptions, type PiecewiseConstantDecayOptions,
} from "./learning_rate_schedule.js";

const api = moduleApi<LearningRateSchedule>("learning rate schedule", "keras.optimizers.schedules", LearningRateSchedule, [
  [LearningRateSchedule, "LearningRateSchedule"],
  [ExponentialDecay, "ExponentialDecay"],
  [PiecewiseConstantDecay, "PiecewiseConstantDecay"],
  [InverseTimeDecay, "InverseTimeDecay"],
  [CosineDecay, "CosineDecay"],
]);

/**
 * `keras.optimizers.schedules.serialize`: the Keras JSON form.
 *
 * @example
 * const json = keras.optimizers.schedules.serialize(new keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }));
 * json.class_name; // "ExponentialDecay"
 * json.config.initial_learning_rate; // 0.1
 */
export const serialize = (schedule: LearningRateSchedule): unknown => api.serialize(schedule);

/**
 * `keras.optimizers.schedules.deserialize`: a schedule from its Keras JSON form.
 *
 * @example
 * const s = keras.optimizers.schedules.deserialize({
 *   module: "keras.optimizers.schedules", class_name: "InverseTimeDecay",
 *   config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 1 }, registered_name: null,
 * });
 * s.apply(1); // 0.5
 */
export const deserialize = (config: unknown, customObjects?: CustomObjects | null): LearningRateSchedule =>
  api.deserialize(config, customObjects);

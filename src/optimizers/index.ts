// keras.optimizers: the optimizers, their schedules, and get / serialize /
// deserialize. String identifiers are Keras's: the lowercased class name
// ("adam", "sgd", "rmsprop", "adamw", ...), matched case-insensitively.
import { ValueError } from "../errors.js";
import { moduleApi } from "../saving/module_objects.js";
import type { CustomObjects } from "../saving/serialization.js";
import { Optimizer } from "./base_optimizer.js";
import { SGD } from "./sgd.js";
import { Adam } from "./adam.js";
import { AdamW } from "./adamw.js";
import { RMSprop } from "./rmsprop.js";
import { Adagrad } from "./adagrad.js";
import { Adamax } from "./adamax.js";
import { Nadam } from "./nadam.js";
import { LossScaleOptimizer } from "./loss_scale_optimizer.js";

export { Optimizer, type OptimizerOptions, type LearningRate } from "./base_optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export type { MomentOptions } from "./moment_optimizer.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export { Adamax, type AdamaxOptions } from "./adamax.js";
export { Nadam, type NadamOptions } from "./nadam.js";
export { LossScaleOptimizer, type LossScaleOptimizerOptions } from "./loss_scale_optimizer.js";
export * as schedules from "./schedules/index.js";

const CLASSES = [
  [Optimizer, "Optimizer"], [SGD, "SGD"], [Adam, "Adam"], [AdamW, "AdamW"], [RMSprop, "RMSprop"], [Adagrad, "Adagrad"],
  [Adamax, "Adamax"], [Nadam, "Nadam"], [LossScaleOptimizer, "LossScaleOptimizer"],
] as const;
const LOWER = Object.fromEntries(CLASSES.map(([cls, name]) => [name.toLowerCase(), cls]));
const api = moduleApi<Optimizer>("optimizer", "keras.optimizers", Optimizer, CLASSES, LOWER);

/** The names `get` knows (Keras's ALL_OBJECTS_DICT keys), excluding the abstract base. */
const KNOWN = Object.keys(LOWER).filter((n) => n !== "optimizer" && n !== "lossscaleoptimizer").sort();

/**
 * `keras.optimizers.get`: an optimizer from a name (`"adam"`, `"sgd"`, ...,
 * any case), a Keras JSON config, or an instance (returned as is).
 *
 * @example
 * keras.optimizers.get("Adam") instanceof keras.optimizers.Adam; // true
 */
export function get(identifier: unknown): Optimizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === "string") {
    const cls = LOWER[identifier.toLowerCase()];
    if (cls === undefined || cls === Optimizer || cls === LossScaleOptimizer) {
      throw new ValueError(`Could not interpret optimizer identifier: ${identifier}. Known optimizers: ${KNOWN.map((n) => `"${n}"`).join(", ")}`);
    }
    return new (cls as new () => Optimizer)();
  }
  return deserialize(identifier);
}

/**
 * `keras.optimizers.serialize`: the Keras JSON form.
 *
 * @example
 * keras.optimizers.serialize(new keras.optimizers.SGD()).class_name; // "SGD"
 */
export const serialize = (optimizer: Optimizer): unknown => api.serialize(optimizer);

/**
 * `keras.optimizers.deserialize`: an optimizer from its Keras JSON form
 * (class names matched case-insensitively, as Keras does).
 *
 * @example
 * const opt = keras.optimizers.deserialize({ module: "keras.optimizers", class_name: "Adam", config: { learning_rate: 0.01, beta_1: 0.8 }, registered_name: null });
 * opt.beta1; // 0.8
 */
export function deserialize(config: unknown, customObjects?: CustomObjects | null): Optimizer {
  let c = config;
  if (c !== null && typeof c === "object" && !Array.isArray(c)) {
    const name = (c as { class_name?: unknown }).class_name;
    if (typeof name === "string" && Object.hasOwn(LOWER, name.toLowerCase())) c = { ...c, class_name: name.toLowerCase() };
  }
  const obj = api.deserialize(c, customObjects);
  if (!(obj instanceof Optimizer)) throw new ValueError(`Could not interpret optimizer identifier: ${JSON.stringify(config)}`);
  return obj;
}

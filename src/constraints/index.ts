// keras.constraints: the classes, their names, and get / serialize / deserialize.
import { moduleApi } from "../saving/module_objects.js";
import { Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from "./constraints.js";

export { Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm, EPSILON, type Axis } from "./constraints.js";

const api = moduleApi<Constraint>("constraint", "keras.constraints", Constraint, [
  [Constraint, "Constraint"],
  [MaxNorm, "MaxNorm", "max_norm"],
  [MinMaxNorm, "MinMaxNorm", "min_max_norm"],
  [NonNeg, "NonNeg", "non_neg"],
  [UnitNorm, "UnitNorm", "unit_norm"],
]);

/** Every name `get` accepts (`"max_norm"`, `"NonNeg"`, ...). */
export const ALL_OBJECTS_DICT = api.names;

/**
 * `keras.constraints.get`: a constraint from a name, a Keras JSON config,
 * a class, an instance or a function.
 *
 * @example
 * keras.constraints.get("max_norm").getConfig(); // { maxValue: 2, axis: 0 }
 */
export const get = (identifier: unknown): Constraint | null => api.get(identifier);
/**
 * `keras.constraints.serialize`: the Keras JSON form.
 *
 * @function
 * @example
 * keras.constraints.serialize(new keras.constraints.MaxNorm(3)).config; // { max_value: 3, axis: 0 }
 */
export const serialize = (constraint: Constraint): unknown => api.serialize(constraint);
/**
 * `keras.constraints.deserialize`: a constraint from its Keras JSON form.
 *
 * @function
 * @example
 * const json = keras.constraints.serialize(new keras.constraints.MaxNorm(3));
 * keras.constraints.deserialize(json).maxValue; // 3
 */
export const deserialize = api.deserialize;

// keras.regularizers: the classes, their names, and get / serialize / deserialize.
import { moduleApi } from "../saving/module_objects.js";
import { L1, L1L2, L2, OrthogonalRegularizer, Regularizer } from "./regularizers.js";

export { L1, L1L2, L2, OrthogonalRegularizer, Regularizer, validateFloatArg } from "./regularizers.js";

const api = moduleApi<Regularizer>("regularizer", "keras.regularizers", Regularizer, [
  [Regularizer, "Regularizer"],
  [L1, "L1", "l1"],
  [L2, "L2", "l2"],
  [L1L2, "L1L2", "l1_l2"],
  [OrthogonalRegularizer, "OrthogonalRegularizer", "orthogonal_regularizer"],
]);

/** Every name `get` accepts (`"l1"`, `"L2"`, `"l1l2"`, `"orthogonal_regularizer"`, ...). */
export const ALL_OBJECTS_DICT = api.names;

/**
 * `keras.regularizers.get`: a regularizer from a name, a Keras JSON
 * config, a class, an instance or a function.
 *
 * @example
 * keras.regularizers.get("l2").getConfig(); // { l2: 0.01 }
 */
export const get = (identifier: unknown): Regularizer | null => api.get(identifier);
/**
 * `keras.regularizers.serialize`: the Keras JSON form.
 *
 * @function
 * @example
 * keras.regularizers.serialize(new keras.regularizers.L2(0.5)).config; // { l2: 0.5 }
 */
export const serialize = (regularizer: Regularizer): unknown => api.serialize(regularizer);
/**
 * `keras.regularizers.deserialize`: a regularizer from its Keras JSON form.
 *
 * @function
 * @example
 * const json = keras.regularizers.serialize(new keras.regularizers.L2(0.5));
 * keras.regularizers.deserialize(json).l2; // 0.5
 */
export const deserialize = api.deserialize;

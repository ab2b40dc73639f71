// keras.activations: the functions, their Keras names (ALL_OBJECTS_DICT),
// and get / serialize / deserialize. Built-in activations serialize as
// their Keras name ("relu"); registered custom functions as Keras's
// function object; anything else cannot be serialized.
import { ValueError, describe } from "../errors.js";
import { deserializeKerasObject, serializeKerasObject, type CustomObjects } from "../saving/serialization.js";
import * as F from "./activations.js";
import type { ActivationFn } from "./activations.js";

export * from "./activations.js";

/** Keras's name of each built-in activation (`"leaky_relu"`, ...), the first one for each function. */
const TABLE: [string, ActivationFn][] = [
  ["relu", F.relu], ["leaky_relu", F.leakyRelu], ["relu6", F.relu6], ["softmax", F.softmax], ["elu", F.elu],
  ["selu", F.selu], ["softplus", F.softplus], ["softsign", F.softsign], ["silu", F.silu], ["gelu", F.gelu],
  ["tanh", F.tanh], ["sigmoid", F.sigmoid], ["exponential", F.exponential], ["hard_sigmoid", F.hardSigmoid],
  ["hard_silu", F.hardSilu], ["linear", F.linear], ["mish", F.mish], ["log_softmax", F.logSoftmax], ["crelu", F.crelu],
  ["swish", F.silu], ["hard_swish", F.hardSilu],
];

/** Every name `get` accepts, mapped to its function (Keras's `ALL_OBJECTS_DICT`). */
export const ALL_OBJECTS_DICT: ReadonlyMap<string, ActivationFn> = new Map(TABLE);
const NAME_OF = new Map<unknown, string>();
for (const [name, fn] of TABLE) if (!NAME_OF.has(fn)) NAME_OF.set(fn, name);

/**
 * `keras.activations.serialize`: a built-in's name, or the Keras function
 * object of a registered custom function.
 *
 * @example
 * keras.activations.serialize(keras.activations.leakyRelu); // "leaky_relu"
 */
export function serialize(activation: unknown): unknown {
  const name = NAME_OF.get(activation);
  if (name !== undefined) return name;
  try {
    return serializeKerasObject(activation);
  } catch (e) {
    throw new ValueError(
      `Unknown activation function '${describe(activation)}' cannot be serialized due to invalid function name. Make sure to use ` +
        "an activation name that matches the references defined in activations.ts or use " +
        `\`keras.saving.registerKerasSerializable()\` to register any custom activations. (${(e as Error).message})`,
    );
  }
}

/**
 * `keras.activations.deserialize`: the function for a name or a Keras
 * function object.
 *
 * @example
 * keras.activations.deserialize("relu") === keras.activations.relu; // true
 */
export function deserialize(config: unknown, customObjects: CustomObjects | null = null): ActivationFn {
  if (typeof config === "string" && ALL_OBJECTS_DICT.has(config)) return ALL_OBJECTS_DICT.get(config)!;
  return deserializeKerasObject(config, { moduleObjects: ALL_OBJECTS_DICT as never, customObjects }) as ActivationFn;
}

/**
 * `keras.activations.get`: `linear` for null, the function for a name or
 * config, a function unchanged.
 *
 * @example
 * keras.activations.get("swish") === keras.activations.silu; // true
 */
export function get(identifier: unknown): ActivationFn {
  if (identifier === null || identifier === undefined) return F.linear;
  let obj: unknown = identifier;
  if (typeof identifier === "string") obj = ALL_OBJECTS_DICT.get(identifier) ?? null;
  else if (typeof identifier === "object") obj = deserialize(identifier);
  if (typeof obj === "function") return obj as ActivationFn;
  const shown = typeof identifier === "string" ? identifier : JSON.stringify(identifier) ?? String(identifier);
  throw new ValueError(`Could not interpret activation function identifier: ${shown}`);
}

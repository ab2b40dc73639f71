// keras.dtype_policies: DTypePolicy, get, serialize, deserialize.
import { ValueError, describe } from "../errors.js";
import { registerBuiltin } from "../saving/object_registration.js";
import { DTypePolicy, dtypePolicy, policyFromName, type DTypePolicyConfig } from "./dtype_policy.js";

export { DTypePolicy, FloatDTypePolicy, dtypePolicy, setDtypePolicy, type DTypePolicyConfig } from "./dtype_policy.js";

// A standalone policy serializes as Keras writes it ({ module: "keras", class_name:
// "DTypePolicy" }); "keras" registered last so that it is the module written.
registerBuiltin(DTypePolicy, "keras.dtype_policies", ["DTypePolicy", "FloatDTypePolicy"]);
registerBuiltin(DTypePolicy, "keras", ["DTypePolicy", "FloatDTypePolicy"]);

/** The Keras JSON of a dtype policy (every policy, mixed ones included). */
export interface DTypePolicyJson {
  /** Always `"keras"`. */
  module: "keras";
  /** Always `"DTypePolicy"`. */
  class_name: "DTypePolicy";
  /** The policy's name. */
  config: DTypePolicyConfig;
  /** Always null (a built-in class). */
  registered_name: null;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * `keras.dtype_policies.serialize`: `{ module: "keras", class_name:
 * "DTypePolicy", config: { name }, registered_name: null }`.
 *
 * @example
 * keras.dtypePolicies.serialize(new keras.DTypePolicy("mixed_float16")).config; // { name: "mixed_float16" }
 */
export function serialize(policy: DTypePolicy): DTypePolicyJson {
  return { module: "keras", class_name: "DTypePolicy", config: policy.getConfig(), registered_name: null };
}

/**
 * `keras.dtype_policies.deserialize`: a policy from its Keras JSON (extra
 * keys such as `shared_object_id` in `.keras` files are ignored).
 *
 * @example
 * keras.dtypePolicies.deserialize({ module: "keras", class_name: "DTypePolicy", config: { name: "float16" } }).name; // "float16"
 */
export function deserialize(config: unknown): DTypePolicy {
  if (isObject(config) && (config.class_name === "DTypePolicy" || config.class_name === "FloatDTypePolicy") && isObject(config.config)) {
    return DTypePolicy.fromConfig(config.config as { name?: string });
  }
  throw new ValueError(`Could not interpret dtype policy config: ${describe(config)}. Expected the JSON of a DTypePolicy.`);
}

/**
 * `keras.dtype_policies.get`: null gives the global policy; a policy is
 * returned as is; a name or a serialized policy makes one.
 *
 * @example
 * keras.dtypePolicies.get("mixed_bfloat16").computeDtype; // "bfloat16"
 */
export function get(identifier: unknown): DTypePolicy {
  if (identifier === null || identifier === undefined) return dtypePolicy();
  if (identifier instanceof DTypePolicy) return identifier;
  if (isObject(identifier)) return deserialize(identifier);
  if (typeof identifier === "string") return policyFromName(identifier);
  throw new ValueError(
    `Cannot interpret \`dtype\` argument. Expected a string or an instance of DTypePolicy. Received: dtype=${describe(identifier)}`,
  );
}

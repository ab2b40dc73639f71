// The layer's dtype policy until keras.dtype_policies lands (issue 4): a
// policy-shaped object whose compute and variable dtypes are both the named
// dtype. `dtype` may be a dtype name, a policy-like object or the Keras JSON
// of a DTypePolicy (what getConfig writes).
import { standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, describe } from "../errors.js";
import { FLOATX } from "../variables.js";
import { isPlainObject } from "./structure.js";

/** What a layer reads from its dtype policy. */
export interface LayerDTypePolicy {
  readonly name: string;
  readonly computeDtype: DType;
  readonly variableDtype: DType;
  readonly quantizationMode: null;
}

/** The Keras JSON of a dtype policy (`dtype` in a layer config). */
export interface DTypePolicyJson {
  module: "keras";
  class_name: "DTypePolicy";
  config: { name: string };
  registered_name: null;
}

const policy = (name: string, where: string): LayerDTypePolicy => {
  const d = standardizeDtype(name, `${where}: argument 'dtype'`);
  return Object.freeze({ name: d, computeDtype: d, variableDtype: d, quantizationMode: null });
};

/** Keras's `dtype_policies.get(dtype)`: null means the global policy (floatx). */
export function resolveDtypePolicy(dtype: unknown, where: string): LayerDTypePolicy {
  if (dtype === null || dtype === undefined) return policy(FLOATX, where);
  if (typeof dtype === "string") return policy(dtype, where);
  if (isPlainObject(dtype) && dtype.class_name === "DTypePolicy" && isPlainObject(dtype.config)) {
    return policy(String(dtype.config.name), where);
  }
  if (dtype !== null && typeof dtype === "object" && typeof (dtype as { name?: unknown }).name === "string") {
    return policy((dtype as { name: string }).name, where);
  }
  throw new KerasTypeError(`${where}: argument 'dtype' must be a dtype name or a DTypePolicy; received ${describe(dtype)}`);
}

/** Keras's `dtype_policies.serialize(policy)`. */
export function serializeDtypePolicy(p: LayerDTypePolicy): DTypePolicyJson {
  return { module: "keras", class_name: "DTypePolicy", config: { name: p.name }, registered_name: null };
}

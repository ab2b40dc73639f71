// A layer's dtype policy: Keras's `dtype_policies.get(dtype)` (null means
// the global policy at construction), and its serialization.
import { DTypePolicy, get, serialize, type DTypePolicyJson } from "../dtype_policies/index.js";

/** What a layer reads from its dtype policy. */
export type LayerDTypePolicy = DTypePolicy;
export type { DTypePolicyJson };

/** Keras's `dtype_policies.get(dtype)`: null means the global policy. */
export function resolveDtypePolicy(dtype: unknown, _where: string): LayerDTypePolicy {
  return get(dtype);
}

/** Keras's `dtype_policies.serialize(policy)`. */
export function serializeDtypePolicy(p: LayerDTypePolicy): DTypePolicyJson {
  return serialize(p);
}

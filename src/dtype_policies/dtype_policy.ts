// keras.DTypePolicy (keras/src/dtype_policies/dtype_policy.py): a layer's
// compute and variable dtypes, and the global policy behind
// keras.config.dtypePolicy() / setDtypePolicy().
import { KerasTypeError, NotImplementedError, ValueError, describe } from "../errors.js";
import { floatx } from "../config/floatx.js";
import { KERAS_DTYPES } from "../dtype_promotion.js";

const QUANTIZATION_MODES = ["int8", "float8"];

/** Keras's `standardize_dtype` for policy names: any Keras dtype, and "int" for int32. */
function standardizePolicyDtype(name: string): string | null {
  const d = name === "int" ? "int32" : name;
  return KERAS_DTYPES.includes(d) ? d : null;
}

const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function parseName(name: unknown): [string, string] {
  if (typeof name !== "string") {
    throw new KerasTypeError(`'name' must be a string, such as 'mixed_float16'. Received: name=${describe(name)} (of type ${typeName(name)})`);
  }
  if (name === "mixed_float16") return ["float16", "float32"];
  if (name === "mixed_bfloat16") return ["bfloat16", "float32"];
  const d = standardizePolicyDtype(name);
  if (d === null) {
    throw new ValueError(
      `Cannot convert '${name}' to a mixed precision DTypePolicy. Valid policies include 'mixed_float16', ` +
        "'mixed_bfloat16', and the name of any float dtype such as 'float32'.",
    );
  }
  return [d, d];
}

/**
 * A dtype policy: the dtype a layer computes in (`computeDtype`) and the
 * dtype of its variables (`variableDtype`). `"mixed_float16"` and
 * `"mixed_bfloat16"` compute in float16 / bfloat16 with float32 variables;
 * any other dtype name uses that dtype for both. No name (null) takes the
 * global policy's name.
 *
 * @example
 * const p = new keras.DTypePolicy("mixed_float16");
 * p.computeDtype;  // "float16"
 * p.variableDtype; // "float32"
 * p.getConfig();   // { name: "mixed_float16" }
 */
export class DTypePolicy {
  readonly #name: string;
  readonly #compute: string;
  readonly #variable: string;

  constructor(name?: string | null) {
    const n = name ?? dtypePolicy().name;
    [this.#compute, this.#variable] = parseName(n);
    this.#name = n;
  }

  /** The policy's name, such as `"float32"` or `"mixed_float16"`. */
  get name(): string { return this.#name; }
  /** The dtype layers compute in (inputs are cast to it). */
  get computeDtype(): string { return this.#compute; }
  /** The dtype of layers' weights. */
  get variableDtype(): string { return this.#variable; }
  /** Always null: quantized policies are not supported. */
  get quantizationMode(): null { return null; }
  /** Always false: quantized policies are not supported. */
  get isQuantized(): boolean { return false; }

  /** The policy's config (`{ name }`). */
  getConfig(): DTypePolicyConfig {
    return { name: this.#name };
  }

  /** Rebuilds a policy from `getConfig()`'s output. */
  static fromConfig(config: { name?: string | null }): DTypePolicy {
    return new DTypePolicy(config.name);
  }

  /** Keras's `__eq__`: another (non-quantized) DTypePolicy with the same name. */
  equals(other: unknown): boolean {
    return other instanceof DTypePolicy && other.name === this.#name;
  }

  /** `<DTypePolicy "mixed_float16">`. */
  toString(): string {
    return `<DTypePolicy "${this.#name}">`;
  }
}

/** The config of a dtype policy. */
export interface DTypePolicyConfig {
  /** The policy's name, such as `"mixed_float16"`. */
  name: string;
}

/** Keras's `FloatDTypePolicy`, an alias of `DTypePolicy`. */
export const FloatDTypePolicy = DTypePolicy;

let globalPolicy: DTypePolicy | null = null;

/**
 * The global dtype policy (Keras's `keras.config.dtype_policy()`): a
 * `floatx()` policy unless `setDtypePolicy` changed it.
 *
 * @example
 * keras.config.dtypePolicy().name; // "float32"
 */
export function dtypePolicy(): DTypePolicy {
  globalPolicy ??= new DTypePolicy(floatx());
  return globalPolicy;
}

/** @internal A policy from a name, as Keras's `get` / `set_dtype_policy` read names (quantized names refused). */
export function policyFromName(name: string): DTypePolicy {
  return QUANTIZATION_MODES.some((m) => name.startsWith(m)) ? quantizedByName(name) : new DTypePolicy(name);
}

function quantizedByName(policy: string): never {
  if (policy.split("_from_").length !== 2) {
    throw new ValueError(
      "Cannot convert `policy` into a valid pair (`mode`, `source_name`) to instantiate `QuantizedDTypePolicy`. " +
        `Received: policy=${policy}`,
    );
  }
  throw new NotImplementedError(`Quantized dtype policies ('${policy}') are not supported by keras-wasm.`);
}

/**
 * Sets the global dtype policy (Keras's `keras.config.set_dtype_policy`):
 * layers created afterwards without a `dtype` use it. `clearSession()`
 * resets it.
 *
 * @example
 * keras.config.setDtypePolicy("mixed_float16");
 * const layer = new keras.Layer();
 * layer.computeDtype;  // "float16"
 * layer.variableDtype; // "float32"
 * keras.config.setDtypePolicy("float32");
 */
export function setDtypePolicy(policy: DTypePolicy | string): void {
  if (!(policy instanceof DTypePolicy)) {
    if (typeof policy !== "string") {
      throw new ValueError(
        "Invalid `policy` argument. Expected the string name of a policy (such as 'mixed_float16') or a `DTypePolicy` " +
          `instance. Received: policy=${describe(policy)} (of type ${typeName(policy)})`,
      );
    }
    policy = policyFromName(policy);
  }
  globalPolicy = policy;
}

/** @internal Forgets the global policy (part of `clearSession()`). */
export function resetGlobalDtypePolicy(): void {
  globalPolicy = null;
}

// Keras's automatic config (Operation.__new__ / get_config / from_config):
// a layer subclass that does not override getConfig() still serializes its
// constructor arguments, and fromConfig() maps a config back onto the
// constructor's parameters, whether it takes them positionally
// (`constructor(units = 32)`) or as an options object
// (`constructor({ units = 32, ...options } = {})`). Python records the
// arguments in `__new__`; JS cannot see the arguments a subclass constructor
// received, so the values are read back from the instance under the
// parameters' names (`this.units`), the convention Keras's own examples
// follow. Where that is not certain (a parameter not stored under its name,
// a value that is not plain data, `...args`), Keras's NotImplementedError
// asking for getConfig() is raised instead of a config that silently loses
// arguments.
import { classNameOf } from "../saving/object_registration.js";
import { KerasTypeError, NotImplementedError, ValueError, describe } from "../errors.js";
import { serialize as serializeRegularizer, type Regularizer } from "../regularizers/index.js";
import { isPlainObject } from "./structure.js";
import { resolveDtypePolicy, serializeDtypePolicy } from "./dtype_hook.js";
import { baseClassOf, stateOf, type LayerHandle as Layer } from "./layer_state.js";
import { constructorSignature, forwardsToSuper, usedAsOptions, type Signature } from "./constructor_signature.js";

/** The base Layer options a subclass's config carries beside its own arguments. */
export const BASE_KEYS: ReadonlySet<string> = new Set(["name", "trainable", "dtype", "autocast", "activityRegularizer"]);

const EXAMPLE = `

Example:

class CustomLayer extends keras.Layer {
  constructor(arg1, arg2, options = {}) {
    super(options);
    this.arg1 = arg1;
    this.arg2 = arg2;
  }
  getConfig() {
    return { ...super.getConfig(), arg1: this.arg1, arg2: this.arg2 };
  }
}`;

function mustOverride(cls: string, why: string): NotImplementedError {
  return new NotImplementedError(
    `Object ${cls} was created by passing ${why}, and therefore the object must override \`getConfig()\` in order ` +
      `to be serializable. Please implement \`getConfig()\` (and \`static fromConfig()\` if its keys are not the ` +
      `constructor's parameter names).${EXAMPLE}`,
  );
}

const VARIADIC = "positional only or variadic arguments (e.g. `...args`, array patterns) to its constructor, which is " +
  "not supported by the automatic config generation";

/** Keras's auto-config value types (str, int, float, bool, None), nested in arrays and plain objects; copied. */
function plainCopy(v: unknown, path: string, bad: (path: string, v: unknown) => never, depth = 0): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number")) return v;
  if (depth < 100 && Array.isArray(v)) return v.map((e, i) => plainCopy(e, `${path}[${i}]`, bad, depth + 1));
  if (depth < 100 && isPlainObject(v)) {
    return Object.fromEntries(Object.keys(v).map((k) => [k, plainCopy(v[k], `${path}.${k}`, bad, depth + 1)]));
  }
  return bad(path, v);
}

export interface AutoConfig {
  /** The subclass's own arguments, by parameter name. */
  config: Record<string, unknown>;
  /** Whether the constructor passes base options (`name`, `trainable`, `dtype`, ...) on to Layer. */
  takesBaseOptions: boolean;
}

/**
 * The constructor arguments of `layer`, read back as `this.<parameter>`;
 * null when no class below `base` declares a constructor (the layer then
 * has the base Layer's own config). Throws Keras's "must override
 * getConfig()" error when they cannot be read with certainty.
 */
export function autoConfig(layer: object, base: object, cls: string): AutoConfig | null {
  const sig = constructorSignature(layer.constructor, base);
  if (sig === null) throw mustOverride(cls, "arguments to a constructor whose parameters cannot be read from its source (not a `class`)");
  if (sig.owner === base) return null;
  const inst = layer as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  let takesBaseOptions = false;
  const bad = (path: string, v: unknown): never => {
    throw mustOverride(cls, `non-serializable argument values to its constructor (\`${path}\`: ${describe(v)})`);
  };
  const read = (key: string): void => {
    if (!(key in inst) || typeof inst[key] === "function") {
      throw mustOverride(cls, `the constructor argument \`${key}\`, which it does not store as \`this.${key}\` (so it cannot be read back)`);
    }
    if (inst[key] !== undefined) config[key] = plainCopy(inst[key], key, bad);
  };
  sig.params.forEach((p, i) => {
    if (p.kind === "unsupported") throw mustOverride(cls, VARIADIC);
    if (p.kind === "pattern") {
      p.keys.forEach(read);
      takesBaseOptions ||= p.rest;
    } else if (p.name in inst && typeof inst[p.name] !== "function") {
      read(p.name);
    } else if (i === sig.params.length - 1 && forwardsToSuper(sig, p.name)) {
      takesBaseOptions = true; // `constructor(units, options) { super(options); ... }`
    } else {
      throw mustOverride(
        cls,
        `the constructor argument \`${p.name}\`, which it neither stores as \`this.${p.name}\` nor passes on as \`super(${p.name})\` ` +
          `(an options object should be destructured in the parameter list: \`constructor({ units = 32, ...options } = {})\`)`,
      );
    }
  });
  return { config, takesBaseOptions };
}

export interface ConstructorCall {
  args: unknown[];
  /** Base options the constructor has no parameter for, to set on the instance after construction. */
  after: Record<string, unknown>;
}

/**
 * Keras's `cls(**config)` for a JS constructor: config keys go to the
 * parameters of the same name, the rest to a destructured options rest
 * element or a trailing options parameter. Null when the constructor is
 * the base's (the config is then passed whole, as options).
 */
export function constructorArgs(cls: object, base: object, config: Record<string, unknown>, clsName: string): ConstructorCall | null {
  const sig: Signature | null = constructorSignature(cls, base);
  if (sig === null || sig.params.some((p) => p.kind === "unsupported")) {
    throw new KerasTypeError(
      `${clsName}.fromConfig: the constructor's parameters cannot be read from its source (\`...args\`, array patterns, ` +
        "or not a `class`), so the config cannot be mapped onto them. Override `static fromConfig(config)`.",
    );
  }
  if (sig.owner === base) return null;
  const used = new Set<string>();
  const take = (k: string): unknown => { used.add(k); return config[k]; };
  let restSlot: Record<string, unknown> | null = null;
  const args: unknown[] = sig.params.map((p, i) => {
    if (p.kind === "pattern") {
      const o: Record<string, unknown> = {};
      for (const k of p.keys) if (Object.hasOwn(config, k)) o[k] = take(k);
      if (p.rest) restSlot = o;
      return o;
    }
    if (p.kind === "name" && !Object.hasOwn(config, p.name) && i === sig.params.length - 1 && usedAsOptions(sig, p.name)) {
      restSlot = {}; // a trailing options parameter: `new Dense(units, options)`, `new Block(options)`
      return restSlot;
    }
    return p.kind === "name" ? take(p.name) : undefined;
  });
  const after: Record<string, unknown> = {};
  for (const k of Object.keys(config)) {
    if (used.has(k)) continue;
    if (restSlot !== null) (restSlot as Record<string, unknown>)[k] = config[k];
    else if (BASE_KEYS.has(k)) after[k] = config[k];
    else throw new KerasTypeError(`${clsName}'s constructor has no parameter named '${k}'.`);
  }
  // Trailing undefined arguments are dropped so that parameter defaults apply.
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { args, after };
}

/**
 * Keras's `Layer.get_config`: `name`, `trainable`, `dtype` (and
 * `activityRegularizer` when set). Unless the subclass overrides
 * getConfig (`overridden`), its constructor arguments too, and for a
 * class without a constructor of its own, the base Layer's auto-config
 * keys (`activityRegularizer`, `autocast`). `name` is left out when the
 * constructor cannot take it back (Keras drops it too).
 */
export function getConfig(layer: Layer, overridden: boolean): Record<string, unknown> {
  const s = stateOf(layer);
  const auto = overridden ? undefined : autoConfig(layer, baseClassOf(layer.constructor), s.className);
  const config: Record<string, unknown> = {};
  if (!auto || auto.takesBaseOptions) config.name = s.name;
  if (auto === null) config.activityRegularizer = null;
  if (auto) Object.assign(config, auto.config);
  config.trainable = s.trainable;
  config.dtype = serializeDtypePolicy(s.policy);
  if (s.activityRegularizer !== null) config.activityRegularizer = serializeRegularizer(s.activityRegularizer as Regularizer);
  if (auto === null || (auto && !s.autocast)) config.autocast = s.autocast;
  return config;
}

/** Base options set on a new instance whose constructor has no parameter for them. */
function applyBaseOptions(layer: Layer, after: Record<string, unknown>): void {
  const l = layer as unknown as Record<string, unknown>;
  for (const key of ["trainable", "autocast", "activityRegularizer"]) if (Object.hasOwn(after, key)) l[key] = after[key];
  if (Object.hasOwn(after, "dtype")) {
    const policy = resolveDtypePolicy(after.dtype, `layer '${layer.name}'`);
    if (policy.name !== stateOf(layer).policy.name) {
      if (layer.weights.length > 0) {
        throw new ValueError(
          `The constructor takes no \`dtype\` option and created weights already, so dtype '${policy.name}' cannot be applied; ` +
            "pass the options on to `super(options)` or override `static fromConfig()`.",
        );
      }
      stateOf(layer).policy = policy;
    }
  }
  // `name`: a constructor without options cannot take it back; the layer keeps its new name, as in Keras.
}

/** Keras's `Operation.from_config`: `cls(**config)`, with the config mapped onto the constructor's parameters. */
export function fromConfig(cls: new (...args: unknown[]) => Layer, config: Record<string, unknown>): Layer {
  const name = classNameOf(cls);
  if (!isPlainObject(config)) throw new KerasTypeError(`${name}.fromConfig: expected a config object; received ${describe(config)}`);
  try {
    const call = constructorArgs(cls, baseClassOf(cls), config, name);
    if (call === null) return new cls({ ...config });
    const layer = new cls(...call.args);
    applyBaseOptions(layer, call.after);
    return layer;
  } catch (e) {
    const err = e as Error;
    err.message = `Error when deserializing class '${name}' using config=${JSON.stringify(config)}.\n\nException encountered: ${err.message}`;
    throw err;
  }
}

// Keras 3's object serialization (`serialize_keras_object` /
// `deserialize_keras_object`), spelled for JS. The JSON form is Keras's own:
// `{ module, class_name, config, registered_name }` with snake_case config
// keys, so Python Keras can read what we write and the other way round.
//
// Safety: only classes and functions that were registered (built-in Keras
// classes, or user classes passed to `registerKerasSerializable`) are ever
// built. Nothing is evaluated (`__lambda__` configs are refused), and JSON
// keys are copied as own data properties, so `__proto__` / `constructor`
// keys cannot reach any prototype.
import { KerasTypeError, ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import {
  builtinByName, builtinNameOf, classNameOf, customNameOf, getRegisteredName, getRegisteredObject,
  type CustomObjects, type Registrable,
} from "./object_registration.js";

// Re-exported for the modules that import them from here.
export {
  registerBuiltin, registerKerasSerializable, classNameOf, getRegisteredName, getRegisteredObject, type CustomObjects,
} from "./object_registration.js";

/** The Keras 3 JSON form of a serialized object. */
export interface KerasJson {
  /** The Python module of the class (`"keras.initializers"`, ...); null for custom classes and functions. */
  module: string | null;
  /** The class name. */
  class_name: string;
  /** The object's `getConfig()`, with snake_case keys. */
  config: unknown;
  /** `"package>Name"` for a registered custom class, null for built-ins. */
  registered_name: string | null;
  /** A layer's build arguments (its input shape), so it can be built on loading. */
  build_config?: unknown;
  /** A model's `compile` arguments. */
  compile_config?: unknown;
  [key: string]: unknown;
}


/** `inputAxes` -> `input_axes` (config keys, JS -> Keras JSON). */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `input_axes` -> `inputAxes` (config keys, Keras JSON -> JS). */
export function snakeToCamel(key: string): string {
  return key.replace(/([a-z0-9])_([a-z])/g, (_, a: string, c: string) => a + c.toUpperCase());
}

/**
 * Config keys whose Keras spelling is not `camelToSnake` of ours (`beta1` is
 * Keras's `beta_1`): a class lists them in `static kerasConfigKeys`
 * (`{ beta1: "beta_1" }`); every other key maps by the general rule.
 */
function configKeyToKeras(cls: unknown): (k: string) => string {
  const extra = (cls as { kerasConfigKeys?: Record<string, string> } | null)?.kerasConfigKeys;
  return extra ? (k) => (Object.hasOwn(extra, k) ? extra[k]! : camelToSnake(k)) : camelToSnake;
}

function configKeyFromKeras(cls: unknown): (k: string) => string {
  const extra = (cls as { kerasConfigKeys?: Record<string, string> } | null)?.kerasConfigKeys;
  if (!extra) return snakeToCamel;
  const back = new Map(Object.entries(extra).map(([ours, keras]) => [keras, ours]));
  return (k) => back.get(k) ?? snakeToCamel(k);
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/** Builds an object from entries as own data properties (never touches a prototype). */
const fromEntries = (entries: Iterable<readonly [string, unknown]>): Record<string, unknown> => Object.fromEntries(entries);

/** A config's top-level keys renamed with `rename`; values untouched. */
export function renameKeys(config: unknown, rename: (k: string) => string): Record<string, unknown> {
  if (!isPlainObject(config)) return {};
  return fromEntries(Object.entries(config).map(([k, v]) => [rename(k), v]));
}

function serializeDict(obj: Record<string, unknown>, keys: (k: string) => string = (k) => k): Record<string, unknown> {
  return fromEntries(Object.entries(obj).map(([k, v]) => [keys(k), serializeKerasObject(v)]));
}

/**
 * `keras.saving.serialize_keras_object`: the Keras 3 JSON form of an object
 * (initializer, regularizer, constraint, layer, ...). Plain values, arrays
 * and plain objects are serialized recursively; tensors become `__tensor__`.
 *
 * @example
 * const json = keras.saving.serializeKerasObject(new keras.initializers.Zeros());
 * json; // { module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null }
 */
export function serializeKerasObject(obj: unknown): unknown {
  return nested("serializeKerasObject", () => serializeOne(obj));
}

/**
 * How deep serialized structures may nest. Real configs nest a few dozen
 * levels; a hostile or cyclic one would otherwise overflow the stack
 * (Python Keras stops at its recursion limit, 1000 frames, a few per level).
 */
export const MAX_NESTING = 256;
let depth = 0;

function nested<T>(fn: string, run: () => T): T {
  if (depth >= MAX_NESTING) {
    throw new ValueError(
      `${fn}: the object is nested more than ${MAX_NESTING} levels deep (or refers to itself); ` +
        "refusing it rather than overflowing the stack.",
    );
  }
  depth++;
  try {
    return run();
  } finally {
    depth--;
  }
}

function serializeOne(obj: unknown): unknown {
  if (obj === null || obj === undefined) return null;
  if (typeof obj === "string" || typeof obj === "number" || typeof obj === "boolean") return obj;
  if (Array.isArray(obj)) return obj.map(serializeKerasObject);
  if (obj instanceof Tensor) return { class_name: "__tensor__", config: { value: obj.toArray(), dtype: obj.dtype } };
  if (ArrayBuffer.isView(obj)) return serializeKerasObject(tensor(obj as unknown as Float32Array));
  if (isPlainObject(obj)) return serializeDict(obj);
  if (typeof obj === "function") {
    const registered = customNameOf(obj);
    if (registered === undefined) {
      throw new KerasTypeError(
        `Cannot serialize the function '${obj.name || "<anonymous>"}': register it with ` +
          "keras.saving.registerKerasSerializable(fn, { package }) first (keras-wasm never serializes code).",
      );
    }
    return { module: null, class_name: "function", config: obj.name, registered_name: registered };
  }
  const o = obj as { getConfig?: () => unknown; getBuildConfig?: () => unknown; getCompileConfig?: () => unknown; constructor: unknown };
  if (typeof o.getConfig !== "function") {
    throw new KerasTypeError(
      `Cannot serialize object ${describe(obj)}. To be serializable, a class must implement the getConfig() method.`,
    );
  }
  const inner = o.getConfig();
  if (!isPlainObject(inner)) {
    throw new KerasTypeError(`The getConfig() method of ${describe(obj)} should return a plain object. It returned: ${describe(inner)}`);
  }
  const ctor = o.constructor;
  const builtin = builtinNameOf(ctor);
  const toSnake = configKeyToKeras(ctor);
  const out: KerasJson = builtin
    ? { module: builtin.module, class_name: builtin.className, config: serializeDict(inner, toSnake), registered_name: null }
    : { module: null, class_name: classNameOf(ctor), config: serializeDict(inner, toSnake), registered_name: getRegisteredName(ctor) };
  if (typeof o.getBuildConfig === "function") {
    const b = o.getBuildConfig();
    if (b != null) out.build_config = serializeDict(b as Record<string, unknown>, camelToSnake);
  }
  if (typeof o.getCompileConfig === "function") {
    const c = o.getCompileConfig();
    if (c != null) out.compile_config = serializeDict(c as Record<string, unknown>, camelToSnake);
  }
  return out;
}

/** Options of `deserializeKerasObject`. */
export interface DeserializeOptions {
  /** Extra name -> class/function mappings, searched with the registry. */
  customObjects?: CustomObjects | null;
  /** Kept for Keras parity; keras-wasm refuses `__lambda__` configs either way. */
  safeMode?: boolean;
  /** @internal A module's own names (`"glorot_uniform"`, `"GlorotUniform"`, ...), as Keras's `module_objects`. */
  moduleObjects?: ReadonlyMap<string, Registrable>;
}

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/**
 * `keras.saving.deserialize_keras_object`: rebuilds an object from its
 * Keras 3 JSON form. Only built-in and registered classes are built.
 *
 * @example
 * const init = keras.saving.deserializeKerasObject({
 *   module: "keras.initializers", class_name: "Constant", config: { value: 2 }, registered_name: null,
 * });
 * init.apply([2]).toArray(); // [2, 2]
 */
export function deserializeKerasObject(config: unknown, options: DeserializeOptions = {}): unknown {
  return nested("deserializeKerasObject", () => deserializeOne(config, options));
}

function deserializeOne(config: unknown, options: DeserializeOptions): unknown {
  const customObjects = options.customObjects ?? {};
  const recurse = (c: unknown): unknown => deserializeKerasObject(c, { customObjects, safeMode: options.safeMode ?? true });
  if (config === null || config === undefined) return null;
  if (typeof config === "string" && Object.hasOwn(customObjects, config)) return customObjects[config];
  if (Array.isArray(config)) return config.map(recurse);

  const moduleObjects = options.moduleObjects;
  if (moduleObjects) {
    let key: unknown = config;
    let inner: unknown;
    let custom = false;
    if (isPlainObject(config)) {
      inner = own(config, "config");
      if (!Object.hasOwn(config, "class_name")) {
        throw new ValueError(`Unknown \`config\` as a \`dict\`, config=${JSON.stringify(config)}`);
      }
      const cn = own(config, "class_name");
      const rn = own(config, "registered_name");
      const known = (n: unknown): boolean => typeof n === "string" && getRegisteredObject(n, customObjects) !== null;
      if (known(cn) || known(rn)) custom = true;
      else {
        if (Object.hasOwn(config, "module") && config.module === null) throw cannotDeserialize(cn);
        key = cn;
      }
    }
    if (!custom) {
      const cls = typeof key === "string" ? moduleObjects.get(key) : undefined;
      if (cls === undefined) return key; // the caller reports "Could not interpret ..."
      const b = builtinNameOf(cls);
      if (b === undefined) return cls;
      return recurse({ module: b.module, class_name: b.className, config: inner ?? {}, registered_name: null });
    }
  }

  if (typeof config === "string" || typeof config === "number" || typeof config === "boolean") return config;
  if (!isPlainObject(config)) throw new KerasTypeError(`Could not parse config: ${describe(config)}`);
  if (!Object.hasOwn(config, "class_name") || !Object.hasOwn(config, "config")) {
    return fromEntries(Object.entries(config).map(([k, v]) => [k, recurse(v)]));
  }
  const className = own(config, "class_name");
  const inner = own(config, "config") ?? {};
  if (className === "__tensor__" || className === "__numpy__") {
    const c = inner as Record<string, unknown>;
    return tensor(own(c, "value") as number[], null, own(c, "dtype") as string);
  }
  if (className === "__lambda__") {
    throw new ValueError(
      "Requested the deserialization of a `lambda` object. keras-wasm never evaluates serialized code; " +
        "register the function with keras.saving.registerKerasSerializable() and serialize that instead.",
    );
  }
  if (typeof className !== "string") throw new KerasTypeError(`Could not parse config: class_name must be a string; received ${describe(className)}`);
  const module = own(config, "module");
  const registeredName = Object.hasOwn(config, "registered_name") ? config.registered_name : className;

  let found: unknown = null;
  if (className === "function") {
    found = (typeof registeredName === "string" ? getRegisteredObject(registeredName, customObjects) : null) ??
      (typeof inner === "string" ? getRegisteredObject(inner, customObjects) : null);
  } else {
    found = typeof registeredName === "string" ? getRegisteredObject(registeredName, customObjects) : null;
    if (found === null && Object.hasOwn(customObjects, className)) found = customObjects[className];
    if (found === null && typeof module === "string" && (module === "keras" || module.startsWith("keras."))) {
      found = builtinByName(`${module}.${className}`) ?? null;
    }
    if (found === null && module === null) throw cannotDeserialize(className);
  }
  if (found === null) {
    const kind = className === "function" ? "function" : "class";
    const name = className === "function" ? String(inner) : className;
    throw new KerasTypeError(
      `Could not locate ${kind} '${name}'. Make sure custom classes are registered with ` +
        `keras.saving.registerKerasSerializable(). Full object config: ${JSON.stringify(config)}`,
    );
  }
  if (typeof found !== "function") return found;
  if (className === "function" || (found.prototype === undefined || typeof found.prototype.getConfig !== "function")) return found;
  const cls = found as unknown as { fromConfig?: (c: Record<string, unknown>, o?: DeserializeOptions) => unknown; new (c: unknown): unknown };
  const camel = renameKeys(inner, configKeyFromKeras(found));
  const instance = (typeof cls.fromConfig === "function" ? cls.fromConfig(camel, { customObjects }) : new cls(camel)) as {
    built?: boolean;
    buildFromConfig?: (c: unknown) => void;
  };
  const build = own(config, "build_config");
  if (isPlainObject(build) && typeof instance.buildFromConfig === "function" && !instance.built) {
    instance.buildFromConfig(renameKeys(build, snakeToCamel));
  }
  // Keras compiles a model whose config carries a non-empty compile_config.
  const compile = own(config, "compile_config");
  const model = instance as { compileFromConfig?: (c: Record<string, unknown>, o: DeserializeOptions) => void };
  if (isPlainObject(compile) && Object.keys(compile).length > 0 && typeof model.compileFromConfig === "function") {
    model.compileFromConfig(compile, { customObjects });
  }
  return instance;
}

function cannotDeserialize(className: unknown): KerasTypeError {
  const n = String(className);
  return new KerasTypeError(
    `Cannot deserialize object of type \`${n}\`. If \`${n}\` is a custom class, please register it using ` +
      "keras.saving.registerKerasSerializable().",
  );
}

// Keras 3's saving/object_registration.py: the registry of the classes and
// functions that deserialization may build. Built-in classes register under
// their Keras module ("keras.initializers.GlorotUniform"); user classes under
// "<package>><name>" through `registerKerasSerializable`. Every layer,
// initializer and metric module imports this (and serialization.ts); file
// formats (.keras, .h5) will live beside them and are imported by nothing
// below `saving/`.
import { KerasTypeError, ValueError, describe } from "../errors.js";

/** What `registerKerasSerializable` accepts: a class, or a function (a custom activation, say). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Registrable = (abstract new (...args: any[]) => any) | ((...args: never[]) => unknown);

const BUILTIN_BY_NAME = new Map<string, Registrable>(); // "keras.initializers.GlorotUniform"
const BUILTIN_NAME = new Map<unknown, { module: string; className: string }>();
const CUSTOM_BY_NAME = new Map<string, Registrable>(); // "Custom>MyLayer"
const CUSTOM_NAME = new Map<unknown, string>();
const BUILTIN_FN_NAME = new Map<unknown, string>(); // keras.losses.meanSquaredError -> "mean_squared_error"

/**
 * @internal Names a built-in function as Keras does (its Python
 * `__name__`): the bundles do not keep JS function names. The first name
 * given wins (the full name before the short aliases).
 */
export function registerBuiltinFunction(fn: unknown, name: string): void {
  if (!BUILTIN_FN_NAME.has(fn)) BUILTIN_FN_NAME.set(fn, name);
}

/** @internal Keras's name of a built-in function, if it is one. */
export function builtinFunctionName(fn: unknown): string | undefined {
  return BUILTIN_FN_NAME.get(fn);
}

/**
 * @internal Registers a built-in class under its Keras module
 * (`"keras.initializers"`) and public names; the first name is the one
 * written when serializing, the others (Keras's export aliases) are
 * accepted when reading.
 */
export function registerBuiltin(cls: Registrable, module: string, names: readonly string[]): void {
  for (const n of names) BUILTIN_BY_NAME.set(`${module}.${n}`, cls);
  BUILTIN_NAME.set(cls, { module, className: names[0]! });
}

/**
 * A class's Keras name: the name a built-in class is registered under, its
 * own `static className`, else its JS name (a user's class; the bundles do
 * not keep the names of ours).
 */
export function classNameOf(cls: unknown): string {
  const builtin = BUILTIN_NAME.get(cls);
  if (builtin !== undefined) return builtin.className;
  const c = cls as { className?: unknown; name?: unknown };
  if (Object.hasOwn(c as object, "className") && typeof c.className === "string") return c.className;
  return typeof c.name === "string" ? c.name : "";
}

/**
 * `keras.saving.register_keras_serializable`: makes a class (or function)
 * known to `deserializeKerasObject` under `"<package>><name>"`. Returns the
 * class, so it can wrap a class expression.
 *
 * @example
 * class MyInit extends keras.initializers.Initializer {
 *   apply(shape, dtype) { return keras.ops.full(shape, 3, dtype); }
 * }
 * keras.saving.registerKerasSerializable(MyInit, { package: "demo" });
 * keras.saving.serializeKerasObject(new MyInit()).registered_name; // "demo>MyInit"
 */
export function registerKerasSerializable<T extends Registrable>(cls: T, options: { package?: string; name?: string } = {}): T {
  if (typeof cls !== "function") {
    throw new KerasTypeError(`registerKerasSerializable: expected a class or a function; received ${describe(cls)}`);
  }
  const pkg = options.package ?? "Custom";
  const name = options.name ?? classNameOf(cls);
  const registered = `${pkg}>${name}`;
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(cls)) || typeof cls.prototype?.getConfig === "function";
  if (isClass && typeof (cls.prototype as { getConfig?: unknown } | undefined)?.getConfig !== "function") {
    throw new ValueError("Cannot register a class that does not have a getConfig() method.");
  }
  const existing = CUSTOM_BY_NAME.get(registered);
  if (existing !== undefined && existing !== cls) {
    throw new ValueError(`Name '${registered}' is already registered to ${classNameOf(existing)}. Choose a different package/name combination.`);
  }
  CUSTOM_BY_NAME.set(registered, cls);
  CUSTOM_NAME.set(cls, registered);
  return cls;
}

/** `keras.saving.get_registered_name`: `"package>name"`, or the plain name when unregistered. */
export function getRegisteredName(obj: unknown): string {
  return CUSTOM_NAME.get(obj) ?? classNameOf(obj);
}

/** `keras.saving.get_registered_object`: the registered class/function, or null. */
export function getRegisteredObject(name: string, customObjects?: CustomObjects | null): unknown {
  const fromCustom = customObjects && Object.hasOwn(customObjects, name) ? customObjects[name] : undefined;
  return CUSTOM_BY_NAME.get(name) ?? fromCustom ?? null;
}

/** Classes and functions by name, for `deserializeKerasObject`'s `customObjects`. */
export type CustomObjects = Record<string, unknown>;

/** @internal The Keras module and class name a built-in class serializes under, if it is one. */
export function builtinNameOf(cls: unknown): { module: string; className: string } | undefined {
  return BUILTIN_NAME.get(cls);
}

/** @internal The built-in class registered as `"<module>.<className>"`, if any. */
export function builtinByName(qualified: string): Registrable | undefined {
  return BUILTIN_BY_NAME.get(qualified);
}

/** @internal The `"package>name"` a custom class or function was registered under, if any. */
export function customNameOf(obj: unknown): string | undefined {
  return CUSTOM_NAME.get(obj);
}

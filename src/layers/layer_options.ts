// What the built-in layers share when they read their constructor
// arguments: Keras's positional first argument (`new Dense(3, opts)` or
// `new Dense({ units: 3, ...opts })`), and the serialized forms of
// initializers, regularizers and constraints in configs (null stays null).
import { KerasTypeError, ValueError, describe } from "../errors.js";
import { registerBuiltin } from "../saving/object_registration.js";
import { serialize as serializeInitializer, type Initializer } from "../initializers/index.js";
import { serialize as serializeRegularizer, type Regularizer } from "../regularizers/index.js";
import { serialize as serializeConstraint, type Constraint } from "../constraints/index.js";
import { isPlainObject } from "./structure.js";
import { checkKeywords } from "./validation.js";
import { OPTION_KEYS } from "./layer.js";

/**
 * The options object of a layer whose first Keras argument is `key`:
 * `(value, options)` or `(options)`.
 */
export function positional<T extends object>(first: unknown, rest: T | undefined, key: string): T & Record<string, unknown> {
  if (isPlainObject(first) && rest === undefined) return { ...first } as T & Record<string, unknown>;
  return { ...(rest ?? {}), [key]: first } as T & Record<string, unknown>;
}

/**
 * Splits `options` into the layer's own keys and the rest (for the base
 * Layer), after Keras's "Unrecognized keyword arguments" check against both.
 */
export function splitOptions<K extends string>(
  options: Record<string, unknown>, keys: readonly K[], cls: string, baseKeys: ReadonlySet<string> = OPTION_KEYS,
): [Partial<Record<K, unknown>>, Record<string, unknown>] {
  checkKeywords(options, new Set([...keys, ...baseKeys]), cls);
  const own: Partial<Record<K, unknown>> = {};
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if ((keys as readonly string[]).includes(k)) own[k as K] = v;
    else base[k] = v;
  }
  return [own, base];
}

export const initializerConfig = (x: Initializer | null): unknown => (x === null ? null : serializeInitializer(x));
export const regularizerConfig = (x: Regularizer | null): unknown => (x === null ? null : serializeRegularizer(x));
export const constraintConfig = (x: Constraint | null): unknown => (x === null ? null : serializeConstraint(x));

/** A positive integer argument, or Keras's ValueError naming it. */
export function positiveInt(value: unknown, arg: string, cls: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${cls}: \`${arg}\` must be a positive integer. Received: ${arg}=${describe(value)} (of type ${value === null ? "null" : typeof value}).`);
  }
  return value;
}

/** A number in [lo, hi], or Keras's "Invalid value received for argument" error. */
export function numberIn(value: unknown, lo: number, hi: number, arg: string, cls: string): number {
  if (typeof value !== "number" || !(value >= lo && value <= hi)) {
    throw new ValueError(
      `${cls}: Invalid value received for argument \`${arg}\`. Expected a float value between ${lo} and ${hi}. Received: ${arg}=${describe(value)}`,
    );
  }
  return value;
}

/** Keras's `standardize_data_format`: null is "channels_last" (image_data_format's default). */
export function dataFormat(value: unknown, cls: string): "channels_last" | "channels_first" {
  const v = value ?? "channels_last";
  if (v !== "channels_last" && v !== "channels_first") {
    throw new ValueError(`${cls}: The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${describe(value)}`);
  }
  return v;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LayerClass = (new (options: any) => object) & { fromConfig(config: Record<string, unknown>): unknown };

/**
 * Registers a built-in layer under `keras.layers` (Keras's export names)
 * and gives it Keras's `from_config`, `cls(**config)`: every built-in
 * constructor takes its whole config as one options object. Subclasses
 * (user layers) keep the base Layer's constructor-reading `fromConfig`.
 */
export function registerLayer(cls: LayerClass, names: readonly string[]): void {
  registerBuiltin(cls, "keras.layers", names);
  const inherited = cls.fromConfig;
  const fromConfig = function (this: LayerClass, config: Record<string, unknown>): unknown {
    if (this !== cls) return inherited.call(this, config);
    if (!isPlainObject(config)) throw new KerasTypeError(`${names[0]}.fromConfig: expected a config object; received ${describe(config)}`);
    try {
      return new cls({ ...config });
    } catch (e) {
      const err = e as Error;
      err.message = `Error when deserializing class '${names[0]}' using config=${JSON.stringify(config)}.\n\nException encountered: ${err.message}`;
      throw err;
    }
  };
  Object.defineProperty(cls, "fromConfig", { value: fromConfig, writable: true, configurable: true });
}

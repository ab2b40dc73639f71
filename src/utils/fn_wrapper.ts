// One factory for Keras's function-wrapping classes (the losses around
// LossFunctionWrapper, the metrics around MeanMetricWrapper): each class
// fixes a function, Keras's default name and its own options with defaults.
import { checkOptions } from "../initializers/initializer.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WrapperBase = new (...args: any[]) => object;

/**
 * The type of a class that wraps a fixed function, such as
 * `losses.Huber` (around `losses.LossFunctionWrapper`) or
 * `metrics.BinaryAccuracy` (around `metrics.MeanMetricWrapper`): it has
 * `B`'s static members (`fromConfig`), is constructed from `Options`
 * alone, and its instances are `B`'s.
 */
// The constraint is spelled out (not WrapperBase) so the public type names no private one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WrapperClass<B extends new (...args: any[]) => object, Options> = Omit<B, "prototype"> & {
  new (options?: Options): InstanceType<B>;
  /** Instances are `B`'s instances (`instanceof B` holds). */
  prototype: InstanceType<B>;
};

/**
 * @internal A subclass of `Base` (constructed as `new Base(fn, options)`)
 * named `className`, whose constructor accepts `baseKeys` plus the keys
 * of `defaults`, fills the defaults in `defaults`' order (the order Keras
 * writes them in configs) and names the instance `defaultName` unless told.
 */
export function fnWrapperClass<B extends WrapperBase, BaseOptions, O extends object>(
  Base: B,
  baseKeys: readonly string[],
  className: string,
  fn: unknown,
  defaultName: string,
  defaults: Required<O>,
): WrapperClass<B, BaseOptions & O> {
  const keys = Object.keys(defaults);
  const cls = class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const options = (args[0] ?? {}) as Record<string, unknown>;
      checkOptions(className, options, [...baseKeys, ...keys]);
      const extra = Object.fromEntries(keys.map((k) => [k, options[k] ?? (defaults as Record<string, unknown>)[k]]));
      const base = Object.fromEntries(baseKeys.map((k) => [k, options[k]]));
      super(fn, { ...extra, ...base, name: options.name ?? defaultName });
    }
  };
  Object.defineProperty(cls, "name", { value: className });
  return cls as unknown as WrapperClass<B, BaseOptions & O>;
}

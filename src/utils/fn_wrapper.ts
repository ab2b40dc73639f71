// One factory for Keras's function-wrapping classes (the losses around
// LossFunctionWrapper, the metrics around MeanMetricWrapper): each class
// fixes a function, Keras's default name and its own options with defaults.
import { checkOptions } from "../initializers/initializer.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WrapperBase = new (...args: any[]) => object;

/** A wrapper class: `Base`'s statics (`fromConfig`), constructed from options alone. */
export type WrapperClass<B extends WrapperBase, Options> = Omit<B, "prototype"> & {
  new (options?: Options): InstanceType<B>;
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

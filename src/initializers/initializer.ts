// The Initializer base class and the constant initializers (Keras 3's
// initializers/initializer.py and constant_initializers.py).
import { standardizeDtype, type DType } from "../dtypes.js";
import { ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { cast } from "../ops/core.js";
import { multiply } from "../ops/elementwise.js";
import { eye, ones, zeros } from "../ops/creation.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization.js";

/** A shape an initializer is asked for: fully defined, non-negative integers. */
export function initShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
    throw new ValueError(`${where}: argument 'shape' must be a list of non-negative integers; received ${describe(shape)}`);
  }
  return shape.slice() as number[];
}

/** Options objects: rejects keys the constructor does not know, by name. */
export function checkOptions(where: string, options: object, allowed: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      throw new ValueError(`${where}: unrecognized argument '${k}'. Expected one of: ${allowed.join(", ") || "(none)"}`);
    }
  }
}

/** A first argument that is an options object rather than a positional value. */
export const isOptionsObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;

/**
 * Base class of every initializer: `apply(shape, dtype)` returns a new
 * tensor of that shape and dtype. Subclasses implement `apply`, and
 * `getConfig()` when they take arguments (the default `fromConfig` passes
 * the config back to the constructor as its options).
 *
 * @example
 * class Halves extends keras.initializers.Initializer {
 *   apply(shape, dtype) { return keras.ops.full(shape, 0.5, dtype); }
 * }
 * new Halves().apply([2]).toArray(); // [0.5, 0.5]
 */
export abstract class Initializer {
  /** Returns a tensor of `shape` and `dtype` (float32 by default). */
  abstract apply(shape: readonly number[], dtype?: DType | string | null): Tensor;

  /** The constructor options that rebuild this initializer (camelCase keys). */
  getConfig(): Record<string, unknown> {
    return {};
  }

  /** Rebuilds an initializer from `getConfig()`'s output. */
  static fromConfig<T extends Initializer>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }

  /** A new initializer with the same config. */
  clone(): this {
    const ctor = this.constructor as unknown as { fromConfig(c: Record<string, unknown>): Initializer };
    return ctor.fromConfig(this.getConfig()) as this;
  }
}

const dtypeOf = (dtype: unknown): DType => (dtype == null ? "float32" : standardizeDtype(dtype));

/**
 * Fills with zeros.
 *
 * @example
 * new keras.initializers.Zeros().apply([2, 2]).toArray(); // [[0, 0], [0, 0]]
 */
export class Zeros extends Initializer {
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions("Zeros", options, []);
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    return zeros(initShape(shape, "Zeros"), dtypeOf(dtype));
  }
}

/**
 * Fills with ones.
 *
 * @example
 * new keras.initializers.Ones().apply([3]).toArray(); // [1, 1, 1]
 */
export class Ones extends Initializer {
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions("Ones", options, []);
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    return ones(initShape(shape, "Ones"), dtypeOf(dtype));
  }
}

/**
 * Fills with a constant `value` (a number, or values that broadcast to the shape).
 *
 * @example
 * new keras.initializers.Constant(2).apply([2]).toArray(); // [2, 2]
 */
export class Constant extends Initializer {
  /** The value every element gets (a scalar, or a tensor-like broadcast to the shape). */
  readonly value: TensorLike;
  constructor(value: TensorLike | { value?: TensorLike } = 0) {
    super();
    if (isOptionsObject(value)) {
      checkOptions("Constant", value, ["value"]);
      value = (value as { value?: TensorLike }).value ?? 0;
    }
    this.value = value as TensorLike;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const d = dtypeOf(dtype);
    return multiply(cast(tensor(this.value), d), ones(initShape(shape, "Constant"), d));
  }
  override getConfig(): Record<string, unknown> {
    return { value: serializeKerasObject(this.value) };
  }
  /** Rebuilds the initializer, deserializing a `value` given as Keras JSON. */
  static override fromConfig<T extends Initializer>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this({ value: deserializeKerasObject(config.value) } as never);
  }
}

/**
 * The identity matrix times `gain` (2D shapes only). As in Keras its config
 * is empty: `gain` is not serialized.
 *
 * @example
 * new keras.initializers.Identity(2).apply([2, 3]).toArray(); // [[2, 0, 0], [0, 2, 0]]
 */
export class Identity extends Initializer {
  /** Multiplicative factor applied to the identity matrix (default 1). */
  readonly gain: number;
  constructor(gain: number | { gain?: number } = 1) {
    super();
    if (isOptionsObject(gain)) {
      checkOptions("Identity", gain, ["gain"]);
      gain = (gain as { gain?: number }).gain ?? 1;
    }
    this.gain = gain as number;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const s = initShape(shape, "Identity");
    if (s.length !== 2) {
      throw new ValueError(
        `Identity matrix initializer can only be used for 2D matrices. Received: shape=${formatShape(s)} of rank ${s.length}.`,
      );
    }
    const d = dtypeOf(dtype);
    return cast(multiply(eye(s[0]!, s[1]!, 0, "float32"), this.gain), d);
  }
}

// Weight constraints (Keras 3's constraints/constraints.py): projections an
// optimizer applies to a variable after each update.
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { toTensor } from "../ops/core.js";
import { add, divide, maximum, multiply } from "../ops/elementwise.js";
import { clip, sqrt, square } from "../ops/math.js";
import { sum } from "../ops/reduction.js";
import { checkOptions, isOptionsObject } from "../initializers/initializer.js";

/** Keras's `backend.epsilon()`. */
export const EPSILON = 1e-7;

/** The axis (or axes) along which a norm constraint computes norms. */
export type Axis = number | readonly number[];

/**
 * Base class of constraints: `apply(w)` returns the projected weights
 * (the base class returns them unchanged).
 *
 * @example
 * class NonNegative extends keras.constraints.Constraint {
 *   apply(w) { return keras.ops.maximum(w, 0); }
 * }
 * new NonNegative().apply([-1, 2]).toArray(); // [0, 2]
 */
export class Constraint {
  /** Returns the projected weight (the base class returns it unchanged). */
  apply(w: TensorLike): Tensor {
    return toTensor(w, "Constraint", "w");
  }
  /** The constructor options that rebuild this constraint (camelCase keys). */
  getConfig(): Record<string, unknown> {
    return {};
  }
  /** Rebuilds a constraint from `getConfig()`'s output. */
  static fromConfig<T extends Constraint>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** `sqrt(sum(square(w), axis, keepdims))`. */
const norms = (w: Tensor, axis: Axis): Tensor => sqrt(sum(square(w), axis, true));

function options<T extends Record<string, unknown>>(where: string, first: unknown, keys: readonly string[]): T {
  if (isOptionsObject(first)) {
    checkOptions(where, first, keys);
    return first as T;
  }
  return (first === undefined ? {} : { [keys[0]!]: first }) as T;
}

/**
 * Caps the norm of the weights along `axis` (computed over that axis) at `maxValue`.
 *
 * @example
 * new keras.constraints.MaxNorm(2, { axis: 0 }).apply([[3], [4]]).toArray(); // [[1.2], [1.6]] (approx.)
 */
export class MaxNorm extends Constraint {
  /** The largest norm allowed for the incoming weights (default 2). */
  readonly maxValue: number;
  /** The axis (or axes) along which norms are computed (default 0: each column of a Dense kernel). */
  readonly axis: Axis;
  constructor(maxValue?: number | { maxValue?: number; axis?: Axis }, opts: { axis?: Axis } = {}) {
    super();
    const o = { ...options<{ maxValue?: number; axis?: Axis }>("MaxNorm", maxValue, ["maxValue", "axis"]), ...opts };
    this.maxValue = o.maxValue ?? 2;
    this.axis = o.axis ?? 0;
  }
  override apply(w: TensorLike): Tensor {
    const t = toTensor(w, "MaxNorm", "w");
    const n = norms(t, this.axis);
    return multiply(t, divide(clip(n, 0, this.maxValue), add(n, EPSILON)));
  }
  override getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/**
 * Keeps the weights non-negative.
 *
 * @example
 * new keras.constraints.NonNeg().apply([-1, 2]).toArray(); // [0, 2]
 */
export class NonNeg extends Constraint {
  override apply(w: TensorLike): Tensor {
    return maximum(toTensor(w, "NonNeg", "w"), 0);
  }
}

/**
 * Scales the weights to unit norm along `axis`.
 *
 * @example
 * new keras.constraints.UnitNorm({ axis: 1 }).apply([[3, 4]]).toArray(); // [[0.6, 0.8]] (approx.)
 */
export class UnitNorm extends Constraint {
  /** The axis (or axes) along which norms are computed (default 0). */
  readonly axis: Axis;
  constructor(axis?: Axis | { axis?: Axis }) {
    super();
    this.axis = options<{ axis?: Axis }>("UnitNorm", axis, ["axis"]).axis ?? 0;
  }
  override apply(w: TensorLike): Tensor {
    const t = toTensor(w, "UnitNorm", "w");
    return divide(t, add(norms(t, this.axis), EPSILON));
  }
  override getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/**
 * Moves the norm along `axis` towards `[minValue, maxValue]`:
 * `rate * clip(norm, min, max) + (1 - rate) * norm`.
 *
 * @example
 * const c = new keras.constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 1, axis: 0 });
 * c.apply([[3], [4]]).toArray(); // [[1.2], [1.6]] (the norm 5 is clipped to 2)
 */
export class MinMaxNorm extends Constraint {
  /** The smallest norm allowed (default 0). */
  readonly minValue: number;
  /** The largest norm allowed (default 1). */
  readonly maxValue: number;
  /** How far to move each step: norms become `(1 - rate) * norm + rate * clip(norm, minValue, maxValue)`; 1 (the default) enforces the range at once. */
  readonly rate: number;
  /** The axis (or axes) along which norms are computed (default 0). */
  readonly axis: Axis;
  constructor(minValue?: number | { minValue?: number; maxValue?: number; rate?: number; axis?: Axis }, opts: { maxValue?: number; rate?: number; axis?: Axis } = {}) {
    super();
    const o = { ...options<{ minValue?: number; maxValue?: number; rate?: number; axis?: Axis }>("MinMaxNorm", minValue, ["minValue", "maxValue", "rate", "axis"]), ...opts };
    this.minValue = o.minValue ?? 0;
    this.maxValue = o.maxValue ?? 1;
    this.rate = o.rate ?? 1;
    this.axis = o.axis ?? 0;
  }
  override apply(w: TensorLike): Tensor {
    const t = toTensor(w, "MinMaxNorm", "w");
    const n = norms(t, this.axis);
    const desired = add(multiply(clip(n, this.minValue, this.maxValue), this.rate), multiply(n, 1 - this.rate));
    return multiply(t, divide(desired, add(n, EPSILON)));
  }
  override getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

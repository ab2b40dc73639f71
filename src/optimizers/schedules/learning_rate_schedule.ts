// Learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py).
// Keras computes them in float32 (the initial rate becomes a float32
// tensor and every other operand is cast to it), so each step here is
// rounded with Math.fround in Keras's order. `apply(step)` returns the
// rate as a number; an optimizer reads it at its iteration count before
// the step (step 1 uses apply(0)).
import { NotImplementedError, ValueError } from "../../errors.js";
import { classNameOf } from "../../saving/object_registration.js";
import { Tensor } from "../../tensor.js";
import { Variable } from "../../variables.js";
import { checkOptions } from "../../initializers/initializer.js";

const r = Math.fround;

/** A step as a number: a number, a one-element tensor, or a Variable (`optimizer.iterations`). */
export function stepValue(step: number | Tensor | Variable): number {
  if (step instanceof Variable) return step._storedValue.item();
  if (step instanceof Tensor) return step.item();
  return step;
}

/**
 * Base class of learning-rate schedules: subclasses implement
 * `apply(step)` (the rate at that step, a number) and `getConfig()`.
 *
 * @example
 * class Halving extends keras.optimizers.schedules.LearningRateSchedule {
 *   apply(step) { return 0.1 / 2 ** Number(step); }
 *   getConfig() { return {}; }
 * }
 * new Halving().apply(2); // 0.025
 */
export class LearningRateSchedule {
  /** The learning rate at `step` (a number, a one-element tensor, or `optimizer.iterations`). */
  apply(step: number | Tensor | Variable): number {
    void step;
    throw new NotImplementedError(`Learning rate schedule '${classNameOf(this.constructor)}' must override \`apply(step)\`.`);
  }
  /** The constructor options that rebuild this schedule (Keras's keys, camelCase). */
  getConfig(): Record<string, unknown> {
    throw new NotImplementedError(
      `Learning rate schedule '${classNameOf(this.constructor)}' must override \`getConfig()\` in order to be serializable.`,
    );
  }
  /** A schedule from `getConfig()` output. */
  static fromConfig<T extends LearningRateSchedule>(this: new (options: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

function checkDecaySteps(value: number, arg = "decay_steps"): void {
  if (!(value > 0)) throw new ValueError(`Argument \`${arg}\` must be > 0. Received: ${arg}=${value}`);
}

/** ExponentialDecay's (and InverseTimeDecay's) options. */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps per decay period (> 0). */
  decaySteps: number;
  /** The decay factor per period. */
  decayRate: number;
  /** Decay in whole periods (floor the exponent). */
  staircase?: boolean;
  /** The name, default the class name. */
  name?: string;
}

// ExponentialDecay and InverseTimeDecay share their arguments and config.
abstract class RateDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps per decay period. */
  readonly decaySteps: number;
  /** The decay factor per period. */
  readonly decayRate: number;
  /** Whether the decay goes in whole periods. */
  readonly staircase: boolean;
  /** The schedule's name. */
  readonly name: string;
  constructor(className: string, options: ExponentialDecayOptions) {
    super();
    checkOptions(className, options, ["initialLearningRate", "decaySteps", "decayRate", "staircase", "name"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = options.decaySteps;
    this.decayRate = options.decayRate;
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? className;
    checkDecaySteps(this.decaySteps);
  }
  /** `step / decaySteps` in float32, floored with `staircase`. */
  protected progress(step: number | Tensor | Variable): number {
    const p = r(r(stepValue(step)) / r(this.decaySteps));
    return this.staircase ? Math.floor(p) : p;
  }
  /** Keras's config keys, camelCase. */
  override getConfig(): Record<string, unknown> {
    const { initialLearningRate, decaySteps, decayRate, staircase, name } = this;
    return { initialLearningRate, decaySteps, decayRate, staircase, name };
  }
}

/**
 * `initialLearningRate * decayRate ** (step / decaySteps)` (the exponent
 * floored with `staircase`).
 *
 * @example
 * const s = new keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
 * s.apply(2); // 0.05 (as float32)
 */
export class ExponentialDecay extends RateDecay {
  constructor(options: ExponentialDecayOptions) {
    super("ExponentialDecay", options);
  }
  override apply(step: number | Tensor | Variable): number {
    return r(r(this.initialLearningRate) * r(Math.pow(r(this.decayRate), this.progress(step))));
  }
}

/** PiecewiseConstantDecay's options. */
export interface PiecewiseConstantDecayOptions {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** The rates: one more than the boundaries. */
  values: number[];
  /** The name, default "PiecewiseConstant". */
  name?: string;
}

/**
 * `values[0]` up to and including `boundaries[0]`, `values[i]` for
 * `boundaries[i-1] < step <= boundaries[i]`, `values[-1]` after the last.
 * Keras names it "PiecewiseConstant" by default.
 *
 * @example
 * const s = new keras.optimizers.schedules.PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
 * [s.apply(10), s.apply(11), s.apply(21)]; // [1, 0.5, 0.1]
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  /** The step boundaries. */
  readonly boundaries: number[];
  /** The rates. */
  readonly values: number[];
  /** The schedule's name. */
  readonly name: string;
  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    checkOptions("PiecewiseConstantDecay", options, ["boundaries", "values", "name"]);
    const { boundaries, values } = options;
    if (boundaries.length !== values.length - 1) {
      throw new ValueError(
        "The length of boundaries should be 1 less than the length of values. " +
          `Received: boundaries=[${boundaries.join(", ")}] of length ${boundaries.length}, ` +
          `and values=[${values.join(", ")}] of length ${values.length}.`,
      );
    }
    this.boundaries = boundaries.slice();
    this.values = values.slice();
    this.name = options.name ?? "PiecewiseConstant";
  }
  override apply(step: number | Tensor | Variable): number {
    const s = stepValue(step);
    const b = this.boundaries;
    const v = this.values;
    // Keras sums indicator * value over the ranges; exactly one indicator is 1
    // (none for a NaN step, which gives 0).
    if (s <= b[0]!) return r(v[0]!);
    if (s > b[b.length - 1]!) return r(v[v.length - 1]!);
    for (let i = 0; i + 1 < b.length; i++) if (s > b[i]! && s <= b[i + 1]!) return r(v[i + 1]!);
    return 0;
  }
  override getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }
}

/** InverseTimeDecay's options (ExponentialDecay's). */
export type InverseTimeDecayOptions = ExponentialDecayOptions;

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)` (the ratio
 * floored with `staircase`).
 *
 * @example
 * const s = new keras.optimizers.schedules.InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
 * s.apply(2); // 0.5
 */
export class InverseTimeDecay extends RateDecay {
  constructor(options: InverseTimeDecayOptions) {
    super("InverseTimeDecay", options);
  }
  override apply(step: number | Tensor | Variable): number {
    return r(r(this.initialLearningRate) / r(1 + r(r(this.decayRate) * this.progress(step))));
  }
}

/** CosineDecay's options. */
export interface CosineDecayOptions {
  /** The rate at step 0 (the warmup's start). */
  initialLearningRate: number;
  /** Steps of the cosine decay. */
  decaySteps: number;
  /** The final rate as a fraction of the decay's starting rate, default 0. */
  alpha?: number;
  /** The name, default "CosineDecay". */
  name?: string;
  /** The rate a linear warmup reaches, or null for no warmup. */
  warmupTarget?: number | null;
  /** Steps of the warmup, default 0. */
  warmupSteps?: number;
}

/**
 * Cosine decay from `initialLearningRate` (or, after a linear warmup of
 * `warmupSteps` to `warmupTarget`, from `warmupTarget`) down to
 * `alpha` times that rate over `decaySteps`.
 *
 * @example
 * const s = new keras.optimizers.schedules.CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 10 });
 * [s.apply(5), s.apply(10), s.apply(20)]; // [0.5, 1, 0]
 */
export class CosineDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps of the cosine decay. */
  readonly decaySteps: number;
  /** The final fraction of the rate. */
  readonly alpha: number;
  /** The schedule's name. */
  readonly name: string;
  /** The warmup's target rate, or null. */
  readonly warmupTarget: number | null;
  /** Steps of the warmup. */
  readonly warmupSteps: number;
  constructor(options: CosineDecayOptions) {
    super();
    checkOptions("CosineDecay", options, ["initialLearningRate", "decaySteps", "alpha", "name", "warmupTarget", "warmupSteps"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = options.decaySteps;
    this.alpha = options.alpha ?? 0;
    this.name = options.name ?? "CosineDecay";
    this.warmupTarget = options.warmupTarget ?? null;
    this.warmupSteps = options.warmupSteps ?? 0;
    checkDecaySteps(this.decaySteps);
  }
  #decay(step: number, decaySteps: number, from: number): number {
    const fraction = r(step / decaySteps);
    const cosine = r(0.5 * r(1 + r(Math.cos(r(r(Math.PI) * fraction)))));
    return r(from * r(r(r(1 - this.alpha) * cosine) + r(this.alpha)));
  }
  override apply(step: number | Tensor | Variable): number {
    const init = r(this.initialLearningRate);
    const decaySteps = r(this.decaySteps);
    const s = r(stepValue(step));
    if (this.warmupTarget === null) return this.#decay(Math.min(s, decaySteps), decaySteps, init);
    const target = r(this.warmupTarget);
    const warmupSteps = r(this.warmupSteps);
    const t = Math.min(s, r(decaySteps + warmupSteps));
    if (t < warmupSteps) return r(r(r(target - init) * r(t / warmupSteps)) + init);
    return this.#decay(r(t - warmupSteps), decaySteps, target);
  }
  override getConfig(): Record<string, unknown> {
    const { initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps } = this;
    return { initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps };
  }
}

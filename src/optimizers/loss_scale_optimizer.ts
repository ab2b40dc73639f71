// keras.optimizers.LossScaleOptimizer (keras/src/optimizers/loss_scale_optimizer.py):
// dynamic loss scaling for mixed_float16. A step with any non-finite
// gradient is skipped (no variable changes, the inner optimizer's
// iterations do not advance) and halves the scale; after
// `dynamicGrowthSteps` finite steps in a row the scale doubles.
import { KerasTypeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { divide, multiply } from "../ops/elementwise.js";
import { sum } from "../ops/reduction.js";
import { Constant, Zeros } from "../initializers/index.js";
import type { Variable } from "../variables.js";
import { deserializeKerasObject, serializeKerasObject, type CustomObjects } from "../saving/serialization.js";
import { Optimizer, type LearningRate } from "./base_optimizer.js";

/** LossScaleOptimizer's own options (the base ones belong to the inner optimizer). */
export interface LossScaleOptimizerOptions {
  /** The starting loss scale, default 2 ** 15. */
  initialScale?: number;
  /** Finite steps in a row after which the scale doubles, default 2000. */
  dynamicGrowthSteps?: number;
  /** The name, default "loss_scale_optimizer". */
  name?: string | null;
}

// Keras accepts the base arguments only at their defaults (old configs carry them).
const BASE_DEFAULTS: Record<string, unknown> = {
  weightDecay: null, clipnorm: null, globalClipnorm: null, clipvalue: null, useEma: false, emaMomentum: 0.99,
  emaOverwriteFrequency: null, lossScaleFactor: null, gradientAccumulationSteps: null,
};

/** True when every element of every gradient is finite (`sum(g * 0)` is NaN otherwise). */
function allFinite(grads: readonly (Tensor | null)[]): boolean {
  return grads.every((g) => g === null || g.size === 0 || sum(multiply(g, 0)).item() === 0);
}

/**
 * Wraps an optimizer with dynamic loss scaling: multiply the loss by
 * `scaleLoss`, and `apply` divides the gradients by the scale before the
 * inner optimizer runs.
 *
 * @example
 * const v = new keras.Variable([1]);
 * const opt = new keras.optimizers.LossScaleOptimizer(new keras.optimizers.SGD({ learningRate: 0.5 }), { initialScale: 4 });
 * opt.scaleLoss(keras.tensor(2)).item(); // 8
 * opt.apply([keras.tensor([Infinity])], [v]); // skipped: scale halves to 2
 * opt.apply([keras.tensor([4])], [v]);        // gradient 4 / 2 = 2
 * v.toArray(); // [0]
 */
export class LossScaleOptimizer extends Optimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "LossScaleOptimizer";
  /** The wrapped optimizer, which does the updates. */
  readonly innerOptimizer: Optimizer;
  /** The starting loss scale. */
  readonly initialScale: number;
  /** Finite steps in a row after which the scale doubles. */
  readonly dynamicGrowthSteps: number;
  /** Finite steps since the scale last changed (an int32 variable, once built). */
  stepCounter: Variable | null = null;
  /** The current loss scale (a float32 variable, once built). */
  dynamicScale: Variable | null = null;

  constructor(innerOptimizer: Optimizer, options: LossScaleOptimizerOptions & Record<string, unknown> = {}) {
    if (!(innerOptimizer instanceof Optimizer)) {
      throw new KerasTypeError(`LossScaleOptimizer: \`innerOptimizer\` must be a keras.optimizers.Optimizer; received ${String(innerOptimizer)}`);
    }
    const { initialScale, dynamicGrowthSteps, name, dynamic, ...rest } = options;
    if (dynamic === false) {
      throw new ValueError(
        "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set `loss_scale_factor` directly on the `inner_optimizer`.",
      );
    }
    for (const [k, v] of Object.entries(rest)) {
      if (!Object.hasOwn(BASE_DEFAULTS, k)) throw new ValueError(`LossScaleOptimizer does not support arguments: \`${k}\`.`);
      if (v !== BASE_DEFAULTS[k]) throw new ValueError(`LossScaleOptimizer does not support \`${k}\`. Instead, set \`${k}\` on the \`inner_optimizer\`.`);
    }
    super({ learningRate: 0.0, name: name ?? null }, 0);
    this.innerOptimizer = innerOptimizer;
    this.initialScale = initialScale ?? 2 ** 15;
    this.dynamicGrowthSteps = dynamicGrowthSteps ?? 2000;
    innerOptimizer.lossScaleFactor = null;
  }

  override build(variables: readonly Variable[]): void {
    this.stepCounter = this.addVariable({ shape: [], dtype: "int32", initializer: new Zeros(), name: "step_counter" });
    this.dynamicScale = this.addVariable({ shape: [], dtype: "float32", initializer: new Constant(this.initialScale), name: "dynamic_scale" });
    this.innerOptimizer.build(variables);
    super.build(variables);
  }

  /** Its own state (`iteration`, `learning_rate`, `step_counter`, `dynamic_scale`), then the inner optimizer's. */
  override get variables(): Variable[] {
    return [...this._variables, ...this.innerOptimizer.variables];
  }

  override get iterations(): Variable {
    return this.innerOptimizer.iterations;
  }

  override get learningRate(): number {
    return this.innerOptimizer.learningRate;
  }
  override set learningRate(value: LearningRate) {
    this.innerOptimizer.learningRate = value;
  }

  override apply(grads: readonly (TensorLike | null)[], variables?: readonly Variable[]): void {
    const checked = this.innerOptimizer._checkApply(grads, variables);
    if (checked === null) return;
    if (!this.built) this.build(checked.variables);
    if (!this.innerOptimizer.built) this.innerOptimizer.build(checked.variables);
    const counter = this.stepCounter!;
    const scale = this.dynamicScale!;
    if (!allFinite(checked.grads)) {
      counter.assign(0);
      scale.assign(multiply(scale._storedValue, 0.5));
      return;
    }
    const s = scale._storedValue;
    const unscaled = checked.grads.map((g, i) => (g === null || checked.variables[i]!.overwriteWithGradient ? g : divide(g, s)));
    this.innerOptimizer._applyChecked(unscaled, checked.variables);
    if (counter._storedValue.item() === this.dynamicGrowthSteps - 1) {
      counter.assign(0);
      scale.assign(multiply(s, 2));
    } else counter.assign(counter._storedValue.item() + 1);
  }

  override updateStep(): void {
    throw new Error("internal: LossScaleOptimizer delegates its updates to the inner optimizer");
  }

  /** `loss * scale` (the current dynamic scale once built, else `initialScale`). */
  override scaleLoss(loss: TensorLike): Tensor {
    const t = loss instanceof Tensor ? loss : tensor(loss);
    return multiply(t, this.dynamicScale !== null ? this.dynamicScale._storedValue : this.initialScale);
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      innerOptimizer: serializeKerasObject(this.innerOptimizer),
      initialScale: this.initialScale,
      dynamicGrowthSteps: this.dynamicGrowthSteps,
    };
  }

  static override fromConfig<T extends Optimizer>(
    this: unknown, config: Record<string, unknown>, options: { customObjects?: CustomObjects | null } = {},
  ): T {
    const { innerOptimizer, ...rest } = config;
    const inner = innerOptimizer instanceof Optimizer ? innerOptimizer : deserializeKerasObject(innerOptimizer, { customObjects: options.customObjects ?? null });
    return new LossScaleOptimizer(inner as Optimizer, rest) as unknown as T;
  }
}

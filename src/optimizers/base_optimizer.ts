// keras.optimizers.Optimizer (keras/src/optimizers/base_optimizer.py): the
// learning rate (a float32 variable, a schedule or a function), the
// iteration counter, optimizer state with Keras's names and paths, gradient
// clipping, weight decay, loss scaling and constraints. Subclasses build
// their state in `build` and update one variable in `updateStep`, with one
// fused kernel (fused_update.ts).
import { KerasTypeError, NotImplementedError, ValueError, describe, formatShape } from "../errors.js";
import { isFloat, type DType } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { divide, multiply } from "../ops/elementwise.js";
import { Variable } from "../variables.js";
import { Constraint } from "../constraints/index.js";
import { Initializer } from "../initializers/index.js";
import { autoName, nameScope } from "../utils/naming.js";
import { classNameOf, deserializeKerasObject, type CustomObjects } from "../saving/serialization.js";
import { LearningRateSchedule } from "./schedules/learning_rate_schedule.js";
import { clipByGlobalNorm, clipByNorm, clipByValue } from "./clipping.js";

/** A learning rate: a number, a schedule, or a function of no arguments returning one. */
export type LearningRate = number | LearningRateSchedule | (() => number);

/** The options every optimizer takes (Keras's base keyword arguments, camelCase). */
export interface OptimizerOptions {
  /** The learning rate: a number (a float32 variable), a schedule, or a function called before each step. */
  learningRate?: LearningRate;
  /** Decoupled weight decay: each step first does `w -= w * weightDecay * lr`. */
  weightDecay?: number | null;
  /** Clips each gradient to this L2 norm (per variable). */
  clipnorm?: number | null;
  /** Clips each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Clips all gradients together to this global L2 norm. */
  globalClipnorm?: number | null;
  /** Only `false`: exponential moving averages of the weights are not implemented. */
  useEma?: boolean;
  /** Keras's EMA momentum (kept in the config; EMA itself is not implemented). */
  emaMomentum?: number;
  /** Keras's EMA overwrite frequency (kept in the config; EMA itself is not implemented). */
  emaOverwriteFrequency?: number | null;
  /** A fixed loss scale: `scaleLoss` multiplies by it, `apply` divides the gradients by it. */
  lossScaleFactor?: number | null;
  /** Only null: gradient accumulation is not implemented. */
  gradientAccumulationSteps?: number | null;
  /** The optimizer's name (its variables' path prefix); default: the snake_case class name. */
  name?: string | null;
}

export const BASE_KEYS = [
  "learningRate", "weightDecay", "clipnorm", "clipvalue", "globalClipnorm", "useEma", "emaMomentum",
  "emaOverwriteFrequency", "lossScaleFactor", "gradientAccumulationSteps", "name",
] as const;

const r = Math.fround;

/**
 * Base class of the optimizers. `apply(grads, variables)` updates each
 * variable from its gradient (building the optimizer's state on the first
 * call), then applies each variable's constraint, then counts the step.
 *
 * @example
 * const v = new keras.Variable([1, 2], { name: "w" });
 * const opt = new keras.optimizers.SGD({ learningRate: 0.5 });
 * opt.apply([keras.tensor([1, 1])], [v]);
 * v.toArray(); // [0.5, 1.5]
 */
export abstract class Optimizer {
  /** Keras's camelCase <-> snake_case exceptions for config keys (serialization). */
  static kerasConfigKeys: Record<string, string> = { beta1: "beta_1", beta2: "beta_2" };

  /** The name: the variables' path prefix (`adam/iteration`). */
  readonly name: string;
  /** Decoupled weight decay, or null. */
  weightDecay: number | null;
  /** Per-variable gradient norm clip, or null. */
  clipnorm: number | null;
  /** Gradient value clip, or null. */
  clipvalue: number | null;
  /** Global gradient norm clip, or null. */
  globalClipnorm: number | null;
  /** Always false: weight moving averages are not implemented. */
  readonly useEma = false;
  /** Keras's `ema_momentum` (config only). */
  readonly emaMomentum: number;
  /** Keras's `ema_overwrite_frequency` (config only). */
  readonly emaOverwriteFrequency: number | null;
  /** A fixed loss scale, or null. */
  lossScaleFactor: number | null;
  /** Always null: gradient accumulation is not implemented. */
  readonly gradientAccumulationSteps: number | null = null;
  /** Whether the state variables exist (after the first `apply` or `build`). */
  built = false;

  #iterations: Variable;
  #learningRate: Variable | LearningRateSchedule | (() => number);
  /** Tracked state, in Keras's order: iteration, learning_rate, then what `build` adds. */
  protected _variables: Variable[] = [];
  /** @internal */
  protected _trainableVariables: Variable[] = [];
  #indices = new Map<Variable, number>();

  constructor(options: OptimizerOptions, defaultLearningRate: number, allowed: readonly string[] = BASE_KEYS) {
    for (const k of Object.keys(options)) {
      if (!allowed.includes(k)) throw new ValueError(`Argument(s) not recognized: {'${k}': ${describe((options as Record<string, unknown>)[k])}}`);
    }
    this.name = options.name ?? autoName(classNameOf(this.constructor));
    this.weightDecay = options.weightDecay ?? null;
    this.clipnorm = options.clipnorm ?? null;
    this.clipvalue = options.clipvalue ?? null;
    this.globalClipnorm = options.globalClipnorm ?? null;
    this.emaMomentum = options.emaMomentum ?? 0.99;
    this.emaOverwriteFrequency = options.emaOverwriteFrequency ?? null;
    this.lossScaleFactor = options.lossScaleFactor ?? null;
    if (options.useEma) throw new NotImplementedError(`${classNameOf(this.constructor)}: useEma (weight moving averages) is not implemented in keras-wasm.`);
    const steps = options.gradientAccumulationSteps ?? null;
    if (steps) {
      if (!(steps >= 2)) throw new ValueError(`\`gradient_accumulation_steps\` must be an integer >= 2. Received: gradient_accumulation_steps=${steps}`);
      throw new NotImplementedError(`${classNameOf(this.constructor)}: gradientAccumulationSteps is not implemented in keras-wasm.`);
    }
    const clips = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (clips > 1) {
      throw new ValueError(
        "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. " +
          `Received: clipnorm=${this.clipnorm}, clipvalue=${this.clipvalue}, global_clipnorm=${this.globalClipnorm}`,
      );
    }
    this.#iterations = this.#scoped(() => new Variable(0, { name: "iteration", dtype: "int32", trainable: false, aggregation: "only_first_replica" }));
    this._variables.push(this.#iterations);
    const lr = options.learningRate ?? defaultLearningRate;
    if (lr instanceof LearningRateSchedule || typeof lr === "function") this.#learningRate = lr;
    else if (typeof lr === "number") {
      this.#learningRate = this.#scoped(
        () => new Variable(lr, { name: "learning_rate", dtype: floatx(), trainable: false, aggregation: "only_first_replica" }),
      );
      this._variables.push(this.#learningRate);
    } else {
      throw new ValueError(
        "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or a callable (that takes in " +
          `the current iteration value and returns the corresponding learning rate value). Received instead: learning_rate=${describe(lr)}`,
      );
    }
  }

  #inScope = false;
  // Keras's name_scope(self.name, caller=self) deduplicates: re-entering it
  // from the same optimizer (build inside apply) adds no second level.
  #scoped<T>(fn: () => T): T {
    if (this.#inScope) return fn();
    this.#inScope = true;
    try {
      return nameScope(this.name, fn);
    } finally {
      this.#inScope = false;
    }
  }

  /** The step counter (Keras's `iteration` variable, int32): how many times `apply` ran. */
  get iterations(): Variable {
    return this.#iterations;
  }

  /** The learning rate for the next step: a schedule is read at `iterations`. */
  get learningRate(): number {
    const lr = this.#learningRate;
    if (lr instanceof LearningRateSchedule) return r(lr.apply(this.#iterations));
    if (typeof lr === "function") return r(lr());
    return lr._storedValue.item();
  }
  /** Sets the rate (a number), or replaces it with a schedule or a function. */
  set learningRate(value: LearningRate) {
    const current = this.#learningRate;
    if (value instanceof LearningRateSchedule || typeof value === "function") {
      if (current instanceof Variable) this._variables = this._variables.filter((v) => v !== current);
      this.#learningRate = value;
    } else if (current instanceof Variable) current.assign(value);
    else {
      throw new KerasTypeError(
        "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument, " +
          "hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate " +
          "the optimizer with a float `learning_rate` argument.",
      );
    }
  }

  /** The optimizer's state: `iteration`, `learning_rate`, then its per-variable state. */
  get variables(): Variable[] {
    return this._variables.slice();
  }

  /** Creates the per-variable state. Subclasses call `super.build(variables)` first. */
  build(variables: readonly Variable[]): void {
    variables.forEach((v, i) => this.#indices.set(v, i));
    this._trainableVariables = variables.slice();
    this.built = true;
  }

  /** The index of `variable` in the list the optimizer was built with. */
  protected variableIndex(variable: Variable): number {
    return this.#indices.get(variable)!;
  }

  /** A state variable under this optimizer's name scope (Keras's `add_variable`). */
  addVariable(options: { shape: number[]; initializer?: Initializer | string | TensorLike; dtype?: DType; name?: string; aggregation?: "none" | "mean" | "sum" | "only_first_replica" }): Variable {
    const v = this.#scoped(() => new Variable(options.initializer ?? "zeros", {
      shape: options.shape, dtype: options.dtype ?? null, trainable: false, aggregation: options.aggregation ?? "none", name: options.name ?? null,
    }));
    this._variables.push(v);
    return v;
  }

  /** A state variable shaped like `reference`, named `<reference path with _>_<name>` (Keras's naming). */
  addVariableFromReference(reference: Variable, name = "var", initializer: Initializer | string = "zeros"): Variable {
    return this.addVariable({
      shape: reference.shape, initializer, dtype: reference._storedValue.dtype, name: `${reference.path.replace(/\//g, "_")}_${name}`,
    });
  }

  /** One state list per name, the variables interleaved as Keras creates them (null for overwrite-with-gradient variables). */
  addOptimizerVariables(variables: readonly Variable[], names: readonly string[], initializer: Initializer | string = "zeros"): (Variable | null)[][] {
    const lists: (Variable | null)[][] = names.map(() => []);
    for (const v of variables) {
      names.forEach((n, i) => lists[i]!.push(v.overwriteWithGradient ? null : this.addVariableFromReference(v, n, initializer)));
    }
    return lists;
  }

  /** `applyGradients([[grad, variable], ...])`: `apply` on the pairs; returns `iterations`. */
  applyGradients(gradsAndVars: readonly (readonly [TensorLike | null, Variable])[]): Variable {
    this.apply(gradsAndVars.map((p) => p[0]), gradsAndVars.map((p) => p[1]));
    return this.#iterations;
  }

  /**
   * Updates `variables` from `grads` (one per variable, in order; null for
   * none). Everything is checked before anything changes. Without
   * `variables`, the ones the optimizer was built with.
   */
  apply(grads: readonly (TensorLike | null)[], variables?: readonly Variable[]): void {
    const checked = this._checkApply(grads, variables);
    if (checked === null) return;
    if (!this.built) this.#scoped(() => this.build(checked.variables));
    this._applyChecked(checked.grads, checked.variables);
  }

  /** @internal Validates an `apply` call; null when there is nothing to do. */
  _checkApply(grads: readonly (TensorLike | null)[], variables?: readonly Variable[]): { grads: (Tensor | null)[]; variables: Variable[] } | null {
    if (!Array.isArray(grads)) throw new KerasTypeError(`${this.name}.apply: \`grads\` must be a list of tensors; received ${describe(grads)}`);
    if (grads.length === 0) return null;
    let vars: Variable[];
    if (variables === undefined) {
      if (!this.built) {
        throw new ValueError(
          "When passing `grads` without `variables`, the optimizer must already be built on a list of variables. " +
            "Call `optimizer.build(trainable_variables)` first. ",
        );
      }
      if (grads.length !== this._trainableVariables.length) {
        throw new ValueError(
          "When passing `grads` as a list of gradient tensors, the gradients must match `optimizer.variables` one-to-on. " +
            `Received a list of ${grads.length} gradients, but the optimizer is tracking ${this._trainableVariables.length} trainable variables.`,
        );
      }
      vars = this._trainableVariables;
    } else vars = Array.from(variables);
    if (vars.length !== grads.length) {
      const extra = vars.slice(grads.length).map((v) => (v instanceof Variable ? `'${v.path}'` : describe(v)));
      throw new ValueError(
        `${this.name}.apply: received ${grads.length} gradients for ${vars.length} variables; expected one gradient per variable` +
          (extra.length ? ` (no gradient for ${extra.join(", ")})` : ""),
      );
    }
    const out: (Tensor | null)[] = [];
    vars.forEach((v, i) => {
      if (!(v instanceof Variable)) throw new KerasTypeError(`${this.name}.apply: variables[${i}] must be a keras.Variable; received ${describe(v)}`);
      if (!v.trainable) {
        throw new ValueError(`${this.name}.apply: variable '${v.path}' is not trainable (trainable=false); an optimizer only updates trainable variables.`);
      }
      const dtype = v._storedValue.dtype;
      if (!isFloat(dtype)) throw new ValueError(`${this.name}.apply: variable '${v.path}' has dtype ${dtype}; an optimizer only updates floating-point variables.`);
      const g = grads[i];
      if (g === null || g === undefined) return void out.push(null);
      const t = g instanceof Tensor ? g : tensor(g as TensorLike);
      if (!sameShape(t.shape, v.shape)) {
        throw new ValueError(
          `${this.name}.apply: the gradient for variable '${v.path}' has shape ${formatShape(t.shape)}, ` +
            `but the variable has shape ${formatShape(v.shape)}.`,
        );
      }
      out.push(t);
    });
    if (this.built && variables !== undefined) {
      for (const v of vars) {
        if (!this.#indices.has(v)) {
          throw new ValueError(
            `Unknown variable: ${v}. This optimizer can only be called for the variables it was originally built with. ` +
              "When working with a new set of variables, you should recreate a new optimizer instance.",
          );
        }
      }
    }
    if (out.every((g) => g === null)) throw new ValueError("No gradients provided for any variable.");
    return { grads: out, variables: vars };
  }

  /** @internal The update of a checked call: filter, unscale, clip, update, constrain, count. */
  _applyChecked(allGrads: (Tensor | null)[], allVars: Variable[]): void {
    let grads: Tensor[] = [];
    let vars: Variable[] = [];
    const missing: string[] = [];
    allGrads.forEach((g, i) => {
      const v = allVars[i]!;
      if (g === null) missing.push(v.name);
      else if (v.overwriteWithGradient) v.assign(g);
      else {
        grads.push(g);
        vars.push(v);
      }
    });
    if (missing.length) {
      console.warn(`Gradients do not exist for variables [${missing.map((n) => `'${n}'`).join(", ")}] when minimizing the loss.`);
    }
    if (grads.length > 0) {
      const scale = this.lossScaleFactor;
      if (scale !== null) grads = grads.map((g) => divide(g, scale));
      grads = this.#clip(grads);
      const lr = this.learningRate;
      this._backendUpdateStep(grads, vars, lr);
      for (const v of vars) {
        const c = v.constraint;
        if (c !== null) v.assign(c instanceof Constraint ? c.apply(v.value) : c(v.value));
      }
    }
    const it = this.#iterations;
    it.assign(it._storedValue.item() + 1);
  }

  #clip(grads: Tensor[]): Tensor[] {
    if (this.clipnorm !== null && this.clipnorm > 0) return grads.map((g) => clipByNorm(g, this.clipnorm!));
    if (this.globalClipnorm !== null && this.globalClipnorm > 0) return clipByGlobalNorm(grads, this.globalClipnorm);
    if (this.clipvalue !== null && this.clipvalue > 0) return clipByValue(grads, this.clipvalue);
    return grads;
  }

  /** Updates each variable in turn (Nadam first updates its shared state). */
  protected _backendUpdateStep(grads: Tensor[], variables: Variable[], learningRate: number): void {
    grads.forEach((g, i) => this.updateStep(g, variables[i]!, learningRate));
  }

  /** The kernel parameters every update starts with: lr, weight decay, and whether it applies. */
  protected baseParams(learningRate: number): number[] {
    const wd = this.weightDecay;
    return [learningRate, wd ?? 0, wd === null ? 0 : 1];
  }

  /** Updates one variable from its gradient (fusedUpdate casts it to the variable's dtype, as Keras does). */
  abstract updateStep(gradient: Tensor, variable: Variable, learningRate: number): void;

  /** Keras's `scale_loss`: `loss * lossScaleFactor` when set. */
  scaleLoss(loss: TensorLike): Tensor {
    const t = loss instanceof Tensor ? loss : tensor(loss);
    return this.lossScaleFactor === null ? t : multiply(t, this.lossScaleFactor);
  }

  /** Keras's config keys, camelCase (`learningRate` is the current float32 rate, or the schedule). */
  getConfig(): Record<string, unknown> {
    const lr = this.#learningRate;
    return {
      name: this.name,
      learningRate: lr instanceof Variable ? lr._storedValue.item() : lr,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      useEma: this.useEma,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      lossScaleFactor: this.lossScaleFactor,
      gradientAccumulationSteps: this.gradientAccumulationSteps,
    };
  }

  /** An optimizer from `getConfig()` output (a serialized schedule as `learningRate` is deserialized). */
  static fromConfig<T extends Optimizer>(this: new (options: never) => T, config: Record<string, unknown>, options: { customObjects?: CustomObjects | null } = {}): T {
    const c = { ...config };
    if (c.learningRate !== null && typeof c.learningRate === "object" && !(c.learningRate instanceof LearningRateSchedule)) {
      c.learningRate = deserializeKerasObject(c.learningRate, { customObjects: options.customObjects ?? null });
    }
    return new this(c as never);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

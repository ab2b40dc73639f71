// keras.optimizers.Adagrad (keras/src/optimizers/adagrad.py), on the fused adagrad_f32 kernel.
import { Constant } from "../initializers/index.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import { BASE_KEYS, Optimizer, type OptimizerOptions } from "./base_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

export interface AdagradOptions extends OptimizerOptions {
  /** The accumulator's starting value, default 0.1. */
  initialAccumulatorValue?: number;
  /** Added inside the square root, default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad: `acc += g²` (starting at `initialAccumulatorValue`, 0.1),
 * `w -= lr * g / sqrt(acc + epsilon)` (epsilon inside the root).
 *
 * @example
 * const v = new keras.Variable([1]);
 * const opt = new keras.optimizers.Adagrad({ learningRate: 0.1 });
 * opt.apply([keras.tensor([0.3])], [v]);
 * v.toArray(); // [0.931] (1 - 0.1 * 0.3 / sqrt(0.1 + 0.3 ** 2))
 */
export class Adagrad extends Optimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "Adagrad";
  /** Keras's `initial_accumulator_value`. */
  readonly initialAccumulatorValue: number;
  /** Keras's `epsilon`. */
  readonly epsilon: number;
  #accumulators: (Variable | null)[] = [];
  constructor(options: AdagradOptions = {}) {
    super(options, 0.001, [...BASE_KEYS, "initialAccumulatorValue", "epsilon"]);
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.#accumulators = this.addOptimizerVariables(variables, ["accumulator"], new Constant(this.initialAccumulatorValue))[0]!;
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const acc = this.#accumulators[this.variableIndex(variable)] ?? null;
    fusedUpdate("adagrad_f32", variable, gradient, [acc], [...this.baseParams(learningRate), this.epsilon]);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

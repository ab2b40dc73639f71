// keras.optimizers.RMSprop (keras/src/optimizers/rmsprop.py), on the fused rmsprop_f32 kernel.
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import { BASE_KEYS, Optimizer, type OptimizerOptions } from "./base_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the squared-gradient average, default 0.9. */
  rho?: number;
  /** Momentum, default 0 (none). */
  momentum?: number;
  /** Added inside the square root, default 1e-7. */
  epsilon?: number;
  /** Normalize by the gradient's estimated variance instead of its second moment. */
  centered?: boolean;
}

/**
 * RMSprop: `vel = rho * vel + (1 - rho) g²`, `w -= lr * g / sqrt(vel + epsilon)`
 * (epsilon inside the root); `centered` subtracts the squared running mean
 * of the gradient, `momentum > 0` adds a momentum buffer.
 *
 * @example
 * const v = new keras.Variable([1]);
 * const opt = new keras.optimizers.RMSprop({ learningRate: 0.1 });
 * opt.name; // "rm_sprop"
 * opt.apply([keras.tensor([1])], [v]);
 * v.toArray(); // [0.684] (1 - 0.1 / sqrt(0.1 + 1e-7))
 */
export class RMSprop extends Optimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "RMSprop";
  /** Keras's `rho`. */
  readonly rho: number;
  /** Keras's `momentum`. */
  readonly momentum: number;
  /** Keras's `epsilon`. */
  readonly epsilon: number;
  /** Keras's `centered`. */
  readonly centered: boolean;
  #velocities: (Variable | null)[] = [];
  #momentums: (Variable | null)[] = [];
  #averageGradients: (Variable | null)[] = [];
  constructor(options: RMSpropOptions = {}) {
    super(options, 0.001, [...BASE_KEYS, "rho", "momentum", "epsilon", "centered"]);
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.#velocities = this.addOptimizerVariables(variables, ["velocity"])[0]!;
    if (this.momentum > 0) this.#momentums = this.addOptimizerVariables(variables, ["momentum"])[0]!;
    if (this.centered) this.#averageGradients = this.addOptimizerVariables(variables, ["average_gradient"])[0]!;
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const hasM = this.momentum > 0;
    const params = [...this.baseParams(learningRate), this.rho, 1 - this.rho, hasM ? this.momentum : 0, this.epsilon, this.centered ? 1 : 0];
    const states = [this.#velocities[i] ?? null, hasM ? this.#momentums[i] ?? null : null, this.centered ? this.#averageGradients[i] ?? null : null];
    fusedUpdate("rmsprop_f32", variable, gradient, states, params);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

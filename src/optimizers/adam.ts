// keras.optimizers.Adam (keras/src/optimizers/adam.py), on the fused adam_f32 kernel.
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import { MOMENT_KEYS, MomentOptimizer, type MomentOptions } from "./moment_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

/** Adam's options: the base ones, the moments', and `amsgrad`. */
export interface AdamOptions extends MomentOptions {
  /** Use the running maximum of the second moment (AMSGrad). */
  amsgrad?: boolean;
}

export const ADAM_KEYS = [...MOMENT_KEYS, "amsgrad"];
const r = Math.fround;

/**
 * Adam: `m += (g - m)(1 - beta1)`, `v += (g² - v)(1 - beta2)`,
 * `w -= m * lr * sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(v) + epsilon)`
 * (epsilon outside the root); with `amsgrad`, `v` is its running maximum.
 *
 * @example
 * const v = new keras.Variable([1, 2]);
 * const opt = new keras.optimizers.Adam({ learningRate: 0.1 });
 * opt.apply([keras.tensor([0.5, -0.5])], [v]);
 * v.toArray(); // [0.9, 2.1] (the first step moves each weight by about lr)
 */
export class Adam extends MomentOptimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className: string = "Adam";
  /** Whether AMSGrad is on. */
  readonly amsgrad: boolean;
  #momentums: (Variable | null)[] = [];
  #velocities: (Variable | null)[] = [];
  #velocityHats: (Variable | null)[] = [];
  constructor(options: AdamOptions = {}, keys: readonly string[] = ADAM_KEYS) {
    super(options, keys);
    this.amsgrad = options.amsgrad ?? false;
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.#momentums, this.#velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as [Variable[], Variable[]];
    if (this.amsgrad) this.#velocityHats = this.addOptimizerVariables(variables, ["velocity_hat"])[0]!;
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    // Keras: local_step = iterations + 1; beta powers and alpha in the variable's float32.
    const step = this.localStep();
    const b1p = r(Math.pow(r(this.beta1), step));
    const b2p = r(Math.pow(r(this.beta2), step));
    const alpha = r(r(learningRate * r(Math.sqrt(r(1 - b2p)))) / r(1 - b1p));
    const params = [...this.baseParams(learningRate), alpha, 1 - this.beta1, 1 - this.beta2, this.epsilon, this.amsgrad ? 1 : 0];
    const states = [this.#momentums[i] ?? null, this.#velocities[i] ?? null, this.amsgrad ? this.#velocityHats[i] ?? null : null];
    fusedUpdate("adam_f32", variable, gradient, states, params);
  }
  /** The base config plus `beta1`, `beta2`, `epsilon`, `amsgrad`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), amsgrad: this.amsgrad };
  }
}

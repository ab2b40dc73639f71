// keras.optimizers.Adamax (keras/src/optimizers/adamax.py), on the fused adamax_f32 kernel.
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import { MomentOptimizer, type MomentOptions } from "./moment_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

/** Adamax's options: the base ones and the moments' (`beta1`, `beta2`, `epsilon`). */
export type AdamaxOptions = MomentOptions;

const r = Math.fround;

/**
 * Adamax (Adam with the infinity norm): `m += (g - m)(1 - beta1)`,
 * `u = max(beta2 * u, |g|)`, `w -= lr * m / ((1 - beta1^t)(u + epsilon))`.
 *
 * @example
 * const v = new keras.Variable([1]);
 * const opt = new keras.optimizers.Adamax({ learningRate: 0.1 });
 * opt.apply([keras.tensor([2])], [v]);
 * v.toArray(); // [0.9] (the first step moves by lr)
 */
export class Adamax extends MomentOptimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "Adamax";
  #m: (Variable | null)[] = [];
  #u: (Variable | null)[] = [];
  constructor(options: AdamaxOptions = {}) {
    super(options);
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.#m, this.#u] = this.addOptimizerVariables(variables, ["momentum", "norm"]) as [Variable[], Variable[]];
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const step = this.localStep();
    const b1p = r(Math.pow(r(this.beta1), step));
    const params = [...this.baseParams(learningRate), 1 - this.beta1, this.beta2, this.epsilon, r(1 - b1p)];
    fusedUpdate("adamax_f32", variable, gradient, [this.#m[i] ?? null, this.#u[i] ?? null], params);
  }
}

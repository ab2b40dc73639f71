// keras.optimizers.Nadam (keras/src/optimizers/nadam.py), on the fused nadam_f32 kernel.
import type { Tensor } from "../tensor.js";
import { Variable } from "../variables.js";
import { floatx } from "../config/floatx.js";
import { MomentOptimizer, type MomentOptions } from "./moment_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

/** Nadam's options: the base ones and the moments' (`beta1`, `beta2`, `epsilon`). */
export type NadamOptions = MomentOptions;

const r = Math.fround;

/**
 * Nadam (Adam with Nesterov momentum and a momentum schedule
 * `u_t = beta1 (1 - 0.5 * 0.96^t)`). One `u_product` (the product of the
 * `u_t` so far) is shared by all variables and updated once per `apply`.
 *
 * @example
 * const v = new keras.Variable([1]);
 * const opt = new keras.optimizers.Nadam({ learningRate: 0.1 });
 * opt.apply([keras.tensor([1])], [v]);
 * v.toArray(); // [0.894]
 */
export class Nadam extends MomentOptimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "Nadam";
  #momentums: (Variable | null)[] = [];
  #velocities: (Variable | null)[] = [];
  #uProduct: Variable | null = null;
  constructor(options: NadamOptions = {}) {
    super(options);
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    const dtype = variables.length > 0 ? variables[0]!._storedValue.dtype : floatx();
    super.build(variables);
    [this.#momentums, this.#velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as [Variable[], Variable[]];
    this.#uProduct = new Variable(1.0, { dtype, trainable: true });
    this._variables.push(this.#uProduct);
  }
  /** The shared `u_product`, times `beta1 (1 - 0.5 * 0.96^(t+1))`, once per apply. */
  protected override _backendUpdateStep(grads: Tensor[], variables: Variable[], learningRate: number): void {
    const u = this.#uProduct!;
    const t = this.localStep();
    u.assign(r(r(u._storedValue.item() * r(this.beta1)) * r(1 - r(0.5 * r(Math.pow(r(0.96), t))))));
    super._backendUpdateStep(grads, variables, learningRate);
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const t = this.localStep();
    const b1 = r(this.beta1);
    const b2 = r(this.beta2);
    const decay = r(0.96);
    const ut = r(b1 * r(1 - r(0.5 * r(Math.pow(decay, t)))));
    const ut1 = r(b1 * r(1 - r(0.5 * r(Math.pow(decay, t + 1)))));
    const uProd = this.#uProduct!._storedValue.item();
    const uProd1 = r(uProd * ut1);
    const b2p = r(Math.pow(b2, t));
    const params = [
      ...this.baseParams(learningRate), r(1 - b1), r(1 - b2), this.epsilon, ut1, r(1 - uProd1), r(1 - ut), r(1 - uProd), r(1 - b2p),
    ];
    fusedUpdate("nadam_f32", variable, gradient, [this.#momentums[i] ?? null, this.#velocities[i] ?? null], params);
  }
}

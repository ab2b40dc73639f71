// keras.optimizers.SGD (keras/src/optimizers/sgd.py), on the fused sgd_f32 kernel.
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import { BASE_KEYS, Optimizer, type OptimizerOptions } from "./base_optimizer.js";
import { fusedUpdate } from "./fused_update.js";

export interface SGDOptions extends OptimizerOptions {
  /** Momentum in [0, 1], default 0 (none). */
  momentum?: number;
  /** Use Nesterov momentum. */
  nesterov?: boolean;
}

/**
 * Gradient descent, with momentum and Nesterov momentum:
 * `m = momentum * m - lr * g; w += m` (Nesterov: `w += momentum * m - lr * g`),
 * or `w -= lr * g` without momentum. Default learning rate 0.01.
 *
 * @example
 * const v = new keras.Variable([1, 2]);
 * const opt = new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.apply([keras.tensor([1, -1])], [v]);
 * v.toArray(); // [0.9, 2.1] (as float32)
 */
export class SGD extends Optimizer {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static readonly className = "SGD";
  /** The momentum. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;
  #momentums: (Variable | null)[] = [];
  constructor(options: SGDOptions = {}) {
    super(options, 0.01, [...BASE_KEYS, "momentum", "nesterov"]);
    const m = options.momentum ?? 0;
    if (typeof m !== "number" || !(m >= 0 && m <= 1)) throw new ValueError("`momentum` must be a float between [0, 1].");
    this.momentum = m;
    this.nesterov = options.nesterov ?? false;
  }
  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    if (this.momentum !== 0) this.#momentums = this.addOptimizerVariables(variables, ["momentum"])[0]!;
  }
  override updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const m = this.#momentums[this.variableIndex(variable)] ?? null;
    const params = [...this.baseParams(learningRate), this.momentum, this.nesterov ? 1 : 0, m === null ? 0 : 1];
    fusedUpdate("sgd_f32", variable, gradient, [m], params);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

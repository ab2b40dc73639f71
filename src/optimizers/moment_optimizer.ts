// What Adam, Adamax and Nadam share: beta1, beta2 and epsilon (Keras's
// beta_1, beta_2, epsilon, defaults 0.9, 0.999, 1e-7), their config keys,
// and the step count t = iterations + 1 their bias corrections use.
import { BASE_KEYS, Optimizer, type OptimizerOptions } from "./base_optimizer.js";

/** The moment options Adam, Adamax and Nadam share. */
export interface MomentOptions extends OptimizerOptions {
  /** Decay of the first moment (Keras's `beta_1`), default 0.9. */
  beta1?: number;
  /** Decay of the second moment (Keras's `beta_2`), default 0.999. */
  beta2?: number;
  /** Added for numerical stability, default 1e-7. */
  epsilon?: number;
}

export const MOMENT_KEYS = [...BASE_KEYS, "beta1", "beta2", "epsilon"];

/** Base of the optimizers with first and second moment estimates. */
export abstract class MomentOptimizer extends Optimizer {
  /** Keras's `beta_1`. */
  readonly beta1: number;
  /** Keras's `beta_2`. */
  readonly beta2: number;
  /** Keras's `epsilon`. */
  readonly epsilon: number;
  constructor(options: MomentOptions, keys: readonly string[] = MOMENT_KEYS) {
    super(options, 0.001, keys);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
  }
  /** Keras's `local_step`: the step being taken, `iterations + 1`. */
  protected localStep(): number {
    return this.iterations._storedValue.item() + 1;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

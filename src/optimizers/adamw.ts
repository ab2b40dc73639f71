// keras.optimizers.AdamW (keras/src/optimizers/adamw.py): Adam with weight
// decay, which the base optimizer applies as `w -= w * wd * lr` before the
// Adam update (fused into the same kernel).
import { ValueError } from "../errors.js";
import { Adam, ADAM_KEYS, type AdamOptions } from "./adam.js";

/**
 * Adam with decoupled weight decay (default `weightDecay` 0.004): each
 * step first shrinks the weights, `w -= w * weightDecay * lr`, then runs Adam.
 *
 * @example
 * const v = new keras.Variable([1, 2]);
 * const opt = new keras.optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 });
 * opt.name; // "adam_w"
 * opt.apply([keras.tensor([0, 0])], [v]);
 * v.toArray(); // [0.95, 1.9] (zero gradients: the decay alone)
 */
export class AdamW extends Adam {
  /** The Keras class name (auto names, serialization), kept through minification. */
  static override readonly className: string = "AdamW";
  constructor(options: AdamOptions = {}) {
    super({ ...options, weightDecay: options.weightDecay === undefined ? 0.004 : options.weightDecay }, ADAM_KEYS);
    if (this.weightDecay === null) throw new ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None");
  }
}

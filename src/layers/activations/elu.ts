// keras.layers.ELU (keras/src/layers/activations/elu.py).
import type { Tensor } from "../../tensor.js";
import { elu } from "../../activations/activations.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, registerLayer, splitOptions } from "../layer_options.js";

/** The options of `ELU` (Keras's keyword arguments, camelCase). */
export interface ELUOptions extends LayerOptions {
  /** The scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * Exponential linear unit: `x` for x > 0, `alpha * (exp(x) - 1)` below.
 *
 * @example
 * new keras.layers.ELU().apply([0, 2]).toArray(); // [0, 2]
 */
export class ELU extends Layer {
  static override className = "ELU";
  /** The scale of the negative part. */
  readonly alpha: number;

  constructor(alpha: number | ELUOptions = 1.0, options?: Omit<ELUOptions, "alpha">) {
    const [o, base] = splitOptions(positional<ELUOptions>(alpha, options, "alpha"), ["alpha"], "ELU");
    super(base);
    this.alpha = (o.alpha as number | undefined) ?? 1.0;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return elu(inputs, { alpha: this.alpha });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
registerLayer(ELU, ["ELU"]);

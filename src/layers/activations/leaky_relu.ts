// keras.layers.LeakyReLU (keras/src/layers/activations/leaky_relu.py).
import { ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { leakyRelu } from "../../activations/activations.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, registerLayer, splitOptions } from "../layer_options.js";

/** The options of `LeakyReLU` (Keras's keyword arguments, camelCase). */
export interface LeakyReLUOptions extends LayerOptions {
  /** The slope for x < 0 (default 0.3, as Keras's layer). */
  negativeSlope?: number;
}

/**
 * Leaky relu: `x` for x >= 0, `negativeSlope * x` below (default 0.3).
 *
 * @example
 * new keras.layers.LeakyReLU(0.5).apply([-10, -5, 0, 5, 10]).toArray(); // [-5, -2.5, 0, 5, 10]
 */
export class LeakyReLU extends Layer {
  static override className = "LeakyReLU";
  /** The slope for x < 0. */
  readonly negativeSlope: number;

  constructor(negativeSlope: number | LeakyReLUOptions = 0.3, options?: Omit<LeakyReLUOptions, "negativeSlope">) {
    const [o, base] = splitOptions(positional<LeakyReLUOptions>(negativeSlope, options, "negativeSlope"), ["negativeSlope"], "LeakyReLU");
    const s = o.negativeSlope === undefined ? 0.3 : (o.negativeSlope as number | null);
    if (s === null || typeof s !== "number" || s < 0) {
      throw new ValueError(`The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negative_slope=${describe(s)}`);
    }
    super(base);
    this.negativeSlope = s;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return leakyRelu(inputs, { negativeSlope: this.negativeSlope });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}
registerLayer(LeakyReLU, ["LeakyReLU"]);

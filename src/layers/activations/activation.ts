// keras.layers.Activation (keras/src/layers/activations/activation.py).
import type { Tensor } from "../../tensor.js";
import { get as getActivation, serialize as serializeActivation, type ActivationFn } from "../../activations/index.js";
import { ValueError } from "../../errors.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Activation` (Keras's keyword arguments, camelCase). */
export interface ActivationOptions extends LayerOptions {
  /** The activation function (a name such as `"relu"`, or a function). */
  activation?: unknown;
}

/**
 * Applies an activation function (a name such as `"relu"`, or a function)
 * to its input.
 *
 * @example
 * new keras.layers.Activation("relu").apply([-1, 2]).toArray(); // [0, 2]
 */
export class Activation extends Layer {
  static override className = "Activation";
  /** The activation function (a name such as `"relu"`, or a function). */
  activation: ActivationFn;

  constructor(activation: unknown, options?: Omit<ActivationOptions, "activation">) {
    const [o, base] = splitOptions(positional<ActivationOptions>(activation, options, "activation"), ["activation"], "Activation");
    if (o.activation === undefined) throw new ValueError("Activation: missing required argument `activation`");
    const fn = getActivation(o.activation);
    super(base);
    this.activation = fn;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return this.activation(inputs);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}
registerLayer(Activation, ["Activation"]);

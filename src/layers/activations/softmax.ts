// keras.layers.Softmax (keras/src/layers/activations/softmax.py).
import { ValueError, formatShape } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import { cast } from "../../ops/core.js";
import { greater } from "../../ops/elementwise.js";
import { where } from "../../ops/math.js";
import { softmax } from "../../ops/nn.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";
import { positional, registerLayer, splitOptions } from "../layer_options.js";

/** The options of `Softmax` (Keras's keyword arguments, camelCase). */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis (or adjacent axes) normalized (default -1). */
  axis?: number | number[];
}

/**
 * Softmax along `axis`. With a mask (broadcastable to the inputs),
 * masked positions get probability 0 and take no share of the rest.
 *
 * @example
 * const probs = new keras.layers.Softmax().apply([[1, 1, 5]], { mask: keras.tensor([[1, 1, 0]]) });
 * probs.toArray(); // [[0.5, 0.5, 0]]
 */
export class Softmax extends Layer {
  static override className = "Softmax";
  /** The axis (or adjacent axes) normalized. */
  readonly axis: number | number[];

  constructor(axis: number | number[] | SoftmaxOptions = -1, options?: Omit<SoftmaxOptions, "axis">) {
    const [o, base] = splitOptions(positional<SoftmaxOptions>(axis, options, "axis"), ["axis"], "Softmax");
    super(base);
    this.axis = (o.axis as number | number[] | undefined) ?? -1;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor, { mask }: CallOptions = {}): Tensor {
    if (!(mask instanceof Tensor)) return softmax(inputs, this.axis);
    const bad = mask.ndim > inputs.ndim || mask.shape.some((d, i) => {
      const j = inputs.ndim - mask.ndim + i;
      return d !== 1 && d !== inputs.shape[j];
    });
    if (bad) {
      throw new ValueError(
        "The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 or match the corresponding input dimension. " +
          `Received: inputs.shape=${formatShape(inputs.shape)}, mask.shape=${formatShape(mask.shape)} (layer '${this.name}')`,
      );
    }
    const keep = mask.dtype === "bool" ? mask : greater(mask, 0.5);
    // Keras: a large negative logit where masked (-3e4 in float16, -1e9 otherwise), then 0 there.
    const big = inputs.dtype === "float16" ? -30000 : -1e9;
    const out = softmax(where(keep, inputs, big), this.axis);
    return where(keep, out, cast(0, out.dtype));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}
registerLayer(Softmax, ["Softmax"]);

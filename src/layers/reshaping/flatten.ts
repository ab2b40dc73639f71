// keras.layers.Flatten (keras/src/layers/reshaping/flatten.py).
import type { Tensor } from "../../tensor.js";
import { reshape, transpose } from "../../ops/shape_ops.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { dataFormat, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Flatten` (Keras's keyword arguments, camelCase). */
export interface FlattenOptions extends LayerOptions {
  /** `"channels_last"` (default) or `"channels_first"` (channels are moved last before flattening). */
  dataFormat?: "channels_last" | "channels_first" | null;
}

/**
 * Flattens every axis but the batch axis: `[b, d1, d2, ...]` to
 * `[b, d1 * d2 * ...]` (`[b]` gives `[b, 1]`).
 *
 * @example
 * new keras.layers.Flatten().apply(keras.ops.ones([2, 3, 4])).shape; // [2, 12]
 */
export class Flatten extends Layer {
  static override className = "Flatten";
  /** `"channels_last"` (default) or `"channels_first"` (channels are moved last before flattening). */
  readonly dataFormat: "channels_last" | "channels_first";

  constructor(options: FlattenOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, ["dataFormat"], "Flatten");
    const df = dataFormat(o.dataFormat, "Flatten");
    super(base);
    this.dataFormat = df;
    this.inputSpec = new InputSpec({ minNdim: 1 });
  }

  override call(inputs: Tensor): Tensor {
    let x = inputs;
    const rank = x.ndim;
    // channels_first: move the channels last first, so the order matches channels_last.
    if (this.dataFormat === "channels_first" && rank > 1) x = transpose(x, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
    const rest = inputs.shape.slice(1).reduce((a, d) => a * d, 1);
    return reshape(x, [inputs.shape[0]!, rest]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const flat = rest.length === 0 ? 1 : rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * d!, 1);
    return [inputShape[0] ?? null, flat];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
registerLayer(Flatten, ["Flatten"]);

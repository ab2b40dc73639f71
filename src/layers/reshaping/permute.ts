// keras.layers.Permute (keras/src/layers/reshaping/permute.py).
import { ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { transpose } from "../../ops/shape_ops.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Permute` (Keras's keyword arguments, camelCase). */
export interface PermuteOptions extends LayerOptions {
  /** The new order of the non-batch axes, counted from 1. */
  dims?: readonly number[];
}

/**
 * Permutes the non-batch axes: `dims` lists them (counting from 1) in
 * their new order.
 *
 * @example
 * new keras.layers.Permute([2, 1]).apply(keras.ops.ones([1, 3, 4])).shape; // [1, 4, 3]
 */
export class Permute extends Layer {
  static override className = "Permute";
  /** The new order of the non-batch axes, counted from 1. */
  readonly dims: number[];

  constructor(dims: readonly number[] | PermuteOptions, options?: Omit<PermuteOptions, "dims">) {
    const [o, base] = splitOptions(positional<PermuteOptions>(dims, options as PermuteOptions, "dims"), ["dims"], "Permute");
    const d = o.dims;
    const ok = Array.isArray(d) && [...d].sort((a, b) => a - b).every((v, i) => v === i + 1);
    if (!ok) {
      throw new ValueError(
        "Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. " +
          `Received dims=${describe(d)}`,
      );
    }
    super(base);
    this.dims = [...(d as number[])];
    this.inputSpec = new InputSpec({ ndim: this.dims.length + 1 });
  }

  override call(inputs: Tensor): Tensor {
    return transpose(inputs, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
registerLayer(Permute, ["Permute"]);

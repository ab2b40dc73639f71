// keras.layers.SpatialDropout1D (keras/src/layers/regularization/spatial_dropout.py).
import type { Tensor } from "../../tensor.js";
import { dropout } from "../../random/index.js";
import { InputSpec } from "../input_spec.js";
import type { CallOptions } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";
import { Dropout } from "./dropout.js";

/** The options of `SpatialDropout1D` (Keras's keyword arguments, camelCase). */
export interface SpatialDropout1DOptions {
  /** The fraction of channels dropped, in [0, 1]. */
  rate?: number;
  /** The seed of the dropout draws (null: random). */
  seed?: number | null;
  /** The layer name. */
  name?: string | null;
  /** The dtype policy. */
  dtype?: unknown;
}

/**
 * Dropout of whole feature maps: on inputs `[batch, steps, channels]`,
 * one draw per (sample, channel) is shared across all steps.
 *
 * @example
 * const drop = new keras.layers.SpatialDropout1D(0.5, { seed: 1 });
 * drop.apply(keras.ops.ones([1, 3, 4]), { training: true }); // columns of 0s and 2s
 */
export class SpatialDropout1D extends Dropout {
  static override className = "SpatialDropout1D";

  constructor(rate: number | SpatialDropout1DOptions, options?: Omit<SpatialDropout1DOptions, "rate">) {
    // Keras's spatial dropouts take only rate, seed, name and dtype.
    const [o, rest] = splitOptions(positional<SpatialDropout1DOptions>(rate, options, "rate"), ["rate", "seed", "name", "dtype"], "SpatialDropout1D", new Set());
    super(o.rate as number, { seed: o.seed as number | null, name: o.name as string | null, dtype: o.dtype as never, ...rest });
    this.inputSpec = new InputSpec({ ndim: 3 });
  }

  override call(inputs: Tensor, { training = false }: CallOptions = {}): Tensor {
    if (training && this.rate > 0) {
      const [b, , c] = inputs.shape;
      return dropout(inputs, this.rate, { noiseShape: [b!, 1, c!], seed: this.seedGenerator });
    }
    return inputs;
  }

  override getConfig(): Record<string, unknown> {
    return { rate: this.rate, seed: this.seed, name: this.name, dtype: super.getConfig().dtype };
  }
}
registerLayer(SpatialDropout1D, ["SpatialDropout1D"]);

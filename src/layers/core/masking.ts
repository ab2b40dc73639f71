// keras.layers.Masking (keras/src/layers/core/masking.py).
import type { Tensor } from "../../tensor.js";
import { cast } from "../../ops/core.js";
import { greater, notEqual } from "../../ops/elementwise.js";
import { where } from "../../ops/math.js";
import { max } from "../../ops/reduction.js";
import { squeeze } from "../../ops/shape_ops.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { setKerasMask } from "../masking.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Masking` (Keras's keyword arguments, camelCase). */
export interface MaskingOptions extends LayerOptions {
  /** The value that marks a masked timestep (default 0). */
  maskValue?: number;
}

/** `keras.ops.any` of a bool tensor along `axis` (max over its 0/1 values). */
export function anyAlong(x: Tensor, axis: number, keepdims = false): Tensor {
  return greater(max(cast(x, "int32"), axis, keepdims), 0);
}

/**
 * Masks the timesteps whose features all equal `maskValue` (default 0):
 * they are zeroed, and the output carries a `[batch, steps]` mask that is
 * false there, which mask-aware layers downstream honour.
 *
 * @example
 * const y = new keras.layers.Masking().apply(keras.tensor([[[1, 2], [0, 0]]]));
 * keras.layers.getKerasMask(y).toArray(); // [[1, 0]] (bool)
 */
export class Masking extends Layer {
  static override className = "Masking";
  /** The value that marks a masked timestep (default 0). */
  readonly maskValue: number;

  constructor(maskValue: number | MaskingOptions = 0.0, options?: Omit<MaskingOptions, "maskValue">) {
    const [o, base] = splitOptions(positional<MaskingOptions>(maskValue, options, "maskValue"), ["maskValue"], "Masking");
    super(base);
    this.maskValue = (o.maskValue as number | undefined) ?? 0.0;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override computeMask(inputs: unknown): Tensor {
    return anyAlong(notEqual(inputs as Tensor, this.maskValue), -1);
  }

  override call(inputs: Tensor): Tensor {
    const keep = anyAlong(notEqual(inputs, this.maskValue), -1, true);
    const out = where(keep, inputs, 0);
    setKerasMask(out, squeeze(keep, -1));
    return out;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
registerLayer(Masking, ["Masking"]);

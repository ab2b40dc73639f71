// keras.layers.GlobalAveragePooling1D (keras/src/layers/pooling/global_average_pooling1d.py).
import { Tensor } from "../../tensor.js";
import { cast } from "../../ops/core.js";
import { divide } from "../../ops/elementwise.js";
import { where } from "../../ops/math.js";
import { mean, sum } from "../../ops/reduction.js";
import { expandDims } from "../../ops/shape_ops.js";
import type { CallOptions } from "../layer.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./base_global_pooling.js";
import { registerLayer } from "../layer_options.js";

/**
 * The mean over the steps of `[batch, steps, features]` inputs; with a
 * mask (e.g. from `Embedding({ maskZero: true })`), over unmasked steps only.
 *
 * @example
 * new keras.layers.GlobalAveragePooling1D().apply(keras.tensor([[[1, 2], [3, 4]]])).toArray(); // [[2, 3]]
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override className = "GlobalAveragePooling1D";

  constructor(options: GlobalPoolingOptions = {}) {
    super(1, options, "GlobalAveragePooling1D");
    this.supportsMasking = true;
  }

  override call(inputs: Tensor, { mask }: CallOptions = {}): Tensor {
    const axis = this.stepsAxis;
    if (mask instanceof Tensor) {
      const m = cast(expandDims(mask, this.dataFormat === "channels_last" ? 2 : 1), "bool");
      const masked = where(m, inputs, 0);
      return divide(sum(masked, axis, this.keepdims), sum(cast(m, masked.dtype), axis, this.keepdims));
    }
    return mean(inputs, axis, this.keepdims);
  }

  override computeMask(): null {
    return null;
  }
}
registerLayer(GlobalAveragePooling1D, ["GlobalAveragePooling1D", "GlobalAvgPool1D"]);

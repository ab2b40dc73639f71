// keras.layers.GlobalMaxPooling1D (keras/src/layers/pooling/global_max_pooling1d.py).
import type { Tensor } from "../../tensor.js";
import { max } from "../../ops/reduction.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./base_global_pooling.js";
import { registerLayer } from "../layer_options.js";

/**
 * The maximum over the steps of `[batch, steps, features]` inputs. As in
 * Keras, a mask is not applied (masked steps take part in the maximum).
 *
 * @example
 * new keras.layers.GlobalMaxPooling1D().apply(keras.tensor([[[1, 4], [3, 2]]])).toArray(); // [[3, 4]]
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override className = "GlobalMaxPooling1D";

  constructor(options: GlobalPoolingOptions = {}) {
    super(1, options, "GlobalMaxPooling1D");
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, this.stepsAxis, this.keepdims);
  }
}
registerLayer(GlobalMaxPooling1D, ["GlobalMaxPooling1D", "GlobalMaxPool1D"]);

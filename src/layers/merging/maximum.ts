// keras.layers.Maximum (keras/src/layers/merging/maximum.py).
import { maximum as maximumOp } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge, mergeWithMasks } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the elementwise maximum of its inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Maximum().apply([a, b]).toArray(); // [[3, 4]]
 */
export class Maximum extends Merge {
  static override className = "Maximum";

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return mergeWithMasks(maximumOp, inputs);
  }
}
registerLayer(Maximum, ["Maximum"]);

/**
 * `keras.layers.maximum`: a new `Maximum` layer applied to `inputs`.
 *
 * @example
 * keras.layers.maximum([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[3, 4]]
 */
export function maximum(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Maximum(options).apply(inputs) as Tensor;
}

// keras.layers.Minimum (keras/src/layers/merging/minimum.py).
import { minimum as minimumOp } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge, mergeWithMasks } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the elementwise minimum of its inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Minimum().apply([a, b]).toArray(); // [[1, 2]]
 */
export class Minimum extends Merge {
  static override className = "Minimum";

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return mergeWithMasks(minimumOp, inputs);
  }
}
registerLayer(Minimum, ["Minimum"]);

/**
 * `keras.layers.minimum`: a new `Minimum` layer applied to `inputs`.
 *
 * @example
 * keras.layers.minimum([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[1, 2]]
 */
export function minimum(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Minimum(options).apply(inputs) as Tensor;
}

// keras.layers.Average (keras/src/layers/merging/average.py).
import { add as addOp, divide } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the elementwise mean of its inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Average().apply([a, b]).toArray(); // [[2, 3]]
 */
export class Average extends Merge {
  static override className = "Average";

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return divide(inputs.slice(1).reduce((a, x) => addOp(a, x), inputs[0]!), inputs.length);
  }
}
registerLayer(Average, ["Average"]);

/**
 * `keras.layers.average`: a new `Average` layer applied to `inputs`.
 *
 * @example
 * keras.layers.average([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[2, 3]]
 */
export function average(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Average(options).apply(inputs) as Tensor;
}

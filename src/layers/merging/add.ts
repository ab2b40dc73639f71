// keras.layers.Add (keras/src/layers/merging/add.py).
import { add as addOp } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the sum of its inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Add().apply([a, b]).toArray(); // [[4, 6]]
 */
export class Add extends Merge {
  static override className = "Add";

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((a, x) => addOp(a, x), inputs[0]!);
  }
}
registerLayer(Add, ["Add"]);

/**
 * `keras.layers.add`: a new `Add` layer applied to `inputs`.
 *
 * @example
 * keras.layers.add([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[4, 6]]
 */
export function add(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Add(options).apply(inputs) as Tensor;
}

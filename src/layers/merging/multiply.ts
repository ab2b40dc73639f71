// keras.layers.Multiply (keras/src/layers/merging/multiply.py).
import { multiply as multiplyOp } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the elementwise product of its inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Multiply().apply([a, b]).toArray(); // [[3, 8]]
 */
export class Multiply extends Merge {
  static override className = "Multiply";

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((a, x) => multiplyOp(a, x), inputs[0]!);
  }
}
registerLayer(Multiply, ["Multiply"]);

/**
 * `keras.layers.multiply`: a new `Multiply` layer applied to `inputs`.
 *
 * @example
 * keras.layers.multiply([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[3, 8]]
 */
export function multiply(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Multiply(options).apply(inputs) as Tensor;
}

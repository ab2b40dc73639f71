// keras.layers.Subtract (keras/src/layers/merging/subtract.py).
import { subtract as subtractOp } from "../../ops/elementwise.js";
import { ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions, Shape } from "../layer.js";
import { Merge } from "./base_merge.js";
import { registerLayer } from "../layer_options.js";

/**
 * A merge layer giving the difference of its two inputs (a list of tensors of the same shape,
 * or shapes that broadcast on the non-batch axes).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Subtract().apply([a, b]).toArray(); // [[-2, -2]]
 */
export class Subtract extends Merge {
  static override className = "Subtract";

  /** Also checks that there are exactly 2 inputs. */
  override build(inputShape: Shape[]): void {
    super.build(inputShape);
    if (inputShape.length !== 2) {
      throw new ValueError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${describe(inputShape)} (layer '${this.name}')`);
    }
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) {
      throw new ValueError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: inputs=${describe(inputs)} (layer '${this.name}')`);
    }
    return subtractOp(inputs[0]!, inputs[1]!);
  }
}
registerLayer(Subtract, ["Subtract"]);

/**
 * `keras.layers.subtract`: a new `Subtract` layer applied to `inputs`.
 *
 * @example
 * keras.layers.subtract([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])]).toArray(); // [[-2, -2]]
 */
export function subtract(inputs: Tensor[], options: LayerOptions = {}): Tensor {
  return new Subtract(options).apply(inputs) as Tensor;
}

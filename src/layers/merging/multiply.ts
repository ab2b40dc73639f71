// keras.layers.Multiply (keras/src/layers/merging/multiply.py).
import { add as addOp, multiply as multiplyOp } from "../../ops/elementwise.js";
import { where } from "../../ops/math.js";
import { setKerasMask } from "../masking.js";
import { anyAlong } from "../core/masking.js";
import type { Tensor } from "../../tensor.js";
import type { LayerOptions } from "../layer.js";
import { Merge, fullMask } from "./base_merge.js";
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
    // Keras: masked positions count as 1 in the product; the output is masked only when every input is.
    const masks = inputs.map(fullMask);
    const allMasked = masks.every((m) => m !== null);
    let output: Tensor | null = null;
    let outMask: Tensor | null = null;
    inputs.forEach((x0, i) => {
      const m = masks[i]!;
      const x = m === null ? x0 : where(m, x0, 1);
      if (m !== null && allMasked) outMask = outMask === null ? m : addOp(outMask, m);
      output = output === null ? x : multiplyOp(output, x);
    });
    if (outMask === null) return output!;
    const out = where(outMask, output!, 0);
    setKerasMask(out, anyAlong(outMask, -1));
    return out;
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

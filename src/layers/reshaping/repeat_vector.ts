// keras.layers.RepeatVector (keras/src/layers/reshaping/repeat_vector.py).
import { KerasTypeError, ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { broadcastTo, reshape } from "../../ops/shape_ops.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `RepeatVector` (Keras's keyword arguments, camelCase). */
export interface RepeatVectorOptions extends LayerOptions {
  /** How many times the input is repeated. */
  n?: number;
}

/**
 * Repeats a `[batch, features]` input `n` times: `[batch, n, features]`.
 *
 * @example
 * new keras.layers.RepeatVector(3).apply(keras.ops.ones([2, 4])).shape; // [2, 3, 4]
 */
export class RepeatVector extends Layer {
  static override className = "RepeatVector";
  /** How many times the input is repeated. */
  readonly n: number;

  constructor(n: number | RepeatVectorOptions, options?: Omit<RepeatVectorOptions, "n">) {
    const [o, base] = splitOptions(positional<RepeatVectorOptions>(n, options, "n"), ["n"], "RepeatVector");
    if (typeof o.n !== "number" || !Number.isInteger(o.n)) throw new KerasTypeError(`RepeatVector: Expected an integer value for \`n\`, got ${describe(o.n)}.`);
    if (o.n <= 0) throw new ValueError(`RepeatVector: Argument \`n\` should be a positive integer. Received: n=${o.n}`);
    super(base);
    this.n = o.n;
    this.inputSpec = new InputSpec({ ndim: 2 });
  }

  override call(inputs: Tensor): Tensor {
    const [b, d] = inputs.shape as [number, number];
    // A broadcast of the [b, 1, d] view is Keras's repeat along axis 1.
    return broadcastTo(reshape(inputs, [b, 1, d]), [b, this.n, d]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}
registerLayer(RepeatVector, ["RepeatVector"]);

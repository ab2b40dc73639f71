// keras.layers.Reshape (keras/src/layers/reshaping/reshape.py).
import { ValueError, describe, formatShape } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { reshape } from "../../ops/shape_ops.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Reshape` (Keras's keyword arguments, camelCase). */
export interface ReshapeOptions extends LayerOptions {
  /** The output shape without the batch axis; one entry may be -1. */
  targetShape?: readonly number[];
}

/**
 * Keras's `compute_reshape_output_shape`: the target shape with its -1
 * resolved against `inputShape` (the non-batch dimensions), or Keras's
 * error when the sizes cannot match.
 */
export function reshapeOutputShape(inputShape: Shape, target: readonly number[], arg: string): Shape {
  const unknown = target.filter((d) => d === -1).length;
  if (inputShape.some((d) => d === null)) return target.map((d) => (d === -1 ? null : d));
  const inSize = (inputShape as number[]).reduce((a, d) => a * d, 1);
  const py = (s: readonly (number | null)[]): string => formatShape(s);
  if (unknown === 0) {
    if (inSize !== target.reduce((a, d) => a * d, 1)) {
      throw new ValueError(`The total size of the tensor must be unchanged. Received: input_shape=${py(inputShape)}, ${arg}=${py(target)}`);
    }
    return [...target];
  }
  const known = target.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
  if (known === 0 || inSize % known !== 0) {
    throw new ValueError(
      "The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions " +
        `in ${arg}. Received: input_shape=${py(inputShape)}, ${arg}=${py(target)}`,
    );
  }
  return target.map((d) => (d === -1 ? inSize / known : d));
}

/**
 * Reshapes the non-batch dimensions to `targetShape` (one entry may be -1).
 *
 * @example
 * new keras.layers.Reshape([3, 4]).apply(keras.ops.ones([2, 12])).shape; // [2, 3, 4]
 */
export class Reshape extends Layer {
  static override className = "Reshape";
  /** The output shape without the batch axis; one entry may be -1. */
  readonly targetShape: number[];

  constructor(targetShape: readonly number[] | ReshapeOptions, options?: Omit<ReshapeOptions, "targetShape">) {
    const [o, base] = splitOptions(positional<ReshapeOptions>(targetShape, options as ReshapeOptions, "targetShape"), ["targetShape"], "Reshape");
    const t = o.targetShape;
    if (!Array.isArray(t) || t.some((d) => typeof d !== "number" || !Number.isInteger(d))) {
      throw new ValueError(`Reshape: argument \`target_shape\` must be a list of integers. Received: target_shape=${describe(t)}`);
    }
    if (t.some((d) => d < -1)) {
      throw new ValueError(
        `Each dimension in \`target_shape\` must be a non-negative integer, or \`-1\` for a single unknown dimension. Received: target_shape=${formatShape(t)}. (layer Reshape)`,
      );
    }
    if (t.filter((d) => d === -1).length > 1) {
      throw new ValueError(`There must be at most one unknown dimension (-1) in \`target_shape\`. Received: target_shape=${formatShape(t)}. (layer Reshape)`);
    }
    super(base);
    this.targetShape = [...t];
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const out = reshapeOutputShape(inputs.shape.slice(1), this.targetShape, "target_shape") as number[];
    return reshape(inputs, [inputs.shape[0]!, ...out]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...reshapeOutputShape(inputShape.slice(1), this.targetShape, "target_shape")];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
registerLayer(Reshape, ["Reshape"]);

// keras.layers.Concatenate (keras/src/layers/merging/concatenate.py).
import { ValueError, describe, formatShape } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import { cast } from "../../ops/core.js";
import { add } from "../../ops/elementwise.js";
import { concatenate as concatenateOp, expandDims } from "../../ops/shape_ops.js";
import { onesLike, zeros } from "../../ops/creation.js";
import type { LayerOptions, Shape } from "../layer.js";
import { anyAlong } from "../core/masking.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";
import { Merge, mergeInputs } from "./base_merge.js";

/** The options of `Concatenate` (Keras's keyword arguments, camelCase). */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis along which the inputs are joined (default -1). */
  axis?: number;
}

/**
 * Concatenates a list of tensors along `axis` (default -1); the other
 * dimensions must match.
 *
 * @example
 * new keras.layers.Concatenate().apply([keras.ops.ones([2, 3]), keras.ops.zeros([2, 1])]).shape; // [2, 4]
 */
export class Concatenate extends Merge {
  static override className = "Concatenate";
  /** The axis along which the inputs are joined (default -1). */
  readonly axis: number;

  constructor(axis: number | ConcatenateOptions = -1, options?: Omit<ConcatenateOptions, "axis">) {
    const [o, base] = splitOptions(positional<ConcatenateOptions>(axis, options, "axis"), ["axis"], "Concatenate");
    super(base);
    this.axis = (o.axis as number | undefined) ?? -1;
    this.supportsMasking = true;
  }

  /** Checks that the inputs match on every axis but `axis`. */
  override build(inputShape: Shape[]): void {
    if (!Array.isArray(inputShape) || inputShape.length < 1 || !Array.isArray(inputShape[0])) {
      throw new ValueError(`A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${describe(inputShape)} (layer '${this.name}')`);
    }
    // Every axis but the concatenation axis must agree (unknown sizes match anything).
    const rank = inputShape[0]!.length;
    const text = `[${inputShape.map((s) => formatShape(s)).join(", ")}]`;
    const err = new ValueError(
      `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${text} (layer '${this.name}')`,
    );
    if (inputShape.some((s) => s.length !== rank)) throw err;
    const ax = this.axis < 0 ? this.axis + rank : this.axis;
    for (let i = 0; i < rank; i++) {
      if (i === ax) continue;
      const dims = new Set(inputShape.map((s) => s[i]).filter((d) => d !== null));
      if (dims.size > 1) throw err;
    }
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return concatenateOp(inputs, this.axis);
  }

  /** The first input's shape with the sizes along `axis` summed. */
  override computeOutputShape(inputShape: Shape[]): Shape {
    const out = [...inputShape[0]!];
    const ax = this.axis < 0 ? this.axis + out.length : this.axis;
    for (const s of inputShape.slice(1)) {
      if (out[ax] === null || s[ax] === null) {
        out[ax] = null;
        break;
      }
      out[ax] = out[ax]! + s[ax]!;
    }
    return out;
  }

  /** The masks concatenated (all-true for inputs without one), reduced with any over the last axis. */
  override computeMask(inputs: unknown, mask: unknown = null): Tensor | null {
    if (mask === null || mask === undefined) return null;
    if (!Array.isArray(mask)) throw new ValueError(`\`mask\` should be a list. Received mask=${describe(mask)}`);
    const xs = mergeInputs(inputs, this.name);
    if (mask.length !== xs.length) {
      throw new ValueError(`The lists \`inputs\` and \`mask\` should have the same length. Received: inputs of length ${xs.length}, and mask of length ${mask.length}`);
    }
    if (mask.every((m) => !(m instanceof Tensor))) return null;
    const masks = xs.map((x, i) => {
      const m = mask[i];
      if (!(m instanceof Tensor)) return cast(onesLike(x), "bool");
      return m.ndim < x.ndim ? add(expandDims(m, -1), cast(zeros(x.shape), "bool")) : m;
    });
    return anyAlong(concatenateOp(masks, this.axis), -1);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerLayer(Concatenate, ["Concatenate"]);

/**
 * `keras.layers.concatenate`: a new `Concatenate` layer applied to `inputs`.
 *
 * @example
 * keras.layers.concatenate([keras.tensor([[1]]), keras.tensor([[2]])]).toArray(); // [[1, 2]]
 */
export function concatenate(inputs: Tensor[], axis = -1, options: LayerOptions = {}): Tensor {
  return new Concatenate(axis, options).apply(inputs) as Tensor;
}

// Keras's Merge base class (keras/src/layers/merging/base_merge.py): the
// elementwise merge layers take a list of tensors of compatible shapes
// (broadcasting on non-batch axes; lower ranks get size-1 axes after the
// batch axis) and combine them.
import { ValueError, describe, formatShape } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import { add } from "../../ops/elementwise.js";
import { where } from "../../ops/math.js";
import { broadcastTo, expandDims } from "../../ops/shape_ops.js";
import { getKerasMask, setKerasMask } from "../masking.js";
import { anyAlong } from "../core/masking.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

const shapesText = (shapes: readonly (Shape | null)[]): string => `[${shapes.map((s) => (s === null ? "None" : formatShape(s))).join(", ")}]`;

/** Keras's `_compute_elemwise_op_output_shape` on non-batch shapes. */
function elemwiseShape(a: Shape | null, b: Shape | null): Shape | null {
  if (a === null || b === null) return null;
  if (a.length < b.length) return elemwiseShape(b, a);
  if (b.length === 0) return a;
  const out: (number | null)[] = [...a.slice(0, a.length - b.length)];
  a.slice(a.length - b.length).forEach((i, k) => {
    const j = b[k]!;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else {
      if (i !== j) throw new ValueError(`Inputs have incompatible shapes. Received shapes ${formatShape(a)} and ${formatShape(b)}`);
      out.push(i);
    }
  });
  return out;
}

/** Checks that `inputs` is a list of tensors (Keras's "should be called on a list" errors). */
export function mergeInputs(inputs: unknown, layerName: string): Tensor[] {
  if (!Array.isArray(inputs) || !inputs.every((x) => x instanceof Tensor)) {
    throw new ValueError(`A merge layer should be called on a list of inputs. Received: inputs=${describe(inputs)} (not a list of tensors) (layer '${layerName}')`);
  }
  return inputs as Tensor[];
}

/** An input's mask broadcast to its shape (null without one). */
export function fullMask(x: Tensor): Tensor | null {
  const m = getKerasMask(x);
  return m === null ? null : broadcastTo(expandDims(m, -1), x.shape);
}

/**
 * Keras's `_apply_merge_op_and_or_mask`: masked positions of one input
 * take the other's value, so they never win a maximum or minimum; the
 * output is masked only when every input is.
 */
export function mergeWithMasks(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[]): Tensor {
  let output = inputs[0]!;
  let outMask = fullMask(output);
  for (const x0 of inputs.slice(1)) {
    const mask = fullMask(x0);
    const x = mask !== null ? where(mask, x0, output) : x0;
    if (outMask !== null) output = where(outMask, output, x);
    outMask = mask !== null && outMask !== null ? add(outMask, mask) : null; // bool add is logical or
    output = op(output, x);
  }
  if (outMask !== null) setKerasMask(output, anyAlong(outMask, -1));
  return output;
}

/** The base of Add, Subtract, Multiply, Average, Maximum, Minimum (and Concatenate, Dot). */
export abstract class Merge extends Layer {
  private reshapeRequired = false;

  constructor(options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true;
  }

  /** The merge of inputs of equal rank. */
  protected abstract mergeFunction(inputs: Tensor[]): Tensor;

  /** Checks the input shapes: a list, one batch size, shapes that broadcast. */
  override build(inputShape: Shape[]): void {
    if (!Array.isArray(inputShape) || !Array.isArray(inputShape[0])) {
      throw new ValueError(`A merge layer should be called on a list of inputs. Received: input_shape=${describe(inputShape)} (not a list of shapes) (layer '${this.name}')`);
    }
    const batches = new Set(inputShape.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
    if (batches.size > 1) throw new ValueError(`Cannot merge tensors with different batch sizes. Received tensors with shapes ${shapesText(inputShape)} (layer '${this.name}')`);
    let out: Shape | null = inputShape[0]!.slice(1);
    for (let i = 1; i < inputShape.length; i++) out = elemwiseShape(out, inputShape[i]!.slice(1));
    this.reshapeRequired = new Set(inputShape.map((s) => s.length)).size !== 1;
  }

  override call(inputs: unknown): Tensor {
    const xs = mergeInputs(inputs, this.name);
    if (!this.reshapeRequired) return this.mergeFunction(xs);
    const rank = Math.max(...xs.map((x) => x.ndim));
    return this.mergeFunction(xs.map((x) => {
      let y = x;
      while (y.ndim < rank) y = expandDims(y, 1);
      return y;
    }));
  }

  /** The broadcast shape of the inputs. */
  override computeOutputShape(inputShape: Shape[]): Shape {
    let out: Shape | null = inputShape[0]!.slice(1);
    for (let i = 1; i < inputShape.length; i++) out = elemwiseShape(out, inputShape[i]!.slice(1));
    const batches = [...new Set(inputShape.map((s) => s[0]).filter((d) => d !== null && d !== undefined))];
    return [batches.length === 1 ? batches[0]! : null, ...(out ?? [])];
  }

  /** The logical or of the inputs' masks; null unless every input has one. */
  override computeMask(inputs: unknown, mask: unknown = null): Tensor | null {
    if (mask === null || mask === undefined) return null;
    if (!Array.isArray(mask)) throw new ValueError(`\`mask\` should be a list. Received: mask=${describe(mask)}`);
    if (!Array.isArray(inputs)) throw new ValueError(`\`inputs\` should be a list. Received: inputs=${describe(inputs)}`);
    if (mask.length !== inputs.length) {
      throw new ValueError(`The lists \`inputs\` and \`mask\` should have the same length. Received: inputs of length ${inputs.length}, and mask of length ${mask.length}`);
    }
    if (mask.some((m) => !(m instanceof Tensor))) return null;
    // logical or of the masks (add on bool is or).
    return (mask as Tensor[]).reduce((a, m) => add(a, m));
  }
}

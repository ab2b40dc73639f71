// keras.layers.Dot (keras/src/layers/merging/dot.py): batched dot products.
import { KerasTypeError, ValueError, describe, formatShape } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { divide, maximum, multiply } from "../../ops/elementwise.js";
import { matmul as linalgMatmul } from "../../ops/linalg.js";
import { sqrt, square } from "../../ops/math.js";
import { sum } from "../../ops/reduction.js";
import { expandDims, reshape, squeeze, transpose } from "../../ops/shape_ops.js";
import type { LayerOptions, Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";
import { Merge } from "./base_merge.js";

/** The options of `Dot` (Keras's keyword arguments, camelCase). */
export interface DotOptions extends LayerOptions {
  /** The axis of each input summed over: one for both, or a pair. */
  axes?: number | [number, number];
  /** Whether the inputs are L2-normalized first (cosine similarity). */
  normalize?: boolean;
}

/** Keras's `normalize(x, axis, order=2)`: `x * rsqrt(max(sum(x^2), eps^2))`, eps = 1e-7. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  const ss = sum(square(x), axis, true);
  return multiply(x, divide(1, sqrt(maximum(ss, 1e-14))));
}

/** Keras's `batch_dot` with two resolved (non-negative, non-batch) axes. */
export function batchDot(x0: Tensor, y0: Tensor, axes: [number, number]): Tensor {
  let x = x0;
  let y = y0;
  const xRank0 = x.ndim;
  const yRank0 = y.ndim;
  if (xRank0 < 2 || yRank0 < 2) {
    throw new ValueError(`Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}.`);
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new ValueError(`Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}.`);
  }
  let [a0, a1] = axes;
  if (a0 === 0 || a1 === 0) {
    throw new ValueError("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs using keras.ops.expand_dims(x, 0)");
  }
  if (x.shape[a0] !== y.shape[a1]) {
    throw new ValueError(
      `Cannot do batch_dot on inputs with shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} with axes=[${a0}, ${a1}]. ` +
        `x.shape[${a0}] != y.shape[${a1}] (${x.shape[a0]} != ${y.shape[a1]}).`,
    );
  }
  if (x.ndim === 2) { x = expandDims(x, 1); a0 += 1; }
  if (y.ndim === 2) y = expandDims(y, 2);
  // Move x's axis last and y's axis to position 1, then one batched matmul.
  if (a0 !== x.ndim - 1) {
    const p = x.shape.map((_, i) => i).filter((i) => i !== a0);
    x = transpose(x, [...p, a0]);
  }
  if (a1 !== 1) {
    const p = y.shape.map((_, i) => i).filter((i) => i !== a1 && i !== 0);
    y = transpose(y, [0, a1, ...p]);
  }
  const xMid = x.shape.slice(1, -1);
  const yTrail = y.shape.slice(2);
  if (x.ndim > 3) x = reshape(x, [x.shape[0]!, -1, x.shape[x.ndim - 1]!]);
  if (y.ndim > 3) y = reshape(y, [y.shape[0]!, y.shape[1]!, -1]);
  let result = linalgMatmul(x, y);
  if (xMid.length > 1 || yTrail.length > 1) result = reshape(result, [result.shape[0]!, ...xMid, ...yTrail]);
  if (xRank0 === 2) result = squeeze(result, 1);
  else if (yRank0 === 2) result = squeeze(result, -1);
  return result;
}

/**
 * The dot product of two tensors along `axes` (one axis each, or the same
 * axis for both), sample by sample; with `normalize`, of their
 * L2-normalized versions (cosine similarity).
 *
 * @example
 * const a = keras.tensor([[1, 2]]);
 * const b = keras.tensor([[3, 4]]);
 * new keras.layers.Dot(1).apply([a, b]).toArray(); // [[11]]
 */
export class Dot extends Merge {
  static override className = "Dot";
  /** The axis of each input summed over: one for both, or a pair. */
  readonly axes: number | [number, number];
  /** Whether the inputs are L2-normalized first (cosine similarity). */
  readonly normalize: boolean;

  constructor(axes: number | [number, number] | DotOptions, options?: Omit<DotOptions, "axes">) {
    const [o, base] = splitOptions(positional<DotOptions>(axes, options, "axes"), ["axes", "normalize"], "Dot");
    const a = o.axes;
    if (!Number.isInteger(a)) {
      if (!Array.isArray(a)) throw new KerasTypeError(`Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${describe(a)}`);
      if (a.length !== 2) throw new ValueError(`Invalid format for argument \`axes\`: it should contain two elements. Received: axes=${describe(a)}`);
      if (!a.every((v) => Number.isInteger(v))) throw new ValueError(`Invalid format for argument \`axes\`: list elements should be integers. Received: axes=${describe(a)}`);
    }
    super(base);
    this.axes = Array.isArray(a) ? [a[0], a[1]] : (a as number);
    this.normalize = Boolean(o.normalize ?? false);
    this.supportsMasking = true;
  }

  /** The two axes, made non-negative for ranks `r1`, `r2`. */
  private resolvedAxes(r1: number, r2: number): [number, number] {
    if (typeof this.axes === "number") return this.axes < 0 ? [((this.axes % r1) + r1) % r1, ((this.axes % r2) + r2) % r2] : [this.axes, this.axes];
    const [p, q] = this.axes;
    return [p < 0 ? ((p % r1) + r1) % r1 : p, q < 0 ? ((q % r2) + r2) % r2 : q];
  }

  /** Checks that the two inputs have equal sizes on the dotted axes. */
  override build(inputShape: Shape[]): void {
    if (!Array.isArray(inputShape) || !Array.isArray(inputShape[0]) || inputShape.length !== 2) {
      throw new ValueError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${describe(inputShape)} (layer '${this.name}')`);
    }
    const [s1, s2] = inputShape as [Shape, Shape];
    const [a, b] = this.resolvedAxes(s1.length, s2.length);
    if (s1[a] !== s2[b]) {
      throw new ValueError(
        `Incompatible input shapes: axis values ${s1[a] ?? "None"} (at axis ${a}) != ${s2[b] ?? "None"} (at axis ${b}). ` +
          `Full input shapes: ${formatShape(s1)}, ${formatShape(s2)} (layer '${this.name}')`,
      );
    }
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) throw new ValueError(`A \`Dot\` layer should be called on exactly 2 inputs. Received: inputs of length ${inputs.length} (layer '${this.name}')`);
    let [x1, x2] = inputs as [Tensor, Tensor];
    const axes = this.resolvedAxes(x1.ndim, x2.ndim);
    if (this.normalize) {
      x1 = l2Normalize(x1, axes[0]);
      x2 = l2Normalize(x2, axes[1]);
    }
    return batchDot(x1, x2, axes);
  }

  /** Both shapes without the dotted axes (and the second batch axis). */
  override computeOutputShape(inputShape: Shape[]): Shape {
    const s1 = [...inputShape[0]!];
    const s2 = [...inputShape[1]!];
    const [a, b] = this.resolvedAxes(s1.length, s2.length);
    s1.splice(a, 1);
    s2.splice(b, 1);
    s2.shift();
    const out = [...s1, ...s2];
    return out.length === 1 ? [...out, 1] : out;
  }

  /** Always null: a dot product has no mask. */
  override computeMask(): null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: Array.isArray(this.axes) ? [...this.axes] : this.axes, normalize: this.normalize };
  }
}
registerLayer(Dot, ["Dot"]);

/**
 * `keras.layers.dot`: a new `Dot` layer applied to `inputs`.
 *
 * @example
 * keras.layers.dot([keras.tensor([[1, 2]]), keras.tensor([[3, 4]])], 1).toArray(); // [[11]]
 */
export function dot(inputs: Tensor[], axes: number | [number, number] = -1, options: Omit<DotOptions, "axes"> = {}): Tensor {
  return new Dot(axes, options).apply(inputs) as Tensor;
}

// keras.layers.LayerNormalization (keras/src/layers/normalization/layer_normalization.py).
import { KerasTypeError, ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../variables.js";
import { cast } from "../../ops/core.js";
import { add, divide, multiply, subtract } from "../../ops/elementwise.js";
import { sqrt } from "../../ops/math.js";
import { mean as meanOp, var as varOp } from "../../ops/reduction.js";
import { reshape } from "../../ops/shape_ops.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { splitOptions, registerLayer } from "../layer_options.js";
import { BETA_GAMMA_KEYS, betaGamma, betaGammaConfig, type BetaGamma, type BetaGammaOptions } from "./beta_gamma.js";

/** The options of `LayerNormalization` (Keras's keyword arguments, camelCase). */
export interface LayerNormalizationOptions extends LayerOptions, BetaGammaOptions {
  /** The axis or axes normalized (default -1; the sorted, non-negative list after build). */
  axis?: number | number[];
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Whether to add the learned offset `beta` (default true). */
  center?: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  scale?: boolean;
  /** Deprecated in Keras (scales by the variance); kept for configs. */
  rmsScaling?: boolean;
}
const KEYS = ["axis", "epsilon", "center", "scale", "rmsScaling", ...BETA_GAMMA_KEYS] as const;

/** Keras's `canonicalize_axes`: non-negative axes, each within the rank. */
function canonicalAxes(axis: number | number[], rank: number, name: string): number[] {
  return (Array.isArray(axis) ? axis : [axis]).map((a) => {
    if (a < -rank || a >= rank) throw new ValueError(`Axis ${a} is out of bounds for an input of rank ${rank} (layer '${name}')`);
    return a < 0 ? a + rank : a;
  });
}

/**
 * Normalizes each sample over `axis` (default the last) to zero mean and
 * unit variance, then scales by `gamma` and shifts by `beta` (weights of
 * the normalized axes' shape).
 *
 * @example
 * new keras.layers.LayerNormalization().apply(keras.tensor([[1, 3]])).toArray(); // ~[[-1, 1]]
 */
export class LayerNormalization extends Layer {
  static override className = "LayerNormalization";
  /** The axis or axes normalized (default -1; the sorted, non-negative list after build). */
  axis: number | number[];
  /** Added to the variance before the square root (default 1e-3). */
  readonly epsilon: number;
  /** Whether to add the learned offset `beta` (default true). */
  readonly center: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  readonly scale: boolean;
  /** Keras's deprecated variance-only scaling (no mean subtraction, no beta). */
  readonly rmsScaling: boolean;
  /** @internal The resolved beta/gamma initializers, regularizers and constraints. */
  readonly params: BetaGamma;
  /** The scale, shaped like the normalized axes (null without `scale`). */
  gamma: Variable | null = null;
  /** The offset, shaped like the normalized axes (null without `center`). */
  beta: Variable | null = null;

  constructor(options: LayerNormalizationOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, KEYS, "LayerNormalization");
    const axis = o.axis ?? -1;
    const intList = Array.isArray(axis) && axis.every((a) => Number.isInteger(a));
    if (!Number.isInteger(axis) && !intList) {
      throw new KerasTypeError(`Expected an int or a list/tuple of ints for the argument 'axis', but received: ${describe(axis)} (layer LayerNormalization)`);
    }
    if (o.rmsScaling) {
      console.warn(
        "You passed `rmsScaling=true`, which is deprecated. This argument incorrectly scales the input by the variance, not the root mean square.",
      );
    }
    super(base);
    this.axis = Array.isArray(axis) ? [...(axis as number[])] : (axis as number);
    this.epsilon = (o.epsilon as number | undefined) ?? 1e-3;
    this.center = (o.center as boolean | undefined) ?? true;
    this.scale = (o.scale as boolean | undefined) ?? true;
    this.rmsScaling = Boolean(o.rmsScaling ?? false);
    this.params = betaGamma(o);
    this.supportsMasking = true;
    this.autocast = false;
  }

  override build(inputShape: Shape): void {
    const axes = canonicalAxes(this.axis, inputShape.length, this.name);
    if (new Set(axes).size !== axes.length) throw new ValueError(`Duplicate axes are not allowed. Received: axis=${describe(this.axis)} (layer '${this.name}')`);
    const sorted = [...axes].sort((a, b) => a - b);
    this.axis = sorted; // Keras keeps the canonical, sorted list
    const shape = sorted.map((a) => {
      const d = inputShape[a];
      if (typeof d !== "number") throw new ValueError(`LayerNormalization: the size of axis ${a} must be known (layer '${this.name}')`);
      return d;
    });
    const p = this.params;
    if (this.scale || this.rmsScaling) {
      this.gamma = this.addWeight({
        name: "gamma", shape, initializer: p.gammaInitializer, regularizer: p.gammaRegularizer,
        constraint: p.gammaConstraint, trainable: true, autocast: false,
      });
    }
    if (this.center && !this.rmsScaling) {
      this.beta = this.addWeight({
        name: "beta", shape, initializer: p.betaInitializer, regularizer: p.betaRegularizer,
        constraint: p.betaConstraint, trainable: true, autocast: false,
      });
    }
  }

  override call(inputs: Tensor): Tensor {
    const x = inputs.dtype === "float64" || inputs.dtype === "float32" ? inputs : cast(inputs, "float32");
    const axes = canonicalAxes(this.axis, x.ndim, this.name).sort((a, b) => a - b);
    // gamma/beta broadcast: their sizes on the normalized axes, 1 elsewhere.
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const param = (v: Variable | null): Tensor | null => (v === null ? null : reshape(cast(v.value, x.dtype), bshape));
    const gamma = param(this.gamma);
    const beta = param(this.beta);
    const variance = varOp(x, axes, true);
    let out: Tensor;
    if (this.rmsScaling) {
      out = multiply(x, divide(1, sqrt(add(variance, this.epsilon))));
      if (gamma !== null) out = multiply(out, gamma);
    } else {
      // Keras's layer_normalization: x * inv + (beta - mean * inv), inv = gamma / sqrt(var + eps).
      const mean = meanOp(x, axes, true);
      let inv = divide(1, sqrt(add(variance, this.epsilon)));
      if (gamma !== null) inv = multiply(inv, gamma);
      let res = multiply(subtract(0, mean), inv);
      if (beta !== null) res = add(res, beta);
      out = add(multiply(x, inv), res);
    }
    return cast(out, this.computeDtype as never);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    canonicalAxes(this.axis, inputShape.length, this.name);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      /** The axis or axes normalized (default -1; the sorted, non-negative list after build). */
      axis: Array.isArray(this.axis) ? [...this.axis] : this.axis,
      /** Added to the variance before the square root (default 1e-3). */
      epsilon: this.epsilon, center: this.center, scale: this.scale, rmsScaling: this.rmsScaling,
      ...betaGammaConfig(this.params),
    };
  }
}
registerLayer(LayerNormalization, ["LayerNormalization"]);

// keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py).
import { NotImplementedError, ValueError, describe, formatShape } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import type { Variable } from "../../variables.js";
import { cast } from "../../ops/core.js";
import { add, divide, multiply, subtract } from "../../ops/elementwise.js";
import { sqrt, square, where } from "../../ops/math.js";
import { mean as meanOp, sum, var as varOp } from "../../ops/reduction.js";
import { broadcastTo, expandDims, reshape } from "../../ops/shape_ops.js";
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import type { Regularizer } from "../../regularizers/index.js";
import type { Constraint } from "../../constraints/index.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";
import { initializerConfig, splitOptions, registerLayer } from "../layer_options.js";
import { BETA_GAMMA_KEYS, betaGamma, betaGammaConfig, type BetaGamma, type BetaGammaOptions } from "./beta_gamma.js";

/** The options of `BatchNormalization` (Keras's keyword arguments, camelCase). */
export interface BatchNormalizationOptions extends LayerOptions, BetaGammaOptions {
  /** The channel axis (default -1). */
  axis?: number;
  /** The weight of the old value in the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Whether to add the learned offset `beta` (default true). */
  center?: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  scale?: boolean;
  /** Initializer of `moving_mean` (default `"zeros"`). */
  movingMeanInitializer?: unknown;
  /** Initializer of `moving_variance` (default `"ones"`). */
  movingVarianceInitializer?: unknown;
  /** Only false (batch renormalization is not supported). */
  renorm?: boolean;
  /** Batch renormalization clipping (not supported: only null). */
  renormClipping?: null;
  /** Batch renormalization momentum (kept for configs; renormalization is not supported). */
  renormMomentum?: number;
  /** Only false (one device). */
  synchronized?: boolean;
}
const KEYS = [
  "axis", "momentum", "epsilon", "center", "scale", "movingMeanInitializer", "movingVarianceInitializer", ...BETA_GAMMA_KEYS,
  "renorm", "renormClipping", "renormMomentum", "synchronized",
] as const;

/** Keras's `backend.epsilon()`, used by the masked moments. */
const FUZZ = 1e-7;

/**
 * `(x - mean) / sqrt(var + eps) * scale + offset` with per-channel
 * parameters broadcast along `axis`, computed as Keras's numpy backend:
 * `x * inv + (offset - mean * inv)`, `inv = scale / sqrt(var + eps)`.
 */
export function batchNormalization(
  x: Tensor, mean: Tensor, variance: Tensor, axis: number, offset: Tensor | null, scale: Tensor | null, epsilon: number,
): Tensor {
  const shape = x.shape.map(() => 1);
  shape[axis] = x.shape[axis]!;
  const b = (t: Tensor): Tensor => (t.ndim === x.ndim ? t : reshape(t, shape));
  let inv = divide(1, sqrt(add(b(variance), epsilon)));
  if (scale !== null) inv = multiply(inv, b(scale));
  let res = multiply(subtract(0, b(mean)), inv);
  if (offset !== null) res = add(res, b(offset));
  return add(multiply(x, inv), res);
}

/**
 * Normalizes each channel (the `axis`, default last) with the batch's
 * mean and variance when training, and with moving averages of them
 * (updated with `momentum`) at inference; then scales by `gamma` and
 * shifts by `beta`. Weights: `gamma`, `beta` (trainable), `moving_mean`,
 * `moving_variance` (not trainable). A mask leaves masked steps out of
 * the batch statistics.
 *
 * @example
 * const bn = new keras.layers.BatchNormalization();
 * bn.apply(keras.tensor([[1, 2], [3, 6]]), { training: true }); // ~[[-1, -1], [1, 1]]
 */
export class BatchNormalization extends Layer {
  static override className = "BatchNormalization";
  /** The channel axis (default -1). */
  readonly axis: number;
  /** The weight of the old value in the moving averages (default 0.99). */
  readonly momentum: number;
  /** Added to the variance before the square root (default 1e-3). */
  readonly epsilon: number;
  /** Whether to add the learned offset `beta` (default true). */
  readonly center: boolean;
  /** Whether to multiply by the learned scale `gamma` (default true). */
  readonly scale: boolean;
  /** @internal The resolved beta/gamma initializers, regularizers and constraints. */
  readonly params: BetaGamma;
  /** Initializer of `moving_mean` (default `"zeros"`). */
  movingMeanInitializer: Initializer;
  /** Initializer of `moving_variance` (default `"ones"`). */
  movingVarianceInitializer: Initializer;
  /** Batch renormalization momentum (kept for configs; renormalization is not supported). */
  readonly renormMomentum: number;
  /** The scale, per channel (null without `scale`). */
  gamma: Variable | null = null;
  /** The offset, per channel (null without `center`). */
  beta: Variable | null = null;
  /** The moving mean, per channel (not trainable). */
  movingMean!: Variable;
  /** The moving variance, per channel (not trainable). */
  movingVariance!: Variable;
  private reductionAxes: number[] = [];

  constructor(options: BatchNormalizationOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, KEYS, "BatchNormalization");
    const axis = o.axis ?? -1;
    if (typeof axis !== "number" || !Number.isInteger(axis)) throw new ValueError(`BatchNormalization: \`axis\` must be an integer. Received: axis=${describe(axis)}`);
    if (o.synchronized) throw new ValueError("Argument synchronized=True is only supported with the TensorFlow backend. (layer BatchNormalization)");
    if (o.renorm) throw new NotImplementedError("BatchNormalization: `renorm=true` (batch renormalization) is not supported");
    super(base);
    this.axis = axis;
    this.momentum = Number(o.momentum ?? 0.99);
    this.epsilon = Number(o.epsilon ?? 1e-3);
    this.center = (o.center as boolean | undefined) ?? true;
    this.scale = (o.scale as boolean | undefined) ?? true;
    this.params = betaGamma(o);
    this.movingMeanInitializer = getInitializer(o.movingMeanInitializer ?? "zeros")!;
    this.movingVarianceInitializer = getInitializer(o.movingVarianceInitializer ?? "ones")!;
    this.renormMomentum = Number(o.renormMomentum ?? 0.99);
    this.supportsMasking = true;
  }

  private channelAxis(rank: number): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 0 || a >= rank) {
      throw new ValueError(`Axis ${this.axis} is out of bounds for input shape ${formatShape(Array(rank).fill(null))}. Received: axis=${this.axis} (layer '${this.name}')`);
    }
    return a;
  }

  override build(inputShape: Shape): void {
    const a = this.channelAxis(inputShape.length);
    const dim = inputShape[a];
    if (typeof dim !== "number") throw new ValueError(`BatchNormalization: the size of axis ${this.axis} must be known; received input_shape=${formatShape(inputShape)}`);
    const w = (name: string, initializer: Initializer, trainable: boolean, regularizer: Regularizer | null = null, constraint: Constraint | null = null): Variable =>
      this.addWeight({ name, shape: [dim], initializer, regularizer, constraint, trainable, autocast: false });
    const p = this.params;
    if (this.scale) this.gamma = w("gamma", p.gammaInitializer, true, p.gammaRegularizer, p.gammaConstraint);
    if (this.center) this.beta = w("beta", p.betaInitializer, true, p.betaRegularizer, p.betaConstraint);
    this.movingMean = w("moving_mean", this.movingMeanInitializer, false);
    this.movingVariance = w("moving_variance", this.movingVarianceInitializer, false);
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes: { [this.axis]: dim } });
    this.reductionAxes = inputShape.map((_, i) => i).filter((i) => i !== a);
  }

  override call(inputs: Tensor, { training, mask }: CallOptions = {}): Tensor {
    const m = mask instanceof Tensor ? mask : null;
    if (m !== null && m.ndim !== inputs.ndim - 1) {
      throw new ValueError(
        `The mask provided should be one dimension less than the inputs. Received: mask.shape=${formatShape(m.shape)}, inputs.shape=${formatShape(inputs.shape)}`,
      );
    }
    // Half precision inputs are normalized in float32 (Keras: result_type(dtype, "float32")).
    const x = inputs.dtype === "float64" ? inputs : cast(inputs, "float32");
    const dt = x.dtype;
    const a = this.channelAxis(x.ndim);
    let mean = cast(this.movingMean.value, dt);
    let variance = cast(this.movingVariance.value, dt);
    if (training && this.trainable) {
      [mean, variance] = this.moments(x, m);
      const mom = this.momentum;
      this.movingMean.assign(add(multiply(cast(this.movingMean.value, dt), mom), multiply(mean, 1 - mom)));
      this.movingVariance.assign(add(multiply(cast(this.movingVariance.value, dt), mom), multiply(variance, 1 - mom)));
    }
    const gamma = this.gamma === null ? null : cast(this.gamma.value, dt);
    const beta = this.beta === null ? null : cast(this.beta.value, dt);
    return cast(batchNormalization(x, mean, variance, a, beta, gamma, this.epsilon), this.computeDtype as never);
  }

  /** Batch mean and variance over every axis but the channel axis; a mask leaves steps out. */
  private moments(x: Tensor, mask: Tensor | null): [Tensor, Tensor] {
    const axes = this.reductionAxes.length > 0 ? this.reductionAxes : x.shape.map((_, i) => i).filter((i) => i !== this.channelAxis(x.ndim));
    if (mask === null) return [meanOp(x, axes), varOp(x, axes)];
    const mb = broadcastTo(cast(expandDims(mask, -1), "bool"), x.shape);
    const weights = add(sum(cast(mb, x.dtype), axes, true), FUZZ);
    const mean = divide(sum(where(mb, x, 0), axes, true), weights);
    const variance = divide(sum(square(where(mb, subtract(x, mean), 0)), axes, true), weights);
    const flat = [x.shape[this.channelAxis(x.ndim)]!];
    return [reshape(mean, flat), reshape(variance, flat)];
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.channelAxis(inputShape.length);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      /** The channel axis (default -1). */
      axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      ...betaGammaConfig(this.params, {
        /** Initializer of `moving_mean` (default `"zeros"`). */
        movingMeanInitializer: initializerConfig(this.movingMeanInitializer),
        /** Initializer of `moving_variance` (default `"ones"`). */
        movingVarianceInitializer: initializerConfig(this.movingVarianceInitializer),
      }),
      synchronized: false, renorm: false, renormClipping: null, renormMomentum: this.renormMomentum,
    };
  }
}
registerLayer(BatchNormalization, ["BatchNormalization"]);

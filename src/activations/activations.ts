// keras.activations: the activation functions Keras 3 ships
// (keras/src/activations/activations.py), as plain functions of a tensor.
// Extra arguments come in an options object (Keras's keywords).
import type { Tensor } from "../tensor.js";
import type { TensorLike } from "../ops/convert.js";
import { toTensor } from "../ops/core.js";
import { exp as expOp, tanh as tanhOp } from "../ops/math.js";
import { concatenate } from "../ops/shape_ops.js";
import { negative } from "../ops/math.js";
import { logSoftmax as logSoftmaxOp, relu as reluOp, sigmoid as sigmoidOp, softmax as softmaxOp, softplus as softplusOp } from "../ops/nn.js";
import * as A from "../ops/activation_ops.js";

/** An activation: a tensor in, a tensor of the same shape out. */
export type ActivationFn = (x: TensorLike) => Tensor;

/**
 * Rectified linear unit, `max(x, 0)` by default; with `negativeSlope`,
 * `maxValue` and `threshold` as Keras's `relu`.
 *
 * @example
 * keras.activations.relu([-10, -5, 0, 5, 10], { maxValue: 5 }).toArray(); // [0, 0, 0, 5, 5]
 */
export function relu(x: TensorLike, options: { negativeSlope?: number; maxValue?: number | null; threshold?: number } = {}): Tensor {
  return A.reluWith(x, options.negativeSlope ?? 0, options.maxValue ?? null, options.threshold ?? 0);
}

/**
 * Leaky relu: `x` for x > 0, else `negativeSlope * x` (default 0.2).
 *
 * @example
 * keras.activations.leakyRelu([-10, 5]).toArray(); // [-2, 5]
 */
export function leakyRelu(x: TensorLike, options: { negativeSlope?: number } = {}): Tensor {
  return A.leakyRelu(x, options.negativeSlope ?? 0.2);
}

/** `min(max(x, 0), 6)`. @example keras.activations.relu6([-1, 8]).toArray(); // [0, 6] */
export function relu6(x: TensorLike): Tensor {
  return A.relu6(x);
}

/**
 * Softmax along `axis` (default -1).
 *
 * @example
 * keras.activations.softmax([[0, 0]]).toArray(); // [[0.5, 0.5]]
 */
export function softmax(x: TensorLike, options: { axis?: number } | number = {}): Tensor {
  return softmaxOp(x, typeof options === "number" ? options : options.axis ?? -1);
}

/** Exponential linear unit (`alpha` defaults to 1). @example keras.activations.elu([2]).toArray(); // [2] */
export function elu(x: TensorLike, options: { alpha?: number } = {}): Tensor {
  return A.elu(x, options.alpha ?? 1.0);
}

/** Scaled exponential linear unit. @example keras.activations.selu([0]).toArray(); // [0] */
export function selu(x: TensorLike): Tensor {
  return A.selu(x);
}

/** `log(exp(x) + 1)`. @example keras.activations.softplus([0]).toArray(); // [0.6931472] */
export function softplus(x: TensorLike): Tensor {
  return softplusOp(x);
}

/** `x / (|x| + 1)`. @example keras.activations.softsign([1]).toArray(); // [0.5] */
export function softsign(x: TensorLike): Tensor {
  return A.softsign(x);
}

/** Swish / SiLU, `x * sigmoid(x)`. @example keras.activations.silu([0]).toArray(); // [0] */
export function silu(x: TensorLike): Tensor {
  return A.silu(x);
}

/**
 * Gaussian error linear unit; exact (erf) by default, as
 * `keras.activations.gelu`; `approximate: true` uses the tanh form.
 *
 * @example
 * keras.activations.gelu([-1, 0, 1]).toArray(); // [-0.158655, 0, 0.841345]
 */
export function gelu(x: TensorLike, options: { approximate?: boolean } = {}): Tensor {
  return A.gelu(x, options.approximate ?? false);
}

/** Hyperbolic tangent. @example keras.activations.tanh([0]).toArray(); // [0] */
export function tanh(x: TensorLike): Tensor {
  return tanhOp(x);
}

/** `1 / (1 + exp(-x))`. @example keras.activations.sigmoid([0]).toArray(); // [0.5] */
export function sigmoid(x: TensorLike): Tensor {
  return sigmoidOp(x);
}

/** `exp(x)`. @example keras.activations.exponential([0]).toArray(); // [1] */
export function exponential(x: TensorLike): Tensor {
  return expOp(x);
}

/** `relu6(x + 3) / 6`. @example keras.activations.hardSigmoid([0]).toArray(); // [0.5] */
export function hardSigmoid(x: TensorLike): Tensor {
  return A.hardSigmoid(x);
}

/** Hard swish, `x * hardSigmoid(x)`. @example keras.activations.hardSilu([3]).toArray(); // [3] */
export function hardSilu(x: TensorLike): Tensor {
  return A.hardSilu(x);
}

/** The identity. @example keras.activations.linear([1, 2]).toArray(); // [1, 2] */
export function linear(x: TensorLike): Tensor {
  return toTensor(x, "activations.linear", "x");
}

/** `x * tanh(softplus(x))`. @example keras.activations.mish([0]).toArray(); // [0] */
export function mish(x: TensorLike): Tensor {
  return A.mish(x);
}

/** Log-softmax along `axis` (default -1). @example keras.activations.logSoftmax([0, 0]).toArray(); // [-0.6931472, -0.6931472] */
export function logSoftmax(x: TensorLike, options: { axis?: number } | number = {}): Tensor {
  return logSoftmaxOp(x, typeof options === "number" ? options : options.axis ?? -1);
}

/**
 * Concatenated relu: `[relu(x), relu(-x)]` along `axis` (default -1).
 *
 * @example
 * keras.activations.crelu([[1, -2]]).toArray(); // [[1, 0, 0, 2]]
 */
export function crelu(x: TensorLike, options: { axis?: number } | number = {}): Tensor {
  const t = toTensor(x, "activations.crelu", "x");
  return concatenate([reluOp(t), reluOp(negative(t))], typeof options === "number" ? options : options.axis ?? -1);
}

/** Alias of `silu`. */
export const swish = silu;
/** Alias of `hardSilu`. */
export const hardSwish = hardSilu;

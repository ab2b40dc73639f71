// keras.ops activations composed from existing kernels (Keras's numpy
// backend formulas): relu6, leakyRelu, elu, selu, gelu, silu, softsign,
// hardSigmoid, hardSilu, mish.
import { operation } from "../autodiff/registry.js";
import { isFloat } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { KerasTypeError, describe } from "../errors.js";
import type { Tensor } from "../tensor.js";
import type { TensorLike } from "./convert.js";
import { cast, toTensor } from "./core.js";
import { add, divide, greater, multiply, subtract } from "./elementwise.js";
import { abs, clip, erf, expm1, tanh, where } from "./math.js";
import { relu, sigmoid, softplus } from "./nn.js";

/** The input as a float tensor (ints and bools become floatx, as float ops in Keras). */
function floatInput(x: TensorLike, op: string): Tensor {
  const t = toTensor(x, `ops.${op}`, "x");
  return isFloat(t.dtype) ? t : cast(t, floatx());
}

function numberArg(v: unknown, op: string, arg: string): number {
  if (typeof v !== "number" || Number.isNaN(v)) throw new KerasTypeError(`ops.${op}: argument '${arg}' must be a number; received ${describe(v)}`);
  return v;
}

/**
 * `min(max(x, 0), 6)`, elementwise.
 *
 * @example
 * ops.relu6([-1, 3, 9]).toArray(); // [0, 3, 6]
 * @function
 */
export const relu6 = operation("relu6", function relu6(x: TensorLike): Tensor {
  return clip(relu(x), 0, 6);
});

/**
 * `max(x, negativeSlope * x)` (default slope 0.2).
 *
 * @example
 * ops.leakyRelu([-10, 5]).toArray(); // [-2, 5]
 * @function
 */
export const leakyRelu = operation("leakyRelu", function leakyRelu(x: TensorLike, negativeSlope = 0.2): Tensor {
  const t = floatInput(x, "leakyRelu");
  const a = numberArg(negativeSlope, "leakyRelu", "negative_slope");
  return where(greater(t, 0), t, multiply(t, a));
});

/** `x` for x > 0, else `alpha * expm1(x)`. */
function eluOf(t: Tensor, alpha: number): Tensor {
  return where(greater(t, 0), t, multiply(expm1(t), alpha));
}

/**
 * Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.
 *
 * @example
 * ops.elu([1, 0]).toArray(); // [1, 0]
 * @function
 */
export const elu = operation("elu", function elu(x: TensorLike, alpha = 1.0): Tensor {
  return eluOf(floatInput(x, "elu"), numberArg(alpha, "elu", "alpha"));
});

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * Scaled ELU: `scale * elu(x, alpha)` with Klambauer et al.'s constants.
 *
 * @example
 * ops.selu([0]).toArray(); // [0]
 * @function
 */
export const selu = operation("selu", function selu(x: TensorLike): Tensor {
  return multiply(eluOf(floatInput(x, "selu"), SELU_ALPHA), SELU_SCALE);
});

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit. `approximate` (the default, as `keras.ops.gelu`)
 * uses `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`; otherwise the
 * exact `0.5 x (1 + erf(x / sqrt(2)))`.
 *
 * @example
 * ops.gelu([0, 10], false).toArray(); // [0, 10]
 * @function
 */
export const gelu = operation("gelu", function gelu(x: TensorLike, approximate = true): Tensor {
  const t = floatInput(x, "gelu");
  const half = multiply(t, 0.5);
  if (approximate) {
    const cube = multiply(multiply(t, t), t);
    const inner = multiply(add(t, multiply(cube, 0.044715)), SQRT_2_OVER_PI);
    return multiply(half, add(tanh(inner), 1));
  }
  return multiply(half, add(erf(divide(t, Math.SQRT2)), 1));
});

/**
 * `x * sigmoid(x)` (also called swish).
 *
 * @example
 * ops.silu([0]).toArray(); // [0]
 * @function
 */
export const silu = operation("silu", function silu(x: TensorLike): Tensor {
  const t = floatInput(x, "silu");
  return multiply(t, sigmoid(t));
});

/**
 * `x / (1 + |x|)`.
 *
 * @example
 * ops.softsign([1, -3]).toArray(); // [0.5, -0.75]
 * @function
 */
export const softsign = operation("softsign", function softsign(x: TensorLike): Tensor {
  const t = floatInput(x, "softsign");
  return divide(t, add(abs(t), 1));
});

/**
 * `relu6(x + 3) / 6`: 0 below -3, 1 above 3, linear between.
 *
 * @example
 * ops.hardSigmoid([-4, 0, 4]).toArray(); // [0, 0.5, 1]
 * @function
 */
export const hardSigmoid = operation("hardSigmoid", function hardSigmoid(x: TensorLike): Tensor {
  return divide(relu6(add(floatInput(x, "hardSigmoid"), 3)), 6);
});

/**
 * `x * hardSigmoid(x)` (also called hard swish).
 *
 * @example
 * ops.hardSilu([-4, 0, 4]).toArray(); // [-0, 0, 4]
 * @function
 */
export const hardSilu = operation("hardSilu", function hardSilu(x: TensorLike): Tensor {
  const t = floatInput(x, "hardSilu");
  return multiply(t, hardSigmoid(t));
});

/**
 * `x * tanh(softplus(x))`.
 *
 * @example
 * ops.mish([0]).toArray(); // [0]
 * @function
 */
export const mish = operation("mish", function mish(x: TensorLike): Tensor {
  const t = floatInput(x, "mish");
  return multiply(t, tanh(softplus(t)));
});

/** @internal Keras's generalized relu (`keras.activations.relu` with slope, max and threshold). */
export function reluWith(x: TensorLike, negativeSlope: number, maxValue: number | null, threshold: number): Tensor {
  const t = toTensor(x, "activations.relu", "x");
  if (negativeSlope === 0 && maxValue === null && threshold === 0) return relu(t);
  if (negativeSlope !== 0 && maxValue === null && threshold === 0) return leakyRelu(t, negativeSlope);
  // Keras's ReLU.static_call: the positive part (thresholded, clipped), minus slope * relu(threshold - x).
  let y = threshold !== 0 ? multiply(t, cast(greater(t, threshold), t.dtype)) : relu(t);
  if (maxValue !== null) y = clip(y, 0, maxValue);
  if (negativeSlope !== 0) y = subtract(y, multiply(relu(subtract(threshold, t)), negativeSlope));
  return y;
}


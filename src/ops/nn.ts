// Activations: keras.ops.relu, sigmoid, softplus, softmax, log_softmax;
// and the fused sparse softmax cross-entropy that the loss uses.
import { NotImplementedError, ValueError, describe } from "../errors.js";
import { isFloat } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { normalizeAxes } from "../shape.js";
import { Tensor } from "../tensor.js";
import { output } from "../backend/exec.js";
import type { TensorLike } from "./convert.js";
import { cast, run, toTensor } from "./core.js";
import { unaryOp } from "./math.js";
import { sum } from "./reduction.js";
import { multiply, subtract } from "./elementwise.js";
import { exp } from "./math.js";
import { activeRecorder, differentiable } from "../autodiff/registry.js";

/**
 * `max(x, 0)`, elementwise (NaN stays NaN); int32 stays int32.
 *
 * @example
 * ops.relu([-1, 0.5]).toArray(); // [0, 0.5]
 */
export const relu = unaryOp("relu");

/**
 * `1 / (1 + exp(-x))`, without overflow for large |x|; ints give float32.
 *
 * @example
 * ops.sigmoid([0]).toArray(); // [0.5]
 */
export const sigmoid = unaryOp("sigmoid");

/**
 * `log(1 + exp(x))`, computed as `max(x, 0) + log1p(exp(-|x|))`.
 *
 * @example
 * ops.softplus([0]).toArray(); // [0.6931472]
 */
export const softplus = unaryOp("softplus");

/**
 * The [outer, R, inner] view of `shape` for a reduction over `axis` (an
 * int, or a list of adjacent axes that are merged into one).
 */
function layout(shape: readonly number[], axis: unknown, where: string): [number, number, number] {
  if (shape.length === 0) {
    throw new ValueError(`${where}: argument 'x' must have at least one dimension; received a scalar (shape ())`);
  }
  if (axis === null || axis === undefined) {
    throw new ValueError(`${where}: argument 'axis' must be an integer or a list of integers; received ${describe(axis)}`);
  }
  const axes = normalizeAxes(axis, shape.length, where);
  if (axes.length === 0) {
    throw new ValueError(`${where}: argument 'axis' must name at least one axis; received ${describe(axis)}`);
  }
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  if (last - first + 1 !== axes.length) {
    throw new NotImplementedError(
      `${where}: argument 'axis' must name adjacent axes; received ${describe(axis)}. ` +
        `Transpose the axes next to each other first`,
    );
  }
  const prod = (a: number, b: number): number => a * b;
  return [shape.slice(0, first).reduce(prod, 1), shape.slice(first, last + 1).reduce(prod, 1), shape.slice(last + 1).reduce(prod, 1)];
}

function softmaxLike(kernel: string, opName: string, x: TensorLike, axis: number | number[]): Tensor {
  const where = `ops.${opName}`;
  const t = toTensor(x, where, "x");
  const [outer, r, inner] = layout(t.shape, axis, where);
  const dt = isFloat(t.dtype) ? t.dtype : floatx(); // float16 stays float16, as in Keras
  const src = cast(t, dt);
  return run(kernel, dt, [src.storage, outer, r, inner], t.shape.slice(), dt, where);
}

/**
 * `keras.ops.softmax`: `exp(x - max) / sum(exp(x - max))` along `axis`
 * (default -1; a list of adjacent axes is treated as one). A slice
 * holding NaN or +Inf, or only -Inf, gives NaN, as in NumPy. Ints give
 * float32.
 *
 * @example
 * ops.softmax([[1, 1], [0, Math.log(3)]]).toArray(); // [[0.5, 0.5], [0.25, 0.75]]
 */
// d softmax: y (dy - sum(dy y)).
const softmaxWithGradient = differentiable("softmax", softmax, (dy, _x, y, [, axis]) => [multiply(y, subtract(dy, sum(multiply(dy, y), (axis ?? -1) as number | number[], true)))]);
export { softmaxWithGradient as softmax };

function softmax(x: TensorLike, axis: number | number[] = -1): Tensor {
  return softmaxLike("softmax", "softmax", x, axis);
}

/**
 * `keras.ops.log_softmax`: `(x - max) - log(sum(exp(x - max)))` along
 * `axis` (default -1).
 *
 * @example
 * ops.logSoftmax([0, 0]).toArray(); // [-0.6931472, -0.6931472]
 */
// d logSoftmax: dy - softmax sum(dy).
const logSoftmaxWithGradient = differentiable("logSoftmax", logSoftmax, (dy, _x, y, [, axis]) => [subtract(dy, multiply(exp(y), sum(dy, (axis ?? -1) as number | number[], true)))]);
export { logSoftmaxWithGradient as logSoftmax };

function logSoftmax(x: TensorLike, axis: number | number[] = -1): Tensor {
  return softmaxLike("log_softmax", "logSoftmax", x, axis);
}

// The gradient the forward kernel wrote beside each loss, for its rule.
const LOGIT_GRADS = new WeakMap<Tensor, Tensor>();

/**
 * Sparse softmax cross-entropy from logits, per sample: `-log_softmax(logits)[label]`
 * for int32 `labels` of shape `logits.shape[:-1]` (the caller checks them
 * to lie in [0, classes)) and float32 / float64 `logits`. While a tape
 * records, the same kernel pass also writes the gradient with respect to
 * the logits (`softmax - one_hot`), which the rule scales by dy.
 * @internal
 */
// (The op runs while the tape records, so its gradient is always there.)
export const sparseSoftmaxCrossEntropy = differentiable("sparseSoftmaxCrossEntropy", sparseCe, (dy, _x, out) => [
  multiply(LOGIT_GRADS.get(out)!, new Tensor(dy.storage, [...dy.shape, 1], dy.dtype)),
], [1]);

const CE = "sparseCategoricalCrossentropy";

function sparseCe(labels: Tensor, x: TensorLike): Tensor {
  const logits = toTensor(x, CE, "yPred");
  const dt = logits.dtype;
  const classes = logits.shape[logits.ndim - 1]!;
  const grad = activeRecorder() === null ? null : output(dt, logits.size, CE, logits.shape);
  const loss = run("sparse_softmax_ce", dt, [logits.storage, labels.storage, grad ?? 0, labels.size, classes], logits.shape.slice(0, -1), dt, CE);
  if (grad !== null) LOGIT_GRADS.set(loss, new Tensor(grad, logits.shape.slice(), dt));
  return loss;
}

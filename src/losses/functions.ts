// The loss functions (Keras 3's losses/losses.py function forms): each
// maps (yTrue, yPred) to per-sample losses, composed from keras.ops so
// gradients flow through them. Probabilities are clipped to
// [eps, 1 - eps] with both bounds in float32, as Keras does (so binary
// cross-entropy at p = 1 costs -log(2^-23) = 15.94, not -log(1e-7) = 16.12);
// logits go through softplus / log-softmax, finite for any finite logit.
import { isFloat, type DType } from "../dtypes.js";
import { floatx } from "../config/floatx.js";
import { EPSILON } from "../constraints/constraints.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { cast } from "../ops/core.js";
import { add, divide, lessEqual, maximum, multiply, notEqual, subtract } from "../ops/elementwise.js";
import { abs, clip, log, negative, sqrt, square, where as select } from "../ops/math.js";
import { logSoftmax, softplus, sparseSoftmaxCrossEntropy } from "../ops/nn.js";
import { mean, sum } from "../ops/reduction.js";
import { expandDims, oneHot, reshape, squeeze } from "../ops/shape_ops.js";
import { setKerasMask } from "../layers/masking.js";
import { normalizeAxis } from "../shape.js";
import { checkBroadcast, lossInput, squeezeOrExpandToSameRank } from "./loss.js";

const LOG2 = Math.fround(Math.log(2));

/** yPred as a float tensor, yTrue cast to its dtype, ranks aligned, shapes checked to broadcast. */
function pair(yTrue: TensorLike, yPred: TensorLike, where: string, align = true): [Tensor, Tensor] {
  let p = lossInput(yPred, where, "yPred");
  if (!isFloat(p.dtype)) p = cast(p, floatx());
  let t = lossInput(yTrue, where, "yTrue", p.dtype);
  if (align) [t, p] = squeezeOrExpandToSameRank(t, p);
  checkBroadcast(p.shape, t.shape, where, "yTrue", "yPred");
  return [t, p];
}

/** Keras's backend cross-entropies require equal shapes (their error message). */
function sameShape(t: Tensor, p: Tensor, where: string): void {
  if (t.ndim !== p.ndim || t.shape.some((d, i) => d !== p.shape[i])) {
    throw new ValueError(
      `${where}: Arguments \`target\` and \`output\` must have the same shape. ` +
        `Received: target.shape=${formatShape(t.shape)}, output.shape=${formatShape(p.shape)}`,
    );
  }
}

function axisArg(axis: unknown, ndim: number, where: string): number {
  if (typeof axis === "boolean" || typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new ValueError(`${where}: \`axis\` must be of type \`int\`. Received: axis=${describe(axis)}`);
  }
  return normalizeAxis(axis, Math.max(ndim, 1), where);
}

function probability(x: unknown, where: string, arg: string): number {
  if (typeof x !== "number" || !(x >= 0 && x <= 1)) {
    throw new ValueError(`${where}: argument '${arg}' must be a number in [0, 1]; received ${describe(x)}`);
  }
  return x;
}

const clipProb = (p: Tensor): Tensor => clip(p, EPSILON, 1 - EPSILON);

/**
 * Mean squared error per sample: `mean(square(yTrue - yPred), -1)`.
 *
 * @example
 * keras.losses.meanSquaredError([[0, 1]], [[1, 1]]).toArray(); // [0.5]
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "meanSquaredError");
  return mean(square(subtract(t, p)), -1);
}

/**
 * Mean absolute error per sample: `mean(abs(yTrue - yPred), -1)`.
 *
 * @example
 * keras.losses.meanAbsoluteError([[0, 2]], [[1, 1]]).toArray(); // [1]
 */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "meanAbsoluteError");
  return mean(abs(subtract(t, p)), -1);
}

/**
 * Mean absolute percentage error per sample:
 * `100 * mean(abs((yTrue - yPred) / max(abs(yTrue), eps)), -1)`.
 *
 * @example
 * keras.losses.meanAbsolutePercentageError([[2, 4]], [[1, 4]]).toArray(); // [25]
 */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "meanAbsolutePercentageError");
  const diff = abs(divide(subtract(t, p), maximum(abs(t), EPSILON)));
  return multiply(100, mean(diff, -1));
}

/** Options of the Huber loss. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear in the error (default 1). */
  delta?: number;
}

/**
 * Huber loss per sample: `0.5 x^2` where `|x| <= delta`, else
 * `delta |x| - 0.5 delta^2`, averaged over the last axis (`x = yPred - yTrue`).
 *
 * @example
 * keras.losses.huber([[0, 0]], [[0.5, 3]]).toArray(); // [1.3125]
 */
export function huber(yTrue: TensorLike, yPred: TensorLike, options: HuberOptions = {}): Tensor {
  const [t, p] = pair(yTrue, yPred, "huber");
  const delta = options.delta ?? 1.0;
  if (typeof delta !== "number") throw new KerasTypeError(`huber: argument 'delta' must be a number; received ${describe(delta)}`);
  const error = subtract(p, t);
  const absError = abs(error);
  const d = Math.fround(delta);
  const quadratic = multiply(0.5, square(error));
  const linear = subtract(multiply(d, absError), Math.fround(0.5 * Math.fround(d * d)));
  return mean(select(lessEqual(absError, d), quadratic, linear), -1);
}

/**
 * Log-cosh per sample: `mean(x + softplus(-2x) - log(2), -1)` with
 * `x = yPred - yTrue` (finite for any finite error).
 *
 * @example
 * keras.losses.logCosh([[0]], [[0]]).toArray(); // [0]
 */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "logCosh");
  const x = subtract(p, t);
  return mean(subtract(add(x, softplus(multiply(x, -2))), LOG2), -1);
}

/**
 * Kullback-Leibler divergence per sample: `sum(t * log(t / p), -1)` with
 * both clipped to `[eps, 1]`.
 *
 * @example
 * keras.losses.klDivergence([[0.5, 0.5]], [[0.5, 0.5]]).toArray(); // [0]
 */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = pair(yTrue, yPred, "klDivergence", false);
  const t = clip(t0, EPSILON, 1);
  const p = clip(p0, EPSILON, 1);
  return sum(multiply(t, log(divide(t, p))), -1);
}

/** The values of a (label) tensor as numbers (half floats widened first). */
const valuesOf = (t: Tensor): ArrayLike<number> => (t.dtype === "float16" || t.dtype === "bfloat16" ? cast(t, "float32") : t).data as ArrayLike<number>;

/** Keras's `convert_binary_labels_to_hinge`: 0/1 labels become -1/1, only when every label is 0 or 1. */
function hingeLabels(t: Tensor): Tensor {
  const d = valuesOf(t);
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && d[i] !== 1) return t;
  return subtract(multiply(2, t), 1);
}

/**
 * Hinge loss per sample: `mean(max(1 - yTrue * yPred, 0), -1)`; labels
 * that are all 0 or 1 are first mapped to -1 / 1.
 *
 * @example
 * keras.losses.hinge([[1, 0]], [[0.5, -2]]).toArray(); // [0.25]
 */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "hinge", false);
  return mean(maximum(subtract(1, multiply(hingeLabels(t), p)), 0), -1);
}

/**
 * Squared hinge loss per sample: `mean(square(max(1 - yTrue * yPred, 0)), -1)`.
 *
 * @example
 * keras.losses.squaredHinge([[1, 0]], [[0.5, -2]]).toArray(); // [0.125]
 */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = pair(yTrue, yPred, "squaredHinge", false);
  return mean(square(maximum(subtract(1, multiply(hingeLabels(t), p)), 0)), -1);
}

/** `x * rsqrt(max(sum(x^2, axis), eps^2))`: zero vectors stay zero. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  const s = sum(square(x), axis, true);
  return multiply(x, divide(1, sqrt(maximum(s, EPSILON * EPSILON))));
}

/** Options of the cosine similarity loss. */
export interface CosineSimilarityOptions {
  /** The feature axis along which the similarity is computed (default -1). */
  axis?: number;
}

/**
 * Negative cosine similarity along `axis` (default -1): -1 for parallel
 * vectors, 0 when either is all zeros.
 *
 * @example
 * keras.losses.cosineSimilarity([[0, 1]], [[0, 3]]).toArray(); // [-1]
 */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, options: CosineSimilarityOptions = {}): Tensor {
  const where = "cosineSimilarity";
  const [t, p] = pair(yTrue, yPred, where);
  const ax = axisArg(options.axis ?? -1, p.ndim, where);
  return negative(sum(multiply(l2Normalize(t, ax), l2Normalize(p, ax)), ax));
}

/** Options of the cross-entropies. */
export interface CrossentropyOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Smooths the labels toward uniform (default 0). */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

/**
 * Binary cross-entropy per sample, averaged over `axis`. Logits use
 * `t * softplus(-x) + (1 - t) * softplus(x)`; probabilities are clipped
 * to `[eps, 1 - eps]`.
 *
 * @example
 * keras.losses.binaryCrossentropy([[1, 0]], [[0, 0]], { fromLogits: true }).toArray(); // [0.6931472]
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: CrossentropyOptions = {}): Tensor {
  const where = "binaryCrossentropy";
  const [t0, p] = pair(yTrue, yPred, where, false);
  const ls = probability(options.labelSmoothing ?? 0, where, "labelSmoothing");
  const t = ls ? add(multiply(t0, 1 - ls), 0.5 * ls) : t0;
  sameShape(t, p, where);
  const ax = axisArg(options.axis ?? -1, p.ndim, where);
  let bce: Tensor;
  if (options.fromLogits) {
    bce = add(multiply(t, softplus(negative(p))), multiply(subtract(1, t), softplus(p)));
  } else {
    const q = clipProb(p);
    bce = negative(add(multiply(t, log(q)), multiply(subtract(1, t), log(subtract(1, q)))));
  }
  return p.ndim === 0 ? bce : mean(bce, ax);
}

/** `log(softmax)` of logits, or the log of rescaled, clipped probabilities. */
function logProbabilities(p: Tensor, ax: number, fromLogits: boolean | undefined): Tensor {
  if (fromLogits) return logSoftmax(p, ax);
  return log(clipProb(divide(p, sum(p, ax, true))));
}

/**
 * Categorical cross-entropy per sample: `-sum(yTrue * log(p), axis)`, with
 * `p = softmax(yPred)` for logits, else `yPred` rescaled to sum to 1 and
 * clipped. Label smoothing mixes in `labelSmoothing / numClasses`.
 *
 * @example
 * keras.losses.categoricalCrossentropy([[0, 1]], [[0.5, 0.5]]).toArray(); // [0.6931472]
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: CrossentropyOptions = {}): Tensor {
  const where = "categoricalCrossentropy";
  const [t0, p] = pair(yTrue, yPred, where, false);
  sameShape(t0, p, where);
  if (p.ndim < 1) {
    throw new ValueError(
      `${where}: Arguments \`target\` and \`output\` must be at least rank 1. Received: target.shape=${formatShape(t0.shape)}, output.shape=${formatShape(p.shape)}`,
    );
  }
  const ax = axisArg(options.axis ?? -1, p.ndim, where);
  const ls = probability(options.labelSmoothing ?? 0, where, "labelSmoothing");
  const t = ls ? add(multiply(t0, 1 - ls), ls / p.shape[ax]!) : t0;
  return negative(sum(multiply(t, logProbabilities(p, ax, options.fromLogits)), ax));
}

/** Options of sparse categorical cross-entropy. */
export interface SparseCrossentropyOptions {
  /** `yPred` holds logits rather than a probability distribution (default false). */
  fromLogits?: boolean;
  /** A class id whose entries are left out of the loss (masked), e.g. a "void" class in segmentation. */
  ignoreClass?: number | null;
  /** The class axis of `yPred` (default -1). */
  axis?: number;
}

/**
 * Sparse categorical cross-entropy per sample: integer class ids against
 * probabilities or logits along `axis`. Ids outside `[0, numClasses)`
 * are an error (Keras's torch backend raises; jax and numpy silently give
 * 0); entries equal to `ignoreClass` give 0 and are masked out of the mean.
 *
 * @example
 * keras.losses.sparseCategoricalCrossentropy([1], [[0.5, 0.5]]).toArray(); // [0.6931472]
 */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: SparseCrossentropyOptions = {}): Tensor {
  const where = "sparseCategoricalCrossentropy";
  let p = lossInput(yPred, where, "yPred");
  if (!isFloat(p.dtype)) p = cast(p, floatx());
  let t = lossInput(yTrue, where, "yTrue");
  if (t.dtype === "bool") throw new KerasTypeError(`${where}: argument 'yTrue' must hold integer class ids; received a bool tensor`);
  if (p.ndim < 1) throw new ValueError(`${where}: Argument \`output\` must be at least rank 1. Received: output.shape=${formatShape(p.shape)}`);
  const ax = axisArg(options.axis ?? -1, p.ndim, where);
  if (t.ndim === p.ndim && t.shape[ax] === 1) t = squeeze(t, ax);
  const resShape = p.shape.filter((_, i) => i !== ax);
  if (t.ndim !== resShape.length || t.shape.some((d, i) => d !== resShape[i])) {
    throw new ValueError(
      `${where}: Arguments \`target\` and \`output\` must have the same shape up until the last dimension: ` +
        `target.shape=${formatShape(t.shape)}, output.shape=${formatShape(p.shape)}`,
    );
  }
  const ignore = options.ignoreClass ?? null;
  let valid: Tensor | null = null;
  if (ignore !== null) {
    valid = notEqual(t, ignore);
    t = select(valid, t, 0);
    p = select(expandDims(valid, ax), p, 0);
  }
  const numClasses = p.shape[ax]!;
  const ids = checkClassIds(t, numClasses, where);
  // From logits on the last axis: one kernel for the loss and its gradient.
  if (options.fromLogits && valid === null && ax === p.ndim - 1 && (p.dtype === "float32" || p.dtype === "float64")) {
    return sparseSoftmaxCrossEntropy(ids, p);
  }
  const target = oneHot(ids, numClasses, ax === p.ndim - 1 ? -1 : ax, p.dtype);
  let res = negative(sum(multiply(target, logProbabilities(p, ax, options.fromLogits)), ax));
  if (valid !== null) {
    const m = reshape(valid, resShape);
    res = select(m, res, 0);
    setKerasMask(res, m);
  }
  return res;
}

/** Integer class ids in `[0, numClasses)` as int32, or an error naming the first bad one. */
function checkClassIds(t: Tensor, numClasses: number, where: string): Tensor {
  const d = valuesOf(t);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      throw new ValueError(
        `${where}: argument 'yTrue' must hold class ids in [0, ${numClasses}) (the size of yPred's class axis); received ${v}` +
          (Number.isInteger(v) ? "" : " (not an integer)"),
      );
    }
  }
  return cast(t, "int32" as DType);
}

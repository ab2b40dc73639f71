// Confusion-matrix accumulation at thresholds (Keras 3's
// metrics/metrics_utils.py `update_confusion_matrix_variables`).
import { EPSILON } from "../constraints/constraints.js";
import { ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { add, equal, greater, multiply, notEqual } from "../ops/elementwise.js";
import { clip, where } from "../ops/math.js";
import { sum } from "../ops/reduction.js";
import { broadcastTo, expandDims, reshape, slice } from "../ops/shape_ops.js";
import { squeezeOrExpandToSameRank } from "../losses/loss.js";
import type { Variable } from "../variables.js";

/** Keras's `assert_thresholds_range` and `parse_init_thresholds`. */
export function parseThresholds(thresholds: unknown, defaultThreshold: number, where: string): number[] {
  if (thresholds === null || thresholds === undefined) return [defaultThreshold];
  const list = Array.isArray(thresholds) ? thresholds : [thresholds];
  const bad = list.filter((t) => typeof t !== "number" || !(t >= 0 && t <= 1));
  if (bad.length > 0) throw new ValueError(`${where}: Threshold values must be in [0, 1]. Received: [${bad.map(describe).join(", ")}]`);
  return list as number[];
}

/** Keras's `is_evenly_distributed_thresholds`: at least 3, each within eps of i / (n - 1). */
export function isEvenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  // np.allclose(t, even, atol=eps) with its default rtol 1e-5.
  return thresholds.every((t, i) => {
    const e = Math.fround(i) / Math.fround(n - 1);
    return Math.abs(t - Math.fround(e)) <= EPSILON + 1e-5 * Math.abs(Math.fround(e));
  });
}

/** The variables to update (Keras's ConfusionMatrix keys). */
export interface ConfusionVariables {
  tp?: Variable;
  fp?: Variable;
  tn?: Variable;
  fn?: Variable;
}

export interface ConfusionOptions {
  thresholds: readonly number[];
  /** Keras's optimized path for evenly spaced thresholds: buckets `ceil(p * (T - 1)) - 1`. */
  evenly?: boolean;
  classId?: number | null;
  sampleWeight?: TensorLike | null;
  multiLabel?: boolean;
  labelWeights?: Tensor | null;
  where: string;
}

const FALSE = tensor(false);

// Bounds the [thresholds, predictions] comparison each step materializes.
const CHUNK_ELEMENTS = 1 << 20;

/**
 * Adds the weighted counts of (label, prediction > threshold) pairs at
 * every threshold to the given variables. Predictions at exactly a
 * threshold count as negative. With `evenly`, a prediction is positive at
 * threshold i when `clip(p, 0, 1) * (T - 1) > i` (Keras's bucket index,
 * the first threshold always counting when the thresholds carry Keras's
 * -eps / 1 + eps endpoints), which is what Keras's segment-sum path computes.
 */
export function updateConfusionMatrixVariables(vars: ConfusionVariables, yTrue: TensorLike, yPred: TensorLike, o: ConfusionOptions): void {
  const w = o.where;
  let t = cast(toTensor(yTrue, w, "yTrue"), "float32");
  let p = cast(toTensor(yPred, w, "yPred"), "float32");
  [p, t] = squeezeOrExpandToSameRank(p, t);
  if (t.ndim !== p.ndim || t.shape.some((d, i) => d !== p.shape[i])) {
    throw new ValueError(`${w}: arguments 'yTrue' (shape ${formatShape(t.shape)}) and 'yPred' (shape ${formatShape(p.shape)}) must have the same shape`);
  }
  let sw: Tensor | null = null;
  if (o.sampleWeight !== null && o.sampleWeight !== undefined) {
    sw = expandDims(cast(toTensor(o.sampleWeight, w, "sampleWeight"), "float32"), -1);
    [, sw] = squeezeOrExpandToSameRank(t, sw, false);
  }
  if (o.classId !== null && o.classId !== undefined) {
    if (p.ndim === 1) {
      throw new ValueError(
        `${w}: When class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes), found shape: ${formatShape(p.shape)}`,
      );
    }
    const c = p.shape[p.ndim - 1]!;
    if (!Number.isInteger(o.classId) || o.classId < 0 || o.classId >= c) {
      throw new ValueError(`${w}: argument 'classId' must be in [0, ${c}) (the size of yPred's last axis); received ${o.classId}`);
    }
    const start = p.shape.map((_, i) => (i === p.ndim - 1 ? o.classId! : 0));
    const size = p.shape.map((d, i) => (i === p.ndim - 1 ? 1 : d));
    t = slice(t, start, size);
    p = slice(p, start, size);
  }
  let weights: Tensor | null = null;
  if (sw !== null) weights = broadcastWeights(sw, p.shape, w);
  if (o.labelWeights && !o.multiLabel) {
    const lw = broadcastWeights(expandDims(o.labelWeights, 0), p.shape, w);
    weights = weights === null ? lw : multiply(weights, lw);
  }

  const T = o.thresholds.length;
  let thr: Tensor;
  let q = p;
  if (o.evenly) {
    // Positive at threshold i when the bucket ceil(p (T - 1)) - 1 reaches i.
    q = multiply(clip(p, 0, 1), T - 1);
    const withEps = o.thresholds[0]! < 0 || o.thresholds[T - 1]! > 1;
    thr = tensor(Float32Array.from({ length: T }, (_, i) => (i === 0 && withEps ? -Infinity : i)));
  } else thr = tensor(Float32Array.from(o.thresholds));

  const multi = o.multiLabel === true;
  if (multi && p.ndim !== 2) throw new ValueError(`${w}: \`y_pred\` must have rank 2 when \`multi_label=True\`. Found rank ${p.ndim}.`);
  const rows = multi ? p.shape[0]! : p.size;
  const cols = multi ? p.shape[1]! : 1;
  const flat = (x: Tensor): Tensor => reshape(x, [rows, cols]);
  const [q2, t2] = [flat(q), flat(cast(notEqual(t, 0), "float32"))];
  const w2 = weights === null ? null : flat(weights);
  const thr3 = reshape(thr, [T, 1, 1]);
  const step = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, T * cols)));
  const acc: Record<string, Tensor | null> = { tp: null, fp: null, tn: null, fn: null };
  for (let r = 0; r < rows; r += step) {
    const n = Math.min(step, rows - r);
    const part = (x: Tensor): Tensor => (n === rows ? x : slice(x, [r, 0], [n, cols]));
    const predPos = greater(expandDims(part(q2), 0), thr3); // [T, n, cols]
    const labelPos = equal(expandDims(part(t2), 0), 1);
    const predNeg = equal(predPos, FALSE);
    const labelNeg = equal(labelPos, FALSE);
    const wt = w2 === null ? null : expandDims(part(w2), 0);
    const count = (a: Tensor, b: Tensor): Tensor => {
      const both = multiply(a, b); // bool * bool: logical and
      return sum(wt === null ? cast(both, "float32") : where(both, wt, 0), 1);
    };
    const accumulate = (k: string, v: Tensor): void => {
      acc[k] = acc[k] === null ? v : add(acc[k] as Tensor, v);
    };
    if (vars.tp) accumulate("tp", count(labelPos, predPos));
    if (vars.fp) accumulate("fp", count(labelNeg, predPos));
    if (vars.tn) accumulate("tn", count(labelNeg, predNeg));
    if (vars.fn) accumulate("fn", count(labelPos, predNeg));
  }
  for (const k of ["tp", "fp", "tn", "fn"] as const) {
    const v = vars[k];
    if (!v) continue;
    const delta = acc[k] ?? tensor(new Float32Array(T * cols), [T, cols]);
    v.assignAdd(reshape(delta, v.shape));
  }
}

function broadcastWeights(x: Tensor, shape: number[], where: string): Tensor {
  try {
    return broadcastTo(cast(x, "float32"), shape);
  } catch {
    throw new ValueError(`${where}: argument 'sampleWeight' of shape ${formatShape(x.shape)} cannot be broadcast to yPred's shape ${formatShape(shape)}`);
  }
}

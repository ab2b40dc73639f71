// Confusion-matrix metrics (Keras 3's metrics/confusion_metrics.py):
// Precision, Recall and AUC.
import { EPSILON } from "../constraints/constraints.js";
import { NotImplementedError, ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor, type TensorLike } from "../ops/convert.js";
import { add, divide, equal, greater, maximum, minimum, multiply, subtract } from "../ops/elementwise.js";
import { log, where } from "../ops/math.js";
import { sigmoid } from "../ops/nn.js";
import { mean, sum } from "../ops/reduction.js";
import { reshape, slice } from "../ops/shape_ops.js";
import { divideNoNan } from "../losses/loss.js";
import { checkOptions } from "../initializers/initializer.js";
import type { Variable } from "../variables.js";
import { Metric, type MetricOptions } from "./metric.js";
import { isEvenlyDistributed, parseThresholds, updateConfusionMatrixVariables } from "./metrics_utils.js";
import { classNameOf } from "../saving/object_registration.js";

/** Options of Precision and Recall. */
export interface ThresholdOptions extends MetricOptions {
  /**
   * A threshold or list of thresholds in [0, 1] (default 0.5): a
   * prediction above a threshold counts as true. One result value per
   * threshold. Set it to 0 when `yPred` holds logits.
   */
  thresholds?: number | number[] | null;
  /** Not supported yet (Keras's top-k filtering); only null is accepted. */
  topK?: number | null;
  /** The class (an index in [0, numClasses) on the last axis of yPred) the binary metric is computed for. */
  classId?: number | null;
}

/** Precision and Recall: counts at thresholds, `tp / (tp + other)`. */
abstract class ThresholdMetric extends Metric {
  /** The thresholds the counts are kept at (one result value each). */
  readonly thresholds: number[];
  /** The `thresholds` option as given (what the config holds). */
  readonly initThresholds: number | number[] | null;
  /** Always null: top-k filtering is not supported yet. */
  readonly topK: number | null;
  /** The class the metric is restricted to, or null for all entries. */
  readonly classId: number | null;
  /** The true-positive count at each threshold. */
  readonly truePositives: Variable;
  readonly #evenly: boolean;

  readonly #other: "fp" | "fn";

  /** `other`: the count beside true positives, false positives (precision) or false negatives (recall). */
  constructor(options: ThresholdOptions, other: "fp" | "fn") {
    const where = classNameOf(new.target);
    checkOptions(where, options, ["name", "dtype", "thresholds", "topK", "classId"]);
    super({ name: options.name ?? null, dtype: options.dtype ?? null });
    if (options.topK !== undefined && options.topK !== null) {
      throw new NotImplementedError(`${where}: argument 'topK' is not supported yet; received ${describe(options.topK)}`);
    }
    this.initThresholds = options.thresholds ?? null;
    this.topK = null;
    this.classId = options.classId ?? null;
    this.thresholds = parseThresholds(this.initThresholds, 0.5, where);
    this.#evenly = isEvenlyDistributed(this.thresholds);
    this.truePositives = this.addVariable({ shape: [this.thresholds.length], name: "true_positives" });
    this.#other = other;
    this.addVariable({ shape: [this.thresholds.length], name: other === "fp" ? "false_positives" : "false_negatives" });
  }

  /** Accumulates the counts; `yTrue` is read as bool, `yPred` should be in [0, 1]. */
  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    updateConfusionMatrixVariables({ tp: this.truePositives, [this.#other]: this.variables[1]! }, yTrue, yPred, {
      thresholds: this.thresholds, evenly: this.#evenly, classId: this.classId, sampleWeight, where: `${classNameOf(this.constructor)}.updateState`,
    });
  }

  result(): Tensor {
    const tp = this.truePositives.value;
    const r = divideNoNan(tp, add(tp, this.variables[1]!.value));
    return this.thresholds.length === 1 ? reshape(r, []) : r;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}

/**
 * Precision `tp / (tp + fp)` of `yPred > threshold` against the labels.
 *
 * @example
 * const m = new keras.metrics.Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().item(); // 0.6666667
 */
export class Precision extends ThresholdMetric {
  /** The false-positive count at each threshold. */
  get falsePositives(): Variable {
    return this.variables[1]!;
  }
  constructor(options: ThresholdOptions = {}) {
    super(options, "fp");
  }
}

/**
 * Recall `tp / (tp + fn)` of `yPred > threshold` against the labels.
 *
 * @example
 * const m = new keras.metrics.Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().item(); // 0.6666667
 */
export class Recall extends ThresholdMetric {
  /** The false-negative count at each threshold. */
  get falseNegatives(): Variable {
    return this.variables[1]!;
  }
  constructor(options: ThresholdOptions = {}) {
    super(options, "fn");
  }
}

/** Options of AUC. */
export interface AUCOptions extends MetricOptions {
  /** Thresholds used to discretize the curve (> 1; default 200). */
  numThresholds?: number;
  /** "ROC" (default), "PR" or "PRGAIN". */
  curve?: string;
  /** "interpolation" (default), "minoring" or "majoring". */
  summationMethod?: string;
  /** Explicit thresholds in [0, 1] (numThresholds is then their count + 2). */
  thresholds?: number[] | null;
  /**
   * Compute one AUC per label (the last axis of yPred) and average them
   * (true), or flatten the labels and treat each label-prediction pair as
   * one data point (false, the default).
   */
  multiLabel?: boolean;
  /** The number of labels when `multiLabel`; unset, the counts are created at the first `updateState`. */
  numLabels?: number | null;
  /**
   * Non-negative weights, one per label: with `multiLabel` they weight the
   * per-label AUCs in the average; otherwise they weight each label's
   * predictions in the counts. Not meant for multi-class data.
   */
  labelWeights?: number[] | null;
  /** yPred holds sigmoid logits, not probabilities: a sigmoid is applied first (default false). */
  fromLogits?: boolean;
}

const CURVES: Record<string, string> = { pr: "PR", PR: "PR", roc: "ROC", ROC: "ROC", prgain: "PRGAIN", PRGAIN: "PRGAIN" };
const SUMMATIONS: Record<string, string> = {
  interpolation: "interpolation", Interpolation: "interpolation", majoring: "majoring", Majoring: "majoring",
  minoring: "minoring", Minoring: "minoring",
};

/**
 * Approximates the area under the ROC or PR curve with a Riemann sum over
 * `numThresholds` thresholds, as Keras's `AUC`.
 *
 * @example
 * const m = new keras.metrics.AUC({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * m.result().item(); // 0.75
 */
export class AUC extends Metric {
  /** The number of thresholds, the 0 and 1 endpoints included. */
  readonly numThresholds: number;
  /** The curve whose area is computed: "ROC", "PR" or "PRGAIN". */
  readonly curve: string;
  /** How each interval's height is taken: "interpolation", "minoring" or "majoring". */
  readonly summationMethod: string;
  /** Whether one AUC per label is computed and averaged (see {@link AUCOptions.multiLabel}). */
  readonly multiLabel: boolean;
  /** The number of labels when `multiLabel` was told it, else null. */
  readonly numLabels: number | null;
  /** The per-label weights as a tensor, or null. */
  readonly labelWeights: Tensor | null;
  /** Whether a sigmoid is applied to yPred before counting. */
  readonly fromLogits: boolean;
  readonly #thresholds: number[];
  readonly #initFromThresholds: boolean;
  readonly #evenly: boolean;
  #vars: { tp: Variable; fp: Variable; tn: Variable; fn: Variable } | null = null;

  constructor(options: AUCOptions = {}) {
    const w = "AUC";
    checkOptions(w, options, ["name", "dtype", "numThresholds", "curve", "summationMethod", "thresholds", "multiLabel", "numLabels", "labelWeights", "fromLogits"]);
    super({ name: options.name ?? null, dtype: options.dtype ?? null });
    const curve = CURVES[String(options.curve ?? "ROC")];
    if (curve === undefined) throw new ValueError(`Invalid AUC curve value: "${String(options.curve)}". Expected values are ["PR", "ROC", "PRGAIN"]`);
    const method = SUMMATIONS[String(options.summationMethod ?? "interpolation")];
    if (method === undefined) {
      throw new ValueError(`Invalid AUC summation method value: "${String(options.summationMethod)}". Expected values are ["interpolation", "majoring", "minoring"]`);
    }
    this.curve = curve;
    this.summationMethod = method;
    let inner: number[];
    if (options.thresholds !== null && options.thresholds !== undefined) {
      inner = parseThresholds(options.thresholds, 0.5, w).slice().sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.#evenly = isEvenlyDistributed([0, ...inner, 1]);
    } else {
      const n = options.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) throw new ValueError(`Argument \`num_thresholds\` must be an integer > 1. Received: num_thresholds=${describe(n)}`);
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => ((i + 1) * 1.0) / (n - 1));
      this.#evenly = true;
    }
    this.#initFromThresholds = options.thresholds !== null && options.thresholds !== undefined;
    this.#thresholds = [0 - EPSILON, ...inner, 1 + EPSILON];
    this.multiLabel = options.multiLabel ?? false;
    this.numLabels = options.numLabels ?? null;
    this.labelWeights = options.labelWeights ? tensor(options.labelWeights) : null;
    this.fromLogits = options.fromLogits ?? false;
    if (this.multiLabel) {
      if (this.numLabels) this.#build(this.numLabels);
    } else {
      if (this.numLabels) throw new ValueError("`num_labels` is needed only when `multi_label` is True.");
      this.#build(null);
    }
  }

  /** The thresholds, with Keras's -eps and 1 + eps endpoints. */
  get thresholds(): number[] {
    return this.#thresholds.slice();
  }

  #build(labels: number | null): void {
    const shape = labels === null ? [this.numThresholds] : [this.numThresholds, labels];
    const v = (name: string): Variable => this.addVariable({ shape, name });
    this.#vars = { tp: v("true_positives"), fp: v("false_positives"), tn: v("true_negatives"), fn: v("false_negatives") };
  }

  /** Accumulates the confusion counts at every threshold. */
  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const where = "AUC.updateState";
    if (this.#vars === null) {
      const shape = (yPred as { shape?: number[] }).shape ?? tensor(yPred).shape;
      if (shape.length !== 2) {
        throw new ValueError(`${where}: \`y_pred\` must have rank 2 when \`multi_label=True\`. Found rank ${shape.length}. Full shape received for \`y_pred\`: [${shape.join(", ")}]`);
      }
      this.#build(shape[1]!);
    }
    const p = this.fromLogits ? sigmoid(yPred) : yPred;
    updateConfusionMatrixVariables(this.#vars!, yTrue, p, {
      thresholds: this.#thresholds, evenly: this.#evenly, sampleWeight, multiLabel: this.multiLabel,
      labelWeights: this.multiLabel ? null : this.labelWeights, where,
    });
  }

  /** The first T - 1 and the last T - 1 rows along the threshold axis. */
  #pairs(x: Tensor): [Tensor, Tensor] {
    const size = [this.numThresholds - 1, ...x.shape.slice(1)];
    const zero = x.shape.map(() => 0);
    return [slice(x, zero, size), slice(x, [1, ...zero.slice(1)], size)];
  }

  #average(terms: Tensor): Tensor {
    if (!this.multiLabel) return sum(terms);
    const byLabel = sum(terms, 0);
    if (this.labelWeights === null) return mean(byLabel);
    return divideNoNan(sum(multiply(byLabel, this.labelWeights)), sum(this.labelWeights));
  }

  /** Keras's `interpolate_pr_auc` (Davis & Goadrich 2006). */
  #interpolatePrAuc(tp: Tensor, fp: Tensor, fn: Tensor): Tensor {
    const [tpA, tpB] = this.#pairs(tp);
    const p = add(tp, fp);
    const [pA, pB] = this.#pairs(p);
    const dtp = subtract(tpA, tpB);
    const dp = subtract(pA, pB);
    const slope = divideNoNan(dtp, maximum(dp, 0));
    const intercept = subtract(tpB, multiply(slope, pB));
    const both = multiply(greater(pA, 0), greater(pB, 0));
    const ratio = where(both, divideNoNan(pA, maximum(pB, 0)), 1);
    const [, fnB] = this.#pairs(fn);
    const inc = divideNoNan(multiply(slope, add(dtp, multiply(intercept, log(ratio)))), maximum(add(tpB, fnB), 0));
    return this.#average(inc);
  }

  result(): Tensor {
    if (this.#vars === null) return tensor(0);
    const [tp, fp, tn, fn] = [this.#vars.tp.value, this.#vars.fp.value, this.#vars.tn.value, this.#vars.fn.value];
    if (this.curve === "PR" && this.summationMethod === "interpolation") return this.#interpolatePrAuc(tp, fp, fn);
    const recall = divideNoNan(tp, add(tp, fn));
    let x: Tensor;
    let y: Tensor;
    if (this.curve === "ROC") {
      x = divideNoNan(fp, add(fp, tn));
      y = recall;
    } else if (this.curve === "PR") {
      x = recall;
      y = divideNoNan(tp, add(tp, fp));
    } else {
      const scale = divideNoNan(add(tp, fn), add(tn, fp));
      const noTp = equal(tp, 0);
      x = maximum(where(noTp, 0, subtract(1, multiply(scale, divideNoNan(fn, tp)))), 0);
      y = where(noTp, 1, subtract(1, multiply(scale, divideNoNan(fp, tp))));
    }
    const [yA, yB] = this.#pairs(y);
    const heights = this.summationMethod === "interpolation" ? divide(add(yA, yB), 2) : this.summationMethod === "minoring" ? minimum(yA, yB) : maximum(yA, yB);
    const [xA, xB] = this.#pairs(x);
    return this.#average(multiply(subtract(xA, xB), heights));
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      numThresholds: this.numThresholds, curve: this.curve, summationMethod: this.summationMethod, multiLabel: this.multiLabel,
      numLabels: this.numLabels, labelWeights: this.labelWeights === null ? null : this.labelWeights.toArray(), fromLogits: this.fromLogits,
    };
    if (this.#initFromThresholds) config.thresholds = this.#thresholds.slice(1, -1);
    return config;
  }
}

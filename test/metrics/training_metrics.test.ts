// Accuracy, regression and confusion metrics: expected values ported from
// keras/src/metrics/accuracy_metrics_test.py, regression_metrics_test.py and
// confusion_metrics_test.py (Keras 3.16), or derived in the comments.
import { describe, expect, test } from "vitest";
import * as metrics from "../../src/metrics/index.js";
import { tensor } from "../../src/ops/convert.js";
import { NotImplementedError } from "../../src/errors.js";
import { setKerasMask } from "../../src/layers/masking.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/index.js";
import { onBothKernels, throws, throwsValue } from "../helpers/expect.js";

const near = (got: number, want: number, tol = 1e-3): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
const nearAll = (got: number[], want: number[], tol = 1e-3): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => near(g, want[i]!, tol));
};
const res = (m: metrics.Metric): number => m.result().item();
const resAll = (m: metrics.Metric): number[] => m.result().toArray() as number[];

onBothKernels("metrics", () => {
  describe("accuracy metrics (accuracy_metrics_test.py)", () => {
    test("Accuracy: unweighted, weighted, nd and broadcast weights", () => {
      const m = new metrics.Accuracy();
      m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
      near(res(m), 0.75);
      m.resetState();
      m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]);
      near(res(m), 0.5);
      const m2 = new metrics.Accuracy();
      m2.updateState([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0], [0, 1]]);
      near(res(m2), 0.5);
      const m3 = new metrics.Accuracy();
      m3.updateState([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0]]);
      near(res(m3), 0.5);
      expect(m.variables.map((v) => v.path)).toEqual(["accuracy/total", "accuracy/count"]);
      expect(m.getConfig()).toEqual({ name: "accuracy", dtype: "float32" });
    });
    test("BinaryAccuracy: values, broadcasting, thresholds", () => {
      const m = new metrics.BinaryAccuracy();
      m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
      near(res(m), 0.75);
      const b = new metrics.BinaryAccuracy();
      b.updateState([1, 1, 0, 0], [[0.98], [1], [0], [0.6]]);
      near(res(b), 0.75);
      const w = new metrics.BinaryAccuracy();
      w.updateState([[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0]]);
      near(res(w), 1.0);
      const t1 = new metrics.BinaryAccuracy({ threshold: 0.3 });
      const t2 = new metrics.BinaryAccuracy({ threshold: 0.9 });
      t1.updateState([[1], [1], [0], [0]], [[0.98], [0.5], [0.1], [0.2]]);
      t2.updateState([[1], [1], [0], [0]], [[0.98], [0.5], [0.1], [0.2]]);
      near(res(t1), 1.0);
      near(res(t2), 0.75);
      expect(t1.getConfig()).toEqual({ name: "binary_accuracy", dtype: "float32", threshold: 0.3 });
    });
    test("BinaryAccuracy compares with a strict > in float32: a prediction of 0.3 is not above 0.3", () => {
      // float32(0.3) = 0.30000001192...; in float64 it would exceed 0.3 and count as positive.
      const m = new metrics.BinaryAccuracy({ threshold: 0.3 });
      m.updateState([0, 1], [0.3, 0.3]);
      near(res(m), 0.5, 0);
      expect(metrics.binaryAccuracy([0], tensor([0.3], null, "float32"), { threshold: 0.3 }).toArray()).toEqual([1]);
    });
    test("CategoricalAccuracy and SparseCategoricalAccuracy; argmax ties go to the first index", () => {
      const c = new metrics.CategoricalAccuracy();
      c.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]);
      near(res(c), 0.3);
      const s = new metrics.SparseCategoricalAccuracy();
      s.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
      near(res(s), 0.5);
      s.resetState();
      s.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], [0.7, 0.3]);
      near(res(s), 0.3);
      const r = new metrics.SparseCategoricalAccuracy();
      r.updateState(tensor([[0], [0]], null, "int32"), [[[0.9, 0.1, 0.0], [0.8, 0.15, 0.05]]]);
      near(res(r), 1.0);
      // Ties: [0.5, 0.5] predicts class 0, so label 0 matches and label 1 does not.
      expect(metrics.sparseCategoricalAccuracy([0, 1], [[0.5, 0.5], [0.5, 0.5]]).toArray()).toEqual([1, 0]);
      expect(metrics.categoricalAccuracy([[1, 0], [0, 1]], [[0.5, 0.5], [0.5, 0.5]]).toArray()).toEqual([1, 0]);
    });
    test("TopKCategoricalAccuracy", () => {
      const m = new metrics.TopKCategoricalAccuracy({ k: 1 });
      m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]);
      near(res(m), 0.3);
      expect(m.getConfig()).toEqual({ name: "top_k_categorical_accuracy", dtype: "float32", k: 1 });
      // Label 2 has score 0.8; one score is higher, so it is in the top 2 but not the top 1.
      expect(metrics.topKCategoricalAccuracy([[0, 0, 1]], [[0.1, 0.9, 0.8]], { k: 2 }).toArray()).toEqual([1]);
      // A NaN score at the label ranks last (Keras's jax in_top_k).
      expect(metrics.topKCategoricalAccuracy([[0, 0, 1]], [[0.1, 0.9, NaN]], { k: 2 }).toArray()).toEqual([0]);
    });
    test("a mask on yPred weights the samples", () => {
      const m = new metrics.Accuracy();
      const yPred = tensor([0, 2, 9, 9]);
      setKerasMask(yPred, tensor([true, true, false, false]));
      m.updateState([1, 2, 3, 4], yPred);
      near(res(m), 0.5, 0); // samples 0 and 1 count: one of two matches
    });
  });

  describe("regression metrics (regression_metrics_test.py)", () => {
    test("MeanSquaredError and MeanAbsoluteError", () => {
      const yTrue = [[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]];
      const yPred = [[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]];
      const mse = new metrics.MeanSquaredError();
      mse.updateState(yTrue, yPred);
      near(res(mse), 0.5);
      const mae = new metrics.MeanAbsoluteError();
      mae.updateState(yTrue, yPred, [1, 1.5, 2, 2.5]);
      near(res(mae), 0.54285);
      expect(mse.getConfig()).toEqual({ name: "mean_squared_error", dtype: "float32" });
    });
  });

  describe("Precision and Recall (confusion_metrics_test.py)", () => {
    test("unweighted, weighted, thresholds, multiple updates, division by zero", () => {
      const p = new metrics.Precision();
      near(p.apply([0, 1, 1, 0], [1, 0, 1, 0]).item(), 0.5);
      const pw = new metrics.Precision();
      near(pw.apply([[0, 1, 1, 0], [1, 0, 0, 1]], [[1, 0, 1, 0], [1, 0, 1, 0]], [[1, 2, 3, 4], [4, 3, 2, 1]]).item(), 7 / 10);
      expect(new metrics.Precision().apply([0, 0, 0, 0], [0, 0, 0, 0]).item()).toBe(0);
      const pt = new metrics.Precision({ thresholds: [0.5, 1.0] });
      for (let i = 0; i < 2; i++) pt.updateState([[0, 1], [1, 0]], tensor([[1, 0], [0.6, 0]]), [[4, 0], [3, 1]]);
      nearAll(resAll(pt), [6 / 14, 0]);
      const r = new metrics.Recall();
      near(r.apply([[0, 1, 1, 0], [1, 0, 0, 1]], [[1, 0, 1, 0], [0, 1, 0, 1]], [[1, 2, 3, 4], [4, 3, 2, 1]]).item(), 4 / 10);
      const rt = new metrics.Recall({ thresholds: [0.5, 0.7] });
      nearAll(rt.apply([0, 1, 1, 0], [1, 0, 0.6, 0]).toArray() as number[], [0.5, 0]);
      expect(r.variables.map((v) => v.name)).toEqual(["true_positives", "false_negatives"]);
    });
    test("classId picks one class", () => {
      const p = new metrics.Precision({ classId: 1 });
      const yPred = [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]];
      const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]];
      near(p.apply(yTrue, yPred).item(), 1.0);
      expect(p.truePositives.toArray()).toEqual([1]);
      expect(p.falsePositives.toArray()).toEqual([0]);
      throwsValue(() => new metrics.Precision({ classId: 1 }).updateState([0, 1], [0.5, 0.5]), "When class_id is provided, y_pred must be a 2D array");
    });
    test("config round trip with Keras's keys", () => {
      const p = new metrics.Precision({ name: "my_precision", thresholds: [0.4, 0.9], classId: 12 });
      expect(p.getConfig()).toEqual({ name: "my_precision", dtype: "float32", thresholds: [0.4, 0.9], topK: null, classId: 12 });
      const json = serializeKerasObject(p);
      expect(json).toMatchObject({ class_name: "Precision", config: { thresholds: [0.4, 0.9], top_k: null, class_id: 12 } });
      const back = deserializeKerasObject(json) as metrics.Precision;
      expect(back.thresholds).toEqual([0.4, 0.9]);
      expect(back.variables.length).toBe(2);
      throws(() => new metrics.Precision({ topK: 3 }), NotImplementedError, "topK");
      throwsValue(() => new metrics.Recall({ thresholds: [0.5, 1.5] }), "Threshold values must be in [0, 1]", "1.5");
    });
  });

  describe("AUC (confusion_metrics_test.py AUCTest, MultiAUCTest)", () => {
    const yPred = [0, 0.5, 0.3, 0.9];
    const yTrue = [0, 0, 1, 1];
    const sw = [1, 2, 3, 4];
    test("ROC, all summation methods, from logits, manual thresholds", () => {
      expect(new metrics.AUC().apply(yTrue, yTrue).item()).toBe(1);
      near(new metrics.AUC({ numThresholds: 3 }).apply(yTrue, yPred).item(), 0.75);
      const logits = yPred.map((p) => -Math.log(1 / (p + 1e-12) - 1));
      near(new metrics.AUC({ numThresholds: 3, fromLogits: true }).apply(yTrue, logits).item(), 0.75);
      const manual = new metrics.AUC({ numThresholds: 2, thresholds: [0.5] });
      nearAll(manual.thresholds, [0, 0.5, 1], 1e-6);
      near(manual.apply(yTrue, yPred).item(), 0.75);
      near(new metrics.AUC({ numThresholds: 3 }).apply(yTrue, yPred, sw).item(), 0.7855);
      near(new metrics.AUC({ numThresholds: 3, summationMethod: "majoring" }).apply(yTrue, yPred, sw).item(), 1);
      near(new metrics.AUC({ numThresholds: 3, summationMethod: "minoring" }).apply(yTrue, yPred, sw).item(), 0.571);
    });
    test("PR and PRGAIN curves", () => {
      near(new metrics.AUC({ numThresholds: 3, curve: "PR", summationMethod: "majoring" }).apply(yTrue, yPred, sw).item(), 0.429 + 0.571);
      near(new metrics.AUC({ numThresholds: 3, curve: "PR", summationMethod: "minoring" }).apply(yTrue, yPred, sw).item(), 0.7 * 0.429);
      near(new metrics.AUC({ numThresholds: 3, curve: "PR" }).apply(yTrue, yPred, sw).item(), 2.416 / 7 + 4 / 7);
      near(new metrics.AUC({ numThresholds: 3, curve: "PR" }).apply(yTrue, yPred, [-1, -2, -3, -4]).item(), 0);
      near(new metrics.AUC({ numThresholds: 3, curve: "PRGAIN", summationMethod: "majoring" }).apply(yTrue, yPred, sw).item(), 1);
      near(new metrics.AUC({ numThresholds: 3, curve: "PRGAIN", summationMethod: "minoring" }).apply(yTrue, yPred, sw).item(), 0);
      near(new metrics.AUC({ numThresholds: 3, curve: "PRGAIN" }).apply(yTrue, yPred, sw).item(), 0.5);
      near(
        new metrics.AUC({ numThresholds: 3, curve: "PRGAIN" }).apply([0, 0, 0, 1, 0, 1, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.3, 0.4, 0.4, 0.6, 0.6, 0.8, 0.9]).item(),
        0.666666 * 0.333333 + 0.333333 * 0.833333,
      );
    });
    test("extra dims flatten; multi-label averages per-label AUCs", () => {
      const sig = (x: number): number => 1 / (1 + Math.exp(x));
      const logits = [[[-10, 10, -10], [10, -10, 10]], [[-12, 12, -12], [12, -12, 12]]].map((a) => a.map((r) => r.map(sig)));
      expect(new metrics.AUC().apply([[[1, 0, 0], [1, 0, 0]], [[0, 1, 1], [0, 1, 1]]], logits).item()).toBe(0.5);
      const p2 = [[0, 0.1], [0.5, 0.2], [0.3, 0.3], [0.9, 0.4]];
      const good = [[0, 0], [0, 0], [1, 1], [1, 1]];
      near(new metrics.AUC({ numThresholds: 5, multiLabel: true }).apply(good, p2).item(), (0.875 + 1) / 2);
      near(new metrics.AUC({ numThresholds: 5, multiLabel: true, labelWeights: [0.75, 0.25] }).apply(good, p2).item(), 0.875 * 0.75 + 0.25);
      near(new metrics.AUC({ numThresholds: 5 }).apply(good, p2).item(), 1 - 3 / 32);
      near(new metrics.AUC({ numThresholds: 5 }).apply(good, p2, sw).item(), 1 - (0.3333 * (1 - 0.2857)) / 2);
      near(new metrics.AUC({ numThresholds: 5 }).apply(good, p2, [[0, 1], [2, 3], [4, 5], [6, 7]]).item(), 1 - (0.3333 * (1 - 0.2727)) / 2);
      near(new metrics.AUC({ numThresholds: 5, labelWeights: [0.75, 0.25] }).apply(good, p2).item(), 1 - ((1 - 0.375) * 0.375) / 2, 1e-2);
      expect(new metrics.AUC({ multiLabel: true }).apply(good, good).item()).toBe(1);
    });
    test("config, errors", () => {
      const a = new metrics.AUC({ numThresholds: 100, curve: "PR", summationMethod: "majoring", name: "auc_1", multiLabel: true, numLabels: 2, fromLogits: true });
      const cfg = a.getConfig();
      expect(cfg).toEqual({
        name: "auc_1", dtype: "float32", numThresholds: 100, curve: "PR", summationMethod: "majoring",
        multiLabel: true, numLabels: 2, labelWeights: null, fromLogits: true,
      });
      const b = deserializeKerasObject(serializeKerasObject(a)) as metrics.AUC;
      expect(b.getConfig()).toEqual(cfg);
      expect(b.variables.map((v) => v.shape)).toEqual([[100, 2], [100, 2], [100, 2], [100, 2]]);
      const m = new metrics.AUC({ curve: "PR", summationMethod: "majoring", thresholds: [0.3, 0.5] });
      expect(m.getConfig()).toMatchObject({ numThresholds: 4, thresholds: [0.3, 0.5] });
      throwsValue(() => new metrics.AUC({ numThresholds: 1 }), "Argument `num_thresholds` must be an integer > 1");
      throwsValue(() => new metrics.AUC({ curve: "Invalid" }), 'Invalid AUC curve value: "Invalid".');
      throwsValue(() => new metrics.AUC({ summationMethod: "Invalid" }), 'Invalid AUC summation method value: "Invalid".');
    });
  });

  describe("get and bad input", () => {
    test("get by name, snake_case, alias; unknown lists the known names", () => {
      expect(metrics.get("accuracy")).toBeInstanceOf(metrics.Accuracy);
      expect(metrics.get("BinaryAccuracy")).toBeInstanceOf(metrics.BinaryAccuracy);
      expect(metrics.get("auc")).toBeInstanceOf(metrics.AUC);
      expect(metrics.get("mse")).toBeInstanceOf(metrics.MeanSquaredError);
      expect(metrics.get("top_k_categorical_accuracy")).toBeInstanceOf(metrics.TopKCategoricalAccuracy);
      throwsValue(() => metrics.get("acc_typo"), "Could not interpret metric identifier: acc_typo", "Known names:", "binary_accuracy");
    });
    test("shapes that do not broadcast name the metric and the argument", () => {
      throwsValue(() => new metrics.Accuracy().updateState([[1, 2, 3]], [[1, 2]]), "accuracy", "yTrue");
      throwsValue(() => new metrics.Precision().updateState([1, 0, 1], [1, 0]), "Precision.updateState", "yTrue", "(3,)", "(2,)");
      throwsValue(() => new metrics.Accuracy().updateState([[1, 2], [3, 4]], [[1, 2], [3, 4]], [1, 2, 3]), "sampleWeight");
      throwsValue(() => new metrics.TopKCategoricalAccuracy().updateState([[0, 1, 0]], [[0.5, 0.5]]), "topKCategoricalAccuracy", "yTrue");
      throwsValue(() => new metrics.BinaryAccuracy({ thresh: 0.3 } as never), "BinaryAccuracy", "thresh");
    });
  });
});

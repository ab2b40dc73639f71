// Losses against Keras: the training/losses.json fixture (Keras 3.15.1),
// values ported from keras/src/losses/losses_test.py, and derivations
// written out where neither covers a case.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import * as losses from "../../src/losses/index.js";
import { tensor } from "../../src/ops/convert.js";
import { KerasTypeError } from "../../src/errors.js";
import { getKerasMask, setKerasMask } from "../../src/layers/masking.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/index.js";
import { snakeToCamel, renameKeys } from "../../src/saving/serialization.js";
import { fixture } from "../helpers/fixtures.js";
import { onBothKernels, throws, throwsValue } from "../helpers/expect.js";

interface LossCase {
  name: string;
  class_name: string;
  args: Record<string, unknown>;
  y_true: number[] | number[][];
  y_true_dtype: string;
  y_pred: number[][];
  reduction: string;
  result: number | number[];
  config: Record<string, unknown>;
}
const FX = fixture<{ keras_version: string; cases: LossCase[] }>("training/losses.json");

type Ctor = new (o?: Record<string, unknown>) => losses.Loss;
const cls = (name: string): Ctor => (losses as unknown as Record<string, Ctor>)[name]!;

// Keras computes in float32; the fixture's float64 cross-check differs by <= 1.5e-7 relative.
function close(got: number, want: number, rel = 2e-6): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
}
const closeAll = (got: number[], want: number[], rel = 2e-6): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => close(g, want[i]!, rel));
};

onBothKernels("losses", () => {
  describe("training/losses.json (Keras 3.15.1)", () => {
    for (const c of FX.cases) {
      test(c.name, () => {
        const loss = new (cls(c.class_name))(renameKeys(c.args, snakeToCamel));
        const r = loss.apply(tensor(c.y_true, null, c.y_true_dtype), c.y_pred);
        if (Array.isArray(c.result)) closeAll(r.toArray() as number[], c.result);
        else close(r.item(), c.result);
        // Keras 3.16 also writes Huber's `delta`, CosineSimilarity's and SparseCategoricalCrossentropy's `axis`
        // (keras-team/keras c1a707e, the fix for their configs losing them): the 3.15 keys are a prefix.
        const cfg = loss.getConfig();
        const want = renameKeys(c.config, snakeToCamel);
        expect(Object.fromEntries(Object.keys(want).map((k) => [k, cfg[k]]))).toEqual(want);
        const extra = Object.keys(cfg).filter((k) => !(k in want));
        expect(extra).toEqual(c.class_name === "Huber" ? ["delta"] : ["CosineSimilarity", "SparseCategoricalCrossentropy"].includes(c.class_name) ? ["axis"] : []);
      });
    }
  });

  describe("numerics Keras gets right", () => {
    test("binary cross-entropy clips with float32 bounds: p = 1 on a 0 label costs -log(2^-23) = 15.942385", () => {
      // 1 - 1e-7 rounds to 1 - 2^-23 in float32, so 1 - p = 2^-23 exactly and -log(2^-23) = 23 ln 2.
      const r = losses.binaryCrossentropy([[0]], [[1]]).toArray() as number[];
      close(r[0]!, 23 * Math.LN2, 1e-6);
      expect(r[0]).toBeLessThan(16); // not -log(1e-7) = 16.118
      // p = 0 on a 1 label: -log(float32(1e-7)).
      close((losses.binaryCrossentropy([[1]], [[0]]).toArray() as number[])[0]!, -Math.log(Math.fround(1e-7)), 1e-6);
    });
    test("extreme logits: exactly 200 and 20000, -0 where the loss is zero", () => {
      // log_softmax([100, -100]) = [0, -200] exactly in float32 (exp(-200) underflows to 0).
      const cce = losses.categoricalCrossentropy([[0, 1], [1, 0]], [[100, -100], [100, -100]], { fromLogits: true });
      expect(cce.toArray()).toEqual([200, -0]);
      expect(Object.is((cce.toArray() as number[])[1], -0)).toBe(true);
      const big = losses.categoricalCrossentropy([[0, 1]], [[1e4, -1e4]], { fromLogits: true });
      expect(big.toArray()).toEqual([20000]);
      const scce = losses.sparseCategoricalCrossentropy([1, 0], [[1e4, -1e4], [1e4, -1e4]], { fromLogits: true });
      expect(scce.toArray()).toEqual([20000, -0]);
      // BCE with logits: t * softplus(-x) + (1 - t) * softplus(x): softplus(1e4) = 1e4, softplus(-1e4) = 0.
      expect(losses.binaryCrossentropy([[0, 1]], [[1e4, -1e4]], { fromLogits: true }).toArray()).toEqual([10000]);
      expect(losses.binaryCrossentropy([[1, 0]], [[1e4, -1e4]], { fromLogits: true }).toArray()).toEqual([0]);
      expect(new losses.BinaryCrossentropy({ fromLogits: true, reduction: "sum" }).apply([[0, 1], [0, 1]], [[1e4, -1e4], [1e4, -1e4]]).item()).toBe(20000);
    });
    test("categorical cross-entropy on probabilities rescales yPred to sum to 1", () => {
      // [2, 2] is [0.5, 0.5] after rescaling: -log(0.5).
      close((losses.categoricalCrossentropy([[1, 0]], [[2, 2]]).toArray() as number[])[0]!, Math.LN2);
    });
    test("log-cosh stays finite for large errors: log(cosh(1e4)) = 1e4 - log 2", () => {
      close((losses.logCosh([[0]], [[1e4]]).toArray() as number[])[0]!, 1e4 - Math.LN2, 1e-6);
    });
    test("hinge maps 0/1 labels to -1/1 only when every label is 0 or 1", () => {
      // Labels [0, 1]: -1/1, so max(1 - (-1)(0.5), 0) = 1.5 and max(1 - 0.5, 0) = 0.5 -> 1.
      expect(losses.hinge([[0, 1]], [[0.5, 0.5]]).toArray()).toEqual([1]);
      // Labels [0, 2]: unchanged, so max(1 - 0, 0) = 1 and max(1 - 1, 0) = 0 -> 0.5.
      expect(losses.hinge([[0, 2]], [[0.5, 0.5]]).toArray()).toEqual([0.5]);
    });
  });

  describe("stable for any logit in [-1e4, 1e4] (float64 derivations)", () => {
    const logit = fc.float({ min: -1e4, max: 1e4, noNaN: true }).map(Math.fround);
    test("binary cross-entropy from logits = max(x, 0) - x z + log1p(exp(-|x|))", () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(logit, fc.constantFrom(0, 1)), { minLength: 1, maxLength: 9 }), (pairs) => {
          const x = pairs.map((p) => p[0]);
          const z = pairs.map((p) => p[1]);
          const got = (losses.binaryCrossentropy([z], [x], { fromLogits: true }).toArray() as number[])[0]!;
          const want = x.reduce((s, xi, i) => s + Math.max(xi, 0) - xi * z[i]! + Math.log1p(Math.exp(-Math.abs(xi))), 0) / x.length;
          expect(Number.isFinite(got)).toBe(true);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
        }),
        { numRuns: 200 },
      );
    });
    test("categorical cross-entropy from logits = logsumexp(x) - x[label]", () => {
      fc.assert(
        fc.property(fc.array(logit, { minLength: 2, maxLength: 9 }), fc.nat(), (x, k) => {
          const label = k % x.length;
          const oneHot = x.map((_, i) => (i === label ? 1 : 0));
          const got = (losses.categoricalCrossentropy([oneHot], [x], { fromLogits: true }).toArray() as number[])[0]!;
          const m = Math.max(...x);
          const want = m + Math.log(x.reduce((s, xi) => s + Math.exp(xi - m), 0)) - x[label]!;
          expect(Number.isFinite(got)).toBe(true);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
          const sparse = (losses.sparseCategoricalCrossentropy([label], [x], { fromLogits: true }).toArray() as number[])[0]!;
          expect(sparse).toBe(got);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("reductions and sample weights", () => {
    const yTrue = [[1, 9], [2, -5], [-2, 6]];
    const yPred = [[4, 8], [12, 8], [0.3, 3]];
    // Squared errors [9, 1], [100, 169], [5.29, 9]; per-sample MSE 5, 134.5, 7.145.
    test("sum_over_batch_size divides the weighted sum by the element count, not by the sum of weights", () => {
      const mse = new losses.MeanSquaredError();
      close(mse.apply(yTrue, yPred).item(), (5 + 134.5 + 7.145) / 3);
      close(mse.apply(yTrue, yPred, [1.2, 3.4, 5.6]).item(), (5 * 1.2 + 134.5 * 3.4 + 7.145 * 5.6) / 3);
      close(mse.apply(yTrue, yPred, 2.3).item(), (2.3 * (5 + 134.5 + 7.145)) / 3);
    });
    test("sum, mean, mean_with_sample_weight, none and null", () => {
      const w = [1.2, 3.4, 5.6];
      const s = 5 * 1.2 + 134.5 * 3.4 + 7.145 * 5.6;
      close(new losses.MeanSquaredError({ reduction: "sum" }).apply(yTrue, yPred, w).item(), s);
      close(new losses.MeanSquaredError({ reduction: "mean" }).apply(yTrue, yPred, w).item(), s / 3);
      close(new losses.MeanSquaredError({ reduction: "mean_with_sample_weight" }).apply(yTrue, yPred, w).item(), s / 10.2);
      closeAll(new losses.MeanSquaredError({ reduction: "none" }).apply(yTrue, yPred).toArray() as number[], [5, 134.5, 7.145]);
      closeAll(new losses.MeanSquaredError({ reduction: null }).apply(yTrue, yPred, w).toArray() as number[], [6, 457.3, 40.012]);
    });
    test("Keras's losses_test values (BCE, CCE, SCCE)", () => {
      // keras/src/losses/losses_test.py: BinaryCrossentropyTest, CategoricalCrossentropyTest, SparseCategoricalCrossentropyTest.
      const t3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
      const p3 = [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]];
      const logits = [[8, 1, 1], [0, 9, 1], [2, 3, 5]];
      close(new losses.BinaryCrossentropy().apply(t3, [[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]]).item(), 0.20046903);
      close(new losses.BinaryCrossentropy().apply([[1, 0], [1, 0]], [[1, 1], [1, 0]]).item(), 3.98559, 1e-5);
      close(new losses.BinaryCrossentropy({ fromLogits: true }).apply([[1, 0, 1], [0, 1, 1]], [[10, -10, 10], [10, 10, -10]]).item(), 3.3333, 1e-4);
      close(new losses.BinaryCrossentropy().apply([[1, 0], [1, 0]], [[1, 1], [1, 0]], [[1.2], [3.4]]).item(), 4.7827, 1e-4);
      close(new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).apply([[1, 0, 1]], [[10, -10, -10]]).item(), (10 + 5 * 0.1) / 3, 1e-4); // Keras asserts 3 decimals: softplus(-10) terms add 4.5e-5
      close(new losses.CategoricalCrossentropy().apply(t3, p3).item(), 0.3239, 1e-4);
      close(new losses.CategoricalCrossentropy({ fromLogits: true }).apply(t3, logits).item(), 0.0573, 1e-4);
      close(new losses.CategoricalCrossentropy().apply(t3, p3, [[1.2], [3.4], [5.6]]).item(), 1.0696, 1e-4);
      closeAll(new losses.CategoricalCrossentropy({ fromLogits: true, reduction: "none" }).apply(t3, logits).toArray() as number[], [0.001822, 0.000459, 0.169846], 1e-5);
      close(new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).apply([[1, 0, 0]], [[100, -100, -100]]).item(), (400 * 0.1) / 3, 1e-5);
      close(new losses.SparseCategoricalCrossentropy().apply([[0], [1], [2]], p3, 2.3).item(), 0.7449, 5e-4); // asserted to 3 decimals in Keras
      close(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply([0, 1, 2], logits, [[1.2], [3.4], [5.6]]).item(), 0.31829, 5e-4);
    });
    test("ignoreClass gives 0 there and masks it out of the mean (losses_test: test_ignore_class)", () => {
      const logits = [[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]];
      const none = new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: "none" });
      closeAll((none.apply([[-1, 2]], logits).toArray() as number[][])[0]!, [0, 1.480129], 1e-5);
      closeAll((none.apply([[[-1], [2]]], logits).toArray() as number[][])[0]!, [0, 1.480129], 1e-5);
      const f = losses.sparseCategoricalCrossentropy([[-1, 2]], logits, { fromLogits: true, ignoreClass: -1 });
      expect(getKerasMask(f)?.toArray()).toEqual([[false, true]].map((r) => r.map(Number)));
      // The mean is over the one valid entry: total/valid = 2 weights it, and 2 * 1.480129 / 2.
      close(new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 }).apply([[-1, 2]], logits).item(), 1.480129, 1e-5);
    });
  });

  describe("masks and axes", () => {
    test("a mask on yPred: sum_over_batch_size averages over the valid entries, sum adds them", () => {
      // Per-sample squared errors [1, 4, 9, 16]; valid entries 1 and 4.
      const yPred = tensor([[1], [2], [3], [4]]);
      setKerasMask(yPred, tensor([true, true, false, false]));
      close(new losses.MeanSquaredError().apply([[0], [0], [0], [0]], yPred).item(), 2.5);
      close(new losses.MeanSquaredError({ reduction: "sum" }).apply([[0], [0], [0], [0]], yPred).item(), 5);
      // With weights [1, 2, 3, 4]: mask weight 4/2 on the valid ones -> (1 * 1 + 2 * 4) * 2 / 4.
      close(new losses.MeanSquaredError().apply([[0], [0], [0], [0]], yPred, [1, 2, 3, 4]).item(), 4.5);
    });
    test("sparse categorical cross-entropy along axis 0 (losses_test: binary segmentation, torch)", () => {
      const yTrue = [[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]];
      // One-hot of yTrue along a new first axis: the loss is -log(clip(1)) = -log(1 - 2^-23) per pixel.
      const yPred = [0, 1].map((c) => yTrue.map((r) => r.map((v) => (v === c ? 1 : 0))));
      close(new losses.SparseCategoricalCrossentropy({ axis: 0 }).apply(yTrue, yPred).item(), -Math.log(1 - 2 ** -23), 1e-3);
      const cce = new losses.CategoricalCrossentropy({ axis: 1, labelSmoothing: 0.1 });
      // keras losses_test test_label_smoothing_with_axis: expected from the same formula in float64.
      const t = [[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]];
      const p = [[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]], [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]];
      let want = 0;
      for (let b = 0; b < 2; b++) for (let s2 = 0; s2 < 2; s2++) for (let c = 0; c < 3; c++) want -= (t[b]![c]![s2]! * 0.9 + 0.1 / 3) * Math.log(p[b]![c]![s2]!);
      close(cce.apply(t, p).item(), want / 4, 1e-5);
    });
  });

  describe("config, names, get", () => {
    test("default names, Huber's is huber_loss", () => {
      expect(new losses.Huber().name).toBe("huber_loss");
      expect(new losses.KLDivergence().name).toBe("kl_divergence");
      expect(new losses.SparseCategoricalCrossentropy().name).toBe("sparse_categorical_crossentropy");
      expect(new losses.MeanSquaredError({ name: "m" }).name).toBe("m");
    });
    test("serialize / deserialize round trip keeps the options", () => {
      const h = new losses.Huber({ delta: 2, reduction: "sum" });
      const json = serializeKerasObject(h) as { class_name: string; config: Record<string, unknown> };
      expect(json.config).toEqual({ name: "huber_loss", reduction: "sum", delta: 2 });
      const back = deserializeKerasObject(json) as losses.Loss;
      expect(back).toBeInstanceOf(losses.Huber);
      expect(back.getConfig()).toEqual(h.getConfig());
      const s = new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 3, axis: 0, name: "scce" });
      expect(serializeKerasObject(s)).toMatchObject({
        module: "keras.losses", class_name: "SparseCategoricalCrossentropy",
        config: { name: "scce", reduction: "sum_over_batch_size", from_logits: true, ignore_class: 3, axis: 0 },
      });
      expect((losses.deserialize(serializeKerasObject(s)) as losses.Loss).getConfig()).toEqual(s.getConfig());
      expect(losses.BinaryCrossentropy.fromConfig({ fromLogits: true, name: "b" }).getConfig()).toMatchObject({ fromLogits: true, name: "b" });
    });
    test("get: class names give instances, function names and aliases give functions", () => {
      expect(losses.get("BinaryCrossentropy")).toBeInstanceOf(losses.BinaryCrossentropy);
      expect(losses.get("binary_crossentropy")).toBe(losses.binaryCrossentropy);
      expect(losses.get("mse")).toBe(losses.meanSquaredError);
      expect(losses.get("MAPE")).toBe(losses.meanAbsolutePercentageError);
      expect(losses.get("huber")).toBe(losses.huber);
      expect(losses.get(null)).toBe(null);
      const c = losses.get({ class_name: "CategoricalCrossentropy", config: { from_logits: true } }) as losses.Loss;
      expect(c.getConfig()).toMatchObject({ fromLogits: true });
      throwsValue(() => losses.get("nope"), "Could not interpret loss identifier: nope", "Known names:", "mean_squared_error", "Huber");
    });
  });

  describe("bad input", () => {
    test("invalid reduction: Keras's message", () => {
      throwsValue(() => new losses.MeanSquaredError({ reduction: "avg" as never }), "Invalid value for argument `reduction`", "Received: reduction=avg");
    });
    test("unknown option names the class", () => {
      throwsValue(() => new losses.Huber({ dlta: 1 } as never), "Huber", "dlta");
    });
    test("shapes that do not broadcast name the loss and the argument", () => {
      throwsValue(() => new losses.MeanSquaredError().apply([[1, 2, 3]], [[1, 2]]), "meanSquaredError", "yTrue", "(1, 3)", "(1, 2)");
      throwsValue(() => new losses.BinaryCrossentropy().apply([[0], [1], [2]], [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]), "must have the same shape");
      throwsValue(() => new losses.CategoricalCrossentropy().apply([[0], [1], [2]], [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]), "must have the same shape");
      throwsValue(() => new losses.MeanSquaredError().apply([[1, 2], [3, 4]], [[1, 2], [3, 4]], [1, 2, 3]), "MeanSquaredError", "sampleWeight", "(3,)", "(2,)");
      throwsValue(() => new losses.SparseCategoricalCrossentropy().apply([0, 1, 2], [[0.5, 0.5]]), "must have the same shape up until the last dimension");
    });
    test("sparse labels out of range or fractional are an error", () => {
      throwsValue(() => new losses.SparseCategoricalCrossentropy().apply([0, 3], [[0.5, 0.5], [0.5, 0.5]]), "sparseCategoricalCrossentropy", "yTrue", "[0, 2)", "3");
      throwsValue(() => new losses.SparseCategoricalCrossentropy().apply([0, -1], [[0.5, 0.5], [0.5, 0.5]]), "received -1");
      throwsValue(() => losses.sparseCategoricalCrossentropy([0.5], [[0.5, 0.5]]), "not an integer");
    });
    test("wrong kinds of argument", () => {
      throws(() => new losses.MeanSquaredError().apply("a" as never, [1]), KerasTypeError, "MeanSquaredError", "yTrue");
      throwsValue(() => new losses.MeanSquaredError().apply(null as never, [1]), "MeanSquaredError", "yTrue");
      throwsValue(() => losses.binaryCrossentropy([[1]], [[0.5]], { labelSmoothing: 2 }), "labelSmoothing");
      throwsValue(() => losses.categoricalCrossentropy([[1, 0]], [[0.5, 0.5]], { axis: true as never }), "`axis` must be of type `int`");
    });
  });
});

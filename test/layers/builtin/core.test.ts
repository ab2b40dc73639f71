// Dense, Embedding, Masking, InputLayer: Keras's layer tests (keras/src/layers/core/*_test.py)
// ported, configs against the Keras 3.16 fixtures.
import { beforeEach, describe, expect, onTestFinished, test } from "vitest";
import { useRelaxedSimd } from "../../../src/backend/loader.js";
import * as keras from "../../../src/index.js";
import { Dense, Embedding, InputLayer, Masking, getKerasMask } from "../../../src/layers/index.js";
import { serializeKerasObject, deserializeKerasObject } from "../../../src/saving/serialization.js";
import { ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";
import { fixture } from "../../helpers/fixtures.js";

beforeEach(() => clearSession());
const t = keras.tensor;
/** A bool mask's values as 0/1 (how bool tensors read back). */
const maskOf = (m: unknown): unknown => {
  expect((m as Tensor).dtype).toBe("bool");
  return (m as Tensor).toArray();
};

describe("Dense", () => {
  test("basics (Keras's test_dense_basics)", () => {
    runLayerTest(Dense as never, {
      initKwargs: { units: 4, activation: "relu", kernelInitializer: "random_uniform", biasInitializer: "ones", useBias: false },
      inputShape: [2, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 1, expectedNumNonTrainableWeights: 0,
      expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
      invalidInputs: [t(3), t([1, 2, 3])],
    });
    runLayerTest(Dense as never, {
      initKwargs: { units: 5, activation: "sigmoid", kernelRegularizer: "l2", biasRegularizer: "l2" },
      inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 5], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0,
      expectedNumSeedGenerators: 0, expectedNumLosses: 2, supportsMasking: true,
    });
  });

  test("invalid units (Keras's test_dense_invalid_units_raises)", () => {
    for (const u of [0, -3, 2.5, null, "64"]) throws(() => new Dense(u as never), ValueError, "positive integer");
  });

  test("correctness (Keras's test_dense_correctness)", () => {
    const layer = new Dense(2, { activation: "relu" });
    layer.build([1, 2]);
    layer.setWeights([[[1, -2], [3, -4]], [5, -6]]);
    expect((layer.apply(t([[-1, 2]])) as Tensor).toArray()).toEqual([[10, 0]]);
    const noBias = new Dense({ units: 2, useBias: false });
    noBias.build([1, 2]);
    noBias.setWeights([[[1, -2], [3, -4]]]);
    expect(noBias.bias).toBeNull();
    expect((noBias.apply(t([[-1, 2]])) as Tensor).toArray()).toEqual([[5, -6]]);
  });

  test("the fused kernel (linear, relu) gives the bits of matmul, add and the activation one after the other", () => {
    // The plain SIMD build's contract: under Deno the relaxed-SIMD matmul
    // (fused multiply-adds) serves ops.matmul, while the fused layer runs
    // the plain one (each within its bound, test/platform/kernels.ts).
    useRelaxedSimd(false);
    onTestFinished(() => useRelaxedSimd(true));
    const x = keras.ops.reshape(t(Float32Array.from({ length: 5 * 3 * 37 }, (_, i) => Math.sin(i * 1.3) * 3)), [5, 3, 37]);
    for (const [activation, useBias] of [["relu", true], ["linear", true], ["relu", false], ["linear", false]] as const) {
      const layer = new Dense(13, { activation, useBias, biasInitializer: "random_normal" });
      const y = layer.apply(x) as Tensor;
      let ref = keras.ops.matmul(x, layer.kernel);
      if (useBias) ref = keras.ops.add(ref, layer.bias!);
      if (activation === "relu") ref = keras.ops.relu(ref);
      expect(y.shape).toEqual([5, 3, 13]);
      expect(Array.from(y.data as Float32Array)).toEqual(Array.from(ref.data as Float32Array));
    }
  });

  test("incompatible input after build (Keras's test_dense_errors)", () => {
    const layer = new Dense(2, { activation: "relu" });
    layer.apply(keras.ops.ones([1, 2]));
    throws(() => layer.apply(keras.ops.ones([1, 3])), ValueError, "incompatible with the layer", "dense");
  });

  test("weights are named kernel and bias with Keras paths", () => {
    const layer = new Dense(3);
    layer.build([null, 2]);
    expect(layer.weights.map((w) => w.path)).toEqual(["dense/kernel", "dense/bias"]);
    expect(layer.kernel.shape).toEqual([2, 3]);
  });

  test("configs equal the Keras fixtures (unbuilt, built, full)", () => {
    expect(serializeKerasObject(new Dense(3))).toEqual(fixture("configs/dense_unbuilt.json"));
    clearSession();
    const built = new Dense(3);
    built.build([null, 2]);
    expect(serializeKerasObject(built)).toEqual(fixture("configs/dense_built.json"));
    clearSession();
    const full = new Dense(4, { activation: "relu", useBias: false, kernelRegularizer: "l2", kernelConstraint: "max_norm", name: "d" });
    expect(serializeKerasObject(full)).toEqual(fixture("configs/dense_full.json"));
    const back = deserializeKerasObject(fixture("configs/dense_full.json")) as Dense;
    expect(back).toBeInstanceOf(Dense);
    expect([back.units, back.useBias, back.name]).toEqual([4, false, "d"]);
    expect(back.activation).toBe(keras.activations.relu);
  });

  test("activity regularizer: the Keras numerics fixture (losses = raw / batch, 0 for an empty batch)", () => {
    const f = fixture<{ x_full: { values: number[] }; kernel: { values: number[] }; bias: { values: number[] };
      cases: { layer: string; batch: number; output: { shape: number[]; values: number[] }; losses: { values: number[] }[] }[];
      two_calls_same_layer_losses: { values: number[] }[] }>("numerics/activity_regularization.json");
    const x = (rows: number): Tensor => t(f.x_full.values.slice(0, rows * 2), [rows, 2]);
    for (const c of f.cases) {
      const layer = c.layer.startsWith("Dense")
        ? new Dense(3, { activityRegularizer: c.layer.includes("L2") ? new keras.regularizers.L2(0.1) : new keras.regularizers.L1(0.1) })
        : new keras.layers.ActivityRegularization({ l1: 0.01, l2: 0.02 });
      if (layer instanceof Dense) {
        layer.build([null, 2]);
        layer.setWeights([t(f.kernel.values, [2, 3]), t(f.bias.values)]);
      }
      const y = layer.apply(x(c.batch)) as Tensor;
      expect(y.shape).toEqual(c.output.shape);
      expectAllClose(Array.from(y.data), c.output.values, 1e-6);
      expect(layer.losses.length).toBe(1);
      expectAllClose(layer.losses[0]!.item(), c.losses[0]!.values[0], 1e-6);
    }
    const twice = new Dense(3, { activityRegularizer: new keras.regularizers.L2(0.1) });
    twice.build([null, 2]);
    twice.setWeights([t(f.kernel.values, [2, 3]), t(f.bias.values)]);
    twice.apply(x(5));
    twice.apply(x(5));
    expect(twice.losses.length).toBe(f.two_calls_same_layer_losses.length);
    expectAllClose(twice.losses[0]!.item(), f.two_calls_same_layer_losses[0]!.values[0], 1e-6);
  });
});

describe("Embedding", () => {
  test("basics (Keras's test_embedding_basics)", () => {
    runLayerTest(Embedding as never, {
      initKwargs: { inputDim: 4, outputDim: 3 }, inputData: t([2, 1, 0], null, "int32"),
      expectedOutputShape: [3, 3], expectedNumTrainableWeights: 1, expectedNumNonTrainableWeights: 0,
      expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: false,
    });
    runLayerTest(Embedding as never, {
      initKwargs: { inputDim: 5, outputDim: 4, maskZero: true }, inputData: t([[0, 1, 4], [2, 3, 0]], null, "int32"),
      expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1, supportsMasking: true, expectedMaskShape: [2, 3],
    });
  });

  test("correctness and mask (Keras's test_correctness, test_masking)", () => {
    const layer = new Embedding(2, 3, { weights: [[[0, 0, 0], [0.5, 0.5, 0.5]]] });
    expect((layer.apply(t([1, 0], null, "int32")) as Tensor).toArray()).toEqual([[0.5, 0.5, 0.5], [0, 0, 0]]);
    const masked = new Embedding(3, 2, { maskZero: true });
    const ids = t([[1, 0, 2]], null, "int32");
    const y = masked.apply(ids) as Tensor;
    expect(maskOf(getKerasMask(y))).toEqual([[1, 0, 1]]);
    expect(maskOf(masked.computeMask(ids))).toEqual([[1, 0, 1]]);
    // float ids are cast to int32, as Keras does
    expect((layer.apply(t([1])) as Tensor).toArray()).toEqual([[0.5, 0.5, 0.5]]);
  });

  test("invalid dims", () => {
    throws(() => new Embedding(0, 3), ValueError, "`input_dim` must be a positive integer", "input_dim=0");
    throws(() => new Embedding(3, 1.5), ValueError, "`output_dim` must be a positive integer");
  });

  test("config equals the Keras fixture (activity_regularizer always written)", () => {
    const e = new Embedding(10, 4, { maskZero: true });
    expect(serializeKerasObject(e)).toEqual(fixture("configs/embedding.json"));
    const c = fixture<{ config: Record<string, unknown> }>("configs/embedding.json");
    const back = deserializeKerasObject(c) as Embedding;
    expect([back.inputDim, back.outputDim, back.maskZero]).toEqual([10, 4, true]);
  });
});

describe("Masking", () => {
  test("basics and mask (Keras's masking_test)", () => {
    runLayerTest(Masking as never, {
      initKwargs: { maskValue: 0 }, inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2], supportsMasking: true,
      expectedNumTrainableWeights: 0, expectedNumSeedGenerators: 0,
    });
    const x = t([[[1, 1], [0, 0], [2, 0]], [[0, 0], [3, 3], [0, 0]]]);
    const y = new Masking(0).apply(x) as Tensor;
    expect(maskOf(getKerasMask(y))).toEqual([[1, 0, 1], [0, 1, 0]]);
    const z = new Masking(1).apply(t([[[1, 1], [2, 1]]])) as Tensor;
    expect(z.toArray()).toEqual([[[0, 0], [2, 1]]]);
    expect(maskOf(getKerasMask(z))).toEqual([[0, 1]]);
  });
});

describe("InputLayer", () => {
  test("shapes, dtype and config (Keras's input_layer_test)", () => {
    const a = new InputLayer({ shape: [8], name: "in" });
    expect([a.batchShape, a.dtype, a.built]).toEqual([[null, 8], "float32", true]);
    expect(a.getConfig()).toEqual({ batchShape: [null, 8], dtype: "float32", sparse: false, ragged: false, name: "in", optional: false });
    expect(serializeKerasObject(a)).toEqual({
      module: "keras.layers", class_name: "InputLayer", registered_name: null,
      config: { batch_shape: [null, 8], dtype: "float32", sparse: false, ragged: false, name: "in", optional: false },
    });
    const b = new InputLayer({ batchShape: [4, 7], dtype: "int32" });
    expect([b.batchShape, b.dtype]).toEqual([[4, 7], "int32"]);
    expect(new InputLayer({ shape: [3], batchSize: 2 }).batchShape).toEqual([2, 3]);
    const back = InputLayer.fromConfig(b.getConfig());
    expect([back.batchShape, back.dtype]).toEqual([[4, 7], "int32"]);
  });

  test("errors (Keras's wording)", () => {
    throws(() => new InputLayer({}), ValueError, "You must pass a `shape` argument.");
    throws(() => new InputLayer({ shape: [2], batchShape: [1, 2] }), ValueError, "You cannot pass both `shape` and `batch_shape` at the same time.");
    throws(() => new InputLayer({ batchSize: 3, batchShape: [1, 2] }), ValueError, "You cannot pass both `batch_size` and `batch_shape`");
  });
});

describe("unknown options", () => {
  test("Keras's 'Unrecognized keyword arguments' naming the layer, with the intended spelling", () => {
    throws(() => new Dense(3, { use_bias: false } as never), ValueError, "Unrecognized keyword arguments passed to Dense: {'use_bias': false}", "Did you mean `useBias`?");
    throws(() => new Dense(3, { activaton: "relu" } as never), ValueError, "passed to Dense", "`activation`");
    throws(() => new keras.layers.SpatialDropout1D(0.5, { trainable: false } as never), ValueError, "passed to SpatialDropout1D");
  });
  test("Dense on a scalar input names the layer and the expected rank", () => {
    throws(() => new Dense(3).apply(t(2)), ValueError, 'Input 0 of layer "dense" is incompatible with the layer: expected min_ndim=2, found ndim=0');
  });
});

describe("mixed precision (Keras's run_mixed_precision_check)", () => {
  test("mixed_float16: float16 outputs, float32 weights", () => {
    const cases: [keras.Layer, Tensor, Record<string, unknown>][] = [
      [new Dense(3, { dtype: "mixed_float16", activation: "gelu" }), keras.ops.ones([2, 4]), {}],
      [new keras.layers.BatchNormalization({ dtype: "mixed_float16" }), keras.ops.ones([2, 4]), { training: true }],
      [new keras.layers.LayerNormalization({ dtype: "mixed_float16" }), keras.ops.ones([2, 4]), {}],
      [new Embedding(5, 2, { dtype: "mixed_float16" }), t([1, 2], null, "int32"), {}],
    ];
    for (const [layer, x, opts] of cases) {
      expect((layer.apply(x, opts) as Tensor).dtype).toBe("float16");
      for (const w of layer.weights) expect(w.dtype).toBe("float32");
    }
  });
});

// BatchNormalization and LayerNormalization: Keras's tests
// (keras/src/layers/normalization/*_test.py) ported; configs against the fixtures.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { BatchNormalization, LayerNormalization, Masking } from "../../../src/layers/index.js";
import { serializeKerasObject } from "../../../src/saving/serialization.js";
import { KerasTypeError, NotImplementedError, ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";
import { fixture } from "../../helpers/fixtures.js";

beforeEach(() => clearSession());
const { ops } = keras;
const normal = (shape: number[], seed: number): Tensor => keras.random.normal(shape, { mean: 5, stddev: 10, seed });
const arr = (x: unknown): number[] => Array.from((x as Tensor | { value: Tensor }) instanceof keras.Tensor ? (x as Tensor).data : (x as { value: Tensor }).value.data);

describe("BatchNormalization", () => {
  test("basics (Keras's test_bn_basics)", () => {
    const common = { callKwargs: { training: true }, expectedNumSeedGenerators: 0, supportsMasking: true };
    runLayerTest(BatchNormalization as never, { ...common, initKwargs: { center: true, scale: true }, inputShape: [2, 3], expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2, expectedNumLosses: 0 });
    runLayerTest(BatchNormalization as never, { ...common, initKwargs: { center: false, scale: false }, inputShape: [2, 3], expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 2, expectedNumLosses: 0 });
    runLayerTest(BatchNormalization as never, { ...common, initKwargs: { betaRegularizer: "l2", gammaRegularizer: "l2" }, inputShape: [2, 4, 4, 3],
      expectedOutputShape: [2, 4, 4, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2, expectedNumLosses: 2 });
  });

  test("weights: gamma, beta, moving_mean, moving_variance; epsilon 1e-3; config == fixture", () => {
    const bn = new BatchNormalization();
    bn.build([null, 5]);
    expect(bn.weights.map((w) => [w.name, w.trainable])).toEqual([["gamma", true], ["beta", true], ["moving_mean", false], ["moving_variance", false]]);
    expect(bn.epsilon).toBe(1e-3);
    clearSession();
    const c = fixture<{ config: unknown }>("configs/batch_normalization.json");
    expect((serializeKerasObject(new BatchNormalization()) as { config: unknown }).config).toEqual(c.config);
    throws(() => new BatchNormalization({ renorm: true }), NotImplementedError, "renorm");
    throws(() => new BatchNormalization({ synchronized: true }), ValueError, "synchronized=True is only supported with the TensorFlow backend");
  });

  for (const axis of [-1, 1]) {
    for (const shape of [[5, 2, 3], [5, 3, 3, 2]]) {
      test(`correctness, axis ${axis}, input ${JSON.stringify(shape)} (Keras's test_correctness)`, () => {
        const layer = new BatchNormalization({ axis, momentum: 0 });
        const x = normal(shape, 1);
        let out = x;
        for (let i = 0; i < 3; i++) out = layer.apply(out, { training: true }) as Tensor;
        const bshape = shape.map(() => 1);
        bshape[axis < 0 ? axis + shape.length : axis] = shape[axis < 0 ? axis + shape.length : axis]!;
        const norm = ops.divide(ops.subtract(out, ops.reshape(layer.beta!.value, bshape)), ops.reshape(layer.gamma!.value, bshape));
        const red = shape.map((_, i) => i).filter((i) => i !== (axis < 0 ? axis + shape.length : axis));
        expectAllClose(ops.mean(norm, red), ops.zeros([bshape.reduce((a, b) => a * b, 1)]).toArray(), 1e-3);
        expectAllClose(ops.std(norm, red).toArray(), (ops.ones([bshape.reduce((a, b) => a * b, 1)]) as Tensor).toArray(), 1e-3);
        // momentum 0: the moving statistics are the last batch's, which was already normalized.
        expectAllClose(arr(layer.movingMean), arr(ops.zeros(layer.movingMean.shape)), 1e-3);
        expectAllClose(arr(layer.movingVariance), arr(ops.ones(layer.movingVariance.shape)), 1e-2);
        const inf1 = layer.apply(x, { training: false }) as Tensor;
        const tr1 = layer.apply(x, { training: true }) as Tensor;
        expect(Math.max(...arr(ops.abs(ops.subtract(inf1, tr1))))).toBeGreaterThan(1e-3);
        const tr2 = layer.apply(x, { training: true }) as Tensor;
        const inf2 = layer.apply(x, { training: false }) as Tensor;
        expectAllClose(arr(inf2), arr(tr2), 1e-4, 1e-4);
      });
    }
  }

  test("masked steps: inference ignores the mask, training leaves masked steps out", () => {
    const layer = new BatchNormalization({ momentum: 0 });
    const x = ops.multiply(normal([4, 3, 2], 2), ops.reshape(keras.tensor([1, 0, 1]), [1, 3, 1])); // step 1 zeroed
    layer.apply(x, { training: true });
    const masked = new Masking().apply(x) as Tensor;
    expectAllClose(arr(layer.apply(masked, { training: false })), arr(layer.apply(x, { training: false })), 1e-6);
    const layer2 = new BatchNormalization({ momentum: 0 });
    const unmasked = layer2.apply(x, { training: true }) as Tensor;
    const layer3 = new BatchNormalization({ momentum: 0 });
    const withMask = layer3.apply(masked, { training: true }) as Tensor;
    expect(Math.max(...arr(ops.abs(ops.subtract(unmasked, withMask))))).toBeGreaterThan(1e-3);
  });

  test("fully masked input gives zeros (Keras's test_input_fully_masked)", () => {
    const norm = new BatchNormalization({ scale: false, center: false });
    const y = norm.apply(ops.zeros([4, 5]), { training: true, mask: ops.zeros([4]) }) as Tensor;
    expect(arr(y)).toEqual(arr(ops.zeros([4, 5])));
  });

  test("masked broadcast normalization (Keras's test_masked_broadcast_normalization)", () => {
    const layer = new BatchNormalization({ axis: -1, momentum: 0, epsilon: 0.001 });
    const y = layer.apply(ops.ones([1, 2, 3, 4]), { training: true, mask: ops.ones([1, 2, 1]) }) as Tensor;
    expectAllClose(arr(y), arr(ops.zeros([24])), 1e-6);
    expectAllClose(arr(layer.movingMean), [1, 1, 1, 1], 1e-6);
    expectAllClose(arr(layer.movingVariance), [0, 0, 0, 0], 1e-6);
  });

  test("a mask of the wrong rank is refused", () => {
    const layer = new BatchNormalization();
    throws(() => layer.apply(ops.ones([2, 3]), { training: true, mask: ops.ones([2, 3]) }), ValueError, "The mask provided should be one dimension less than the inputs");
  });

  test("trainable = false: inference statistics even when training (Keras's test_trainable_behavior)", () => {
    const layer = new BatchNormalization({ axis: -1, momentum: 0.8, epsilon: 1e-7 });
    layer.build([1, 4, 4, 3]);
    layer.trainable = false;
    expect([layer.weights.length, layer.trainableWeights.length, layer.nonTrainableWeights.length]).toEqual([4, 0, 4]);
    const x = normal([20, 4, 4, 3], 3);
    expectAllClose(arr(layer.apply(x, { training: true })), arr(x), 1e-3, 1e-4);
    layer.trainable = true;
    expect([layer.trainableWeights.length, layer.nonTrainableWeights.length]).toEqual([2, 2]);
  });
});

describe("LayerNormalization", () => {
  test("basics (Keras's test_ln_basics)", () => {
    const common = { expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, supportsMasking: true };
    runLayerTest(LayerNormalization as never, { ...common, initKwargs: { gammaRegularizer: new keras.regularizers.L2(0.01), betaRegularizer: new keras.regularizers.L2(0.01) },
      inputShape: [3, 4, 2], expectedOutputShape: [3, 4, 2], expectedNumTrainableWeights: 2, expectedNumLosses: 2 });
    runLayerTest(LayerNormalization as never, { ...common, initKwargs: { scale: false, center: false }, inputShape: [3, 3], expectedOutputShape: [3, 3],
      expectedNumTrainableWeights: 0, expectedNumLosses: 0 });
    runLayerTest(LayerNormalization as never, { ...common, initKwargs: { axis: [-3, -2, -1] }, inputShape: [2, 8, 8, 3], expectedOutputShape: [2, 8, 8, 3],
      expectedNumTrainableWeights: 2, expectedNumLosses: 0 });
    runLayerTest(LayerNormalization as never, { ...common, initKwargs: {}, inputShape: [1, 0, 10], expectedOutputShape: [1, 0, 10], expectedNumTrainableWeights: 2 });
  });

  test("output values (Keras's test_output and test_output_with_rms_scaling)", () => {
    const a = new LayerNormalization({ betaInitializer: "ones", gammaInitializer: "ones" });
    expectAllClose(a.apply(keras.tensor([[0, 1, 2, 3, 4]])), [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]], 1e-5, 1e-5);
    const b = new LayerNormalization({ rmsScaling: true, gammaInitializer: "ones" });
    expectAllClose(b.apply(keras.tensor([[0, 1, 2, 3, 4]])), [[0.0, 0.70693, 1.41386, 2.12079, 2.82772]], 1e-5, 1e-5);
  });

  test("correctness: zero mean, unit std (Keras's test_correctness)", () => {
    const layer = new LayerNormalization();
    const out = layer.apply(normal([1000, 2, 2, 2], 4)) as Tensor;
    expectAllClose(ops.mean(out).item(), 0, 0.1);
    expectAllClose(ops.std(out).item(), 1, 0.1);
  });

  test("axis errors and canonical axis (Keras's test_invalid_axis, out of bounds, duplicates)", () => {
    throws(() => new LayerNormalization({ axis: { axis: -1 } as never }), KerasTypeError, "Expected an int or a list/tuple of ints for the argument 'axis'");
    const x = ops.zeros([2, 4]);
    for (const axis of [2, 99, -3, -99]) throws(() => new LayerNormalization({ axis }).apply(x), ValueError, "is out of bounds");
    throws(() => new LayerNormalization({ axis: [0, 99] }).apply(x), ValueError, "is out of bounds");
    throws(() => new LayerNormalization({ axis: 99 }).computeOutputShape([2, 4]), ValueError, "is out of bounds");
    throws(() => new LayerNormalization({ axis: [-1, 1] }).apply(x), ValueError, "Duplicate axes");
    const layer = new LayerNormalization({ axis: -1 });
    layer.build([2, 4]);
    expect(layer.axis).toEqual([1]);
    const s = new LayerNormalization({ axis: [-2, -1] }).apply(normal([2, 3, 4], 5)) as Tensor;
    const u = new LayerNormalization({ axis: [-1, -2] }).apply(normal([2, 3, 4], 5)) as Tensor;
    expectAllClose(arr(s), arr(u), 1e-6);
  });

  test("config == the Keras fixture; epsilon 1e-3", () => {
    const c = fixture<{ config: unknown }>("configs/layer_normalization.json");
    expect((serializeKerasObject(new LayerNormalization()) as { config: unknown }).config).toEqual(c.config);
  });
});

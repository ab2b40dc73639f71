// Dropout, SpatialDropout1D, GaussianNoise, ActivityRegularization: Keras's
// tests (keras/src/layers/regularization/*_test.py) ported; config fixture.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { ActivityRegularization, Dropout, GaussianNoise, SpatialDropout1D } from "../../../src/layers/index.js";
import { serializeKerasObject } from "../../../src/saving/serialization.js";
import { ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";
import { fixture } from "../../helpers/fixtures.js";

beforeEach(() => clearSession());
const { ops } = keras;
const slice = (x: Tensor, step: number): number[][] =>
  (x.toArray() as number[][][]).map((row) => row[step]!);

describe("Dropout", () => {
  test("basics (Keras's test_dropout_basics): one seed generator, built at construction", () => {
    runLayerTest(Dropout as never, {
      initKwargs: { rate: 0.2 }, inputShape: [2, 3], callKwargs: { training: true }, expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 1, expectedNumLosses: 0, supportsMasking: true,
    });
    expect(new Dropout(0.2).built).toBe(true);
  });

  test("rescaling (Keras's test_dropout_rescaling): mean ~1, kept values 1 / (1 - rate)", () => {
    const out = new Dropout(0.5, { seed: 1337 }).apply(ops.ones([20, 500]), { training: true }) as Tensor;
    // Keras's atol 0.02 holds for its RNG stream; ours differs, so 5 sigma (sigma = 2 * 0.5 / sqrt(10000) = 0.01).
    expectAllClose(ops.mean(out).item(), 1.0, 0.05, 0);
    expect(ops.max(out).item()).toBe(2);
    expect(new Set(Array.from(out.data))).toEqual(new Set([0, 2]));
  });

  test("identity at inference and with rate 0", () => {
    const x = ops.ones([3, 4]);
    expect(new Dropout(0.5).apply(x)).toBe(x);
    expect(new Dropout(0).apply(x, { training: true })).toBe(x);
    expect(new Dropout(0).seedGenerator).toBeNull();
  });

  test("noise shape shares a draw (Keras's partial noise shape tests)", () => {
    for (const noiseShape of [[null, 1, null], [20, 1, 10]]) {
      const out = new Dropout(0.5, { noiseShape }).apply(ops.ones([20, 5, 10]), { training: true }) as Tensor;
      expect(slice(out, 0)).toEqual(slice(out, 1));
    }
  });

  test("argument errors (Keras's wording)", () => {
    for (const rate of [-0.5, 1.5]) {
      throws(() => new Dropout({ rate }), ValueError, "Invalid value received for argument `rate`. Expected a float value between 0 and 1.");
    }
    throws(() => new Dropout(0.5, { noiseShape: "Invalid" as never }), ValueError, "Invalid value received for argument `noise_shape`. Expected a tuple or list of integers.");
    throws(() => new Dropout(0.5, { noiseShape: [20, 1.5, 10] }), ValueError, "Expected all elements to be integers or None.");
    for (const d of [-1, 0]) {
      throws(() => new Dropout(0.5, { noiseShape: [20, d, 10] }), ValueError, "Expected all dimensions to be positive integers or None.");
    }
    expect(new Dropout(0.5, { noiseShape: [null, 1, null] }).noiseShape).toEqual([null, 1, null]);
  });

  test("config == the Keras fixture (Dropout(0.3, seed=7))", () => {
    expect(serializeKerasObject(new Dropout(0.3, { seed: 7 }))).toEqual(fixture("configs/dropout.json"));
  });
});

describe("SpatialDropout1D", () => {
  test("basics and correctness (Keras's test_spatial_dropout_1d / _1D_correctness)", () => {
    for (const training of [true, false]) {
      runLayerTest(SpatialDropout1D as never, { initKwargs: { rate: 0.5 }, callKwargs: { training }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
    }
    const out = new SpatialDropout1D(0.5).apply(ops.ones([10, 3, 10]), { training: true }) as Tensor;
    expect(slice(out, 0)).toEqual(slice(out, 1));
    // Keras's spatial dropouts serialize only rate, seed, name and dtype.
    expect(Object.keys(new SpatialDropout1D(0.5).getConfig())).toEqual(["rate", "seed", "name", "dtype"]);
    throws(() => new SpatialDropout1D(0.5).apply(ops.ones([2, 3])), ValueError, "expected ndim=3, found ndim=2");
  });
});

describe("GaussianNoise", () => {
  test("basics and correctness (Keras's gaussian_noise_test)", () => {
    runLayerTest(GaussianNoise as never, {
      initKwargs: { stddev: 0.2 }, inputShape: [2, 3], callKwargs: { training: true }, expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 1, expectedNumLosses: 0, supportsMasking: true,
    });
    const out = new GaussianNoise(0.5, { seed: 1337 }).apply(ops.ones([20, 500]), { training: true }) as Tensor;
    expectAllClose(ops.std(out).item(), 0.5, 0.01, 0);
    const x = ops.ones([2, 2]);
    expect(new GaussianNoise(0.5).apply(x)).toBe(x);
    throws(() => new GaussianNoise(-1), ValueError, "Invalid value received for argument `stddev`");
  });
});

describe("ActivityRegularization", () => {
  test("basics (Keras's activity_regularization_test): one loss, config without activity_regularizer", () => {
    runLayerTest(ActivityRegularization as never, {
      initKwargs: { l1: 0.01, l2: 0.01 }, inputShape: [2, 3], expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 1, supportsMasking: true,
    });
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.2 });
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual(["name", "trainable", "dtype", "l1", "l2"]);
    expect([config.l1, config.l2]).toEqual([0.1, 0.2]);
    // Keras: losses = (l1 * sum|x| + l2 * sum x^2) / batch; here (0.1 * 4 + 0.2 * 4) / 2.
    layer.apply(ops.ones([2, 2]));
    expectAllClose(layer.losses[0]!.item(), 0.6, 1e-6);
  });
});

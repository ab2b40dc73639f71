// ReLU, LeakyReLU, ELU, Softmax, PReLU: Keras's tests
// (keras/src/layers/activations/*_test.py) ported.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from "../../../src/layers/index.js";
import { ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";

beforeEach(() => clearSession());
const t = keras.tensor;
const X = [-10, -5, 0, 5, 10];

describe("ReLU", () => {
  test("basics and values (Keras's relu_test)", () => {
    runLayerTest(ReLU as never, { initKwargs: { maxValue: 10, negativeSlope: 1, threshold: 0.5 }, inputShape: [2, 3, 4], supportsMasking: true });
    expect(new ReLU({ maxValue: 10 }).built).toBe(true);
    expectAllClose(new ReLU({ maxValue: 10 }).apply(t(X)), [0, 0, 0, 5, 10]);
    expectAllClose(new ReLU({ maxValue: 10, negativeSlope: 0.5 }).apply(t(X)), [-5, -2.5, 0, 5, 10]);
    expectAllClose(new ReLU({ maxValue: 8, threshold: 5 }).apply(t([6, 7, 0, 5, 10])), [6, 7, 0, 0, 8]);
    expectAllClose(new ReLU().apply(t([0, 100, 1000, 99999])), [0, 100, 1000, 99999]);
    expect(new ReLU().getConfig()).toMatchObject({ maxValue: null, negativeSlope: 0, threshold: 0 });
    const back = ReLU.fromConfig(new ReLU({ maxValue: 5, negativeSlope: 0.2, threshold: 1 }).getConfig());
    expect([back.maxValue, back.negativeSlope, back.threshold]).toEqual([5, 0.2, 1]);
  });
  test("invalid arguments (Keras's test_invalid_usage)", () => {
    throws(() => new ReLU({ maxValue: -10 }), ValueError, "max_value of a ReLU layer cannot be a negative value");
    throws(() => new ReLU({ negativeSlope: -10 }), ValueError, "negative_slope of a ReLU layer cannot be None or a negative value");
    throws(() => new ReLU({ negativeSlope: null as never }), ValueError, "negative_slope of a ReLU layer cannot be None");
    throws(() => new ReLU({ threshold: -10 }), ValueError, "threshold of a ReLU layer cannot be None or a negative value");
  });
});

describe("LeakyReLU", () => {
  test("basics, values and errors (Keras's leaky_relu_test)", () => {
    runLayerTest(LeakyReLU as never, { initKwargs: { negativeSlope: 1 }, inputShape: [2, 3, 4], supportsMasking: true });
    expectAllClose(new LeakyReLU({ negativeSlope: 0.5 }).apply(t(X)), [-5, -2.5, 0, 5, 10]);
    expect(new LeakyReLU().negativeSlope).toBe(0.3);
    throws(() => new LeakyReLU({ negativeSlope: null as never }), ValueError, "The negative_slope value of a Leaky ReLU layer cannot be None");
  });
});

describe("ELU", () => {
  test("basics and values (Keras's elu_test)", () => {
    runLayerTest(ELU as never, { initKwargs: {}, inputShape: [2, 3, 4], supportsMasking: true });
    const x = [-2, -0.5, 0, 0.5, 2];
    const npElu = (v: number, a = 1): number => (v > 0 ? v : a * (Math.exp(v) - 1));
    expectAllClose(new ELU().apply(t(x)), x.map((v) => npElu(v)));
    expectAllClose(new ELU(0.7).apply(t(x)), x.map((v) => npElu(v, 0.7)));
  });
});

describe("Softmax", () => {
  test("basics and values (Keras's softmax_test)", () => {
    runLayerTest(Softmax as never, { initKwargs: {}, inputShape: [2, 3, 4], supportsMasking: true });
    const x = t([[1, 2, 1], [1, 2, 1]]);
    const row = [0.21194157, 0.5761169, 0.21194157];
    expectAllClose(new Softmax().apply(x), [row, row]);
    expectAllClose(new Softmax(1).apply(x), [row, row]);
  });
  test("masks (Keras's test_softmax_correctness_with_mask, fully masked rows, broadcasting)", () => {
    const x = t([[1, 2, 1], [1, 2, 1]]);
    const mask = t([[1, 0, 1], [0, 1, 0]]);
    expectAllClose(new Softmax([1, 0]).apply(x, { mask }), [[0.21194154, 0, 0.21194154], [0, 0.57611686, 0]]);
    const y = new Softmax().apply(t([[1, 2, 5, 1], [1, 1, 1, 1], [3, 1, 2, 4]]), {
      mask: t([[true, true, false, false], [false, false, false, false], [true, true, true, true]], null, "bool"),
    });
    expectAllClose(y, [[0.268941, 0.731059, 0, 0], [0, 0, 0, 0], [0.236883, 0.032059, 0.087144, 0.643914]], 1e-6);
    const row = new Softmax().apply(t([[1, 1, 5], [2, 2, 7]]), { mask: t([1, 1, 0]) }) as Tensor;
    expectAllClose(row, [[0.5, 0.5, 0], [0.5, 0.5, 0]]);
    throws(() => new Softmax().apply(t([[1, 2]]), { mask: t([1, 0, 1]) }), ValueError, "The `mask` must be broadcastable to `inputs`");
  });
});

describe("PReLU", () => {
  test("basics and values (Keras's prelu_test)", () => {
    runLayerTest(PReLU as never, {
      initKwargs: { alphaInitializer: "zeros", alphaRegularizer: "L1", alphaConstraint: "MaxNorm", sharedAxes: 1 },
      inputShape: [2, 3, 4], supportsMasking: true, expectedNumTrainableWeights: 1, expectedNumLosses: 1,
    });
    const layer = new PReLU({ alphaInitializer: new keras.initializers.Constant(0.5) });
    expectAllClose(layer.apply(t([[-10, -5, 0, 5, 10]])), [[-5, -2.5, 0, 5, 10]]);
    expect(layer.alpha.shape).toEqual([5]);
    const shared = new PReLU({ sharedAxes: [1] });
    shared.build([null, 3, 4]);
    expect(shared.alpha.shape).toEqual([1, 4]);
  });
});

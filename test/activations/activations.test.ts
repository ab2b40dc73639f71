// keras.activations: each function against its defining formula in
// float64 (Keras's activations_test.py does the same with NumPy
// references), get / serialize / deserialize, and the Activation layer.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { Activation } from "../../src/layers/index.js";
import { serializeKerasObject, registerKerasSerializable } from "../../src/saving/serialization.js";
import { ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import type { Tensor } from "../../src/tensor.js";
import { throws } from "../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../helpers/run_layer_test.js";
import { fixture } from "../helpers/fixtures.js";
import { erf64 } from "../helpers/math_oracle.js";

beforeEach(() => clearSession());
const A = keras.activations;
const XS = [-20, -6, -3.5, -1, -0.25, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 3, 6.5, 20];
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const SELU_A = 1.6732632423543772848170429916717;
const SELU_S = 1.0507009873554804934193349852946;

// name, function, float64 formula, absolute tolerance (float32 rounding of the composed ops)
const ELEMENTWISE: [string, (x: Tensor) => Tensor, (x: number) => number, number][] = [
  ["relu", (x) => A.relu(x), (x) => Math.max(x, 0), 0],
  ["leaky_relu", (x) => A.leakyRelu(x), (x) => (x > 0 ? x : 0.2 * x), 1e-6],
  ["relu6", (x) => A.relu6(x), (x) => Math.min(Math.max(x, 0), 6), 0],
  ["elu", (x) => A.elu(x), (x) => (x > 0 ? x : Math.expm1(x)), 1e-6],
  ["selu", (x) => A.selu(x), (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x)), 2e-6],
  ["softplus", (x) => A.softplus(x), softplus, 1e-6],
  ["softsign", (x) => A.softsign(x), (x) => x / (Math.abs(x) + 1), 1e-6],
  ["silu", (x) => A.silu(x), (x) => x * sigmoid(x), 1e-6],
  ["gelu", (x) => A.gelu(x), (x) => 0.5 * x * (1 + erf64(x / Math.SQRT2)), 2e-6],
  ["gelu approximate", (x) => A.gelu(x, { approximate: true }),
    (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))), 2e-6],
  ["tanh", (x) => A.tanh(x), Math.tanh, 1e-6],
  ["sigmoid", (x) => A.sigmoid(x), sigmoid, 1e-6],
  ["exponential", (x) => A.exponential(x), Math.exp, 0],
  ["hard_sigmoid", (x) => A.hardSigmoid(x), (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5), 1e-6],
  ["hard_silu", (x) => A.hardSilu(x), (x) => (x < -3 ? 0 : x > 3 ? x : (x * (x + 3)) / 6), 1e-5],
  ["linear", (x) => A.linear(x), (x) => x, 0],
  ["mish", (x) => A.mish(x), (x) => x * Math.tanh(softplus(x)), 1e-6],
];

describe("activations against their formulas", () => {
  for (const [name, fn, ref, atol] of ELEMENTWISE) {
    test(name, () => {
      const out = fn(keras.tensor(XS));
      expect(out.dtype).toBe("float32");
      // rtol 1e-6 covers exp's float32 rounding at large |x|.
      expectAllClose(out, XS.map((x) => Math.fround(ref(Math.fround(x)))), atol, 2e-6);
    });
  }

  test("relu with negativeSlope, maxValue, threshold (Keras's docstring examples)", () => {
    const x = keras.tensor([-10, -5, 0, 5, 10]);
    expect(A.relu(x).toArray()).toEqual([0, 0, 0, 5, 10]);
    expect(A.relu(x, { negativeSlope: 0.5 }).toArray()).toEqual([-5, -2.5, 0, 5, 10]);
    expect(A.relu(x, { maxValue: 5 }).toArray()).toEqual([0, 0, 0, 5, 5]);
    expect(A.relu(x, { threshold: 5 }).toArray()).toEqual([-0, -0, 0, 0, 10]);
  });

  test("softmax, log_softmax and crelu along an axis", () => {
    expectAllClose(A.softmax(keras.tensor([[1, 2], [3, 5]]), { axis: 0 }), [[1 / (1 + Math.E ** 2), 1 / (1 + Math.E ** 3)], [Math.E ** 2 / (1 + Math.E ** 2), Math.E ** 3 / (1 + Math.E ** 3)]]);
    expectAllClose(A.logSoftmax(keras.tensor([0, Math.log(3)])), [Math.log(0.25), Math.log(0.75)], 1e-6);
    expect(A.crelu(keras.tensor([[1, -2]])).toArray()).toEqual([[1, 0, 0, 2]]);
  });

  test("exact gelu (Keras's default) differs from the tanh form", () => {
    // Keras's ops.gelu docstring: gelu([-1, 0, 1]) = [-0.15865525, 0, 0.84134475]
    expectAllClose(A.gelu(keras.tensor([-1, 0, 1])), [-0.15865525, 0, 0.84134475], 1e-7);
    expect(keras.ops.gelu([1]).item()).not.toBe(A.gelu(keras.tensor([1])).item());
  });
});

describe("get / serialize / deserialize", () => {
  test("every Keras name resolves, aliases included, and serializes back to its name", () => {
    const names = ["relu", "leaky_relu", "relu6", "softmax", "elu", "selu", "softplus", "softsign", "silu", "gelu", "tanh", "sigmoid",
      "exponential", "hard_sigmoid", "hard_silu", "linear", "mish", "log_softmax", "crelu"];
    for (const n of names) expect(A.serialize(A.get(n))).toBe(n);
    expect(A.get("swish")).toBe(A.silu);
    expect(A.get("hard_swish")).toBe(A.hardSilu);
    expect(A.get(null)).toBe(A.linear);
    expect(A.deserialize("tanh")).toBe(A.tanh);
    throws(() => A.get("nope"), ValueError, "Could not interpret activation function identifier: nope");
  });

  test("custom functions: registered ones serialize as Keras function objects, others are refused", () => {
    const myAct = (x: keras.Tensor): keras.Tensor => keras.ops.multiply(x, 2);
    expect(A.get(myAct)).toBe(myAct);
    throws(() => A.serialize(myAct), ValueError, "cannot be serialized");
    registerKerasSerializable(myAct, { package: "test" });
    const json = A.serialize(myAct);
    expect(json).toEqual(serializeKerasObject(myAct));
    expect(A.deserialize(json)).toBe(myAct);
  });
});

describe("Activation layer", () => {
  test("basics (Keras's activation_test) and config == fixture", () => {
    runLayerTest(Activation as never, {
      initKwargs: { activation: "relu" }, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
    });
    expect(new Activation("relu").apply(keras.tensor([-10, -5, 0, 5, 10])).toArray()).toEqual([0, 0, 0, 5, 10]);
    expect(new Activation(A.sigmoid).apply(keras.tensor([0])).toArray()).toEqual([0.5]);
    clearSession();
    expect(serializeKerasObject(new Activation("tanh"))).toEqual(fixture("configs/activation_tanh.json"));
    throws(() => new Activation("nope"), ValueError, "Could not interpret activation function identifier");
  });
});

// The Keras 3.16 model fixtures (models/<name>.expected.json) rebuilt by
// chaining built-in layers by hand with the stored weights: their outputs
// must equal Keras's `predict` (and for BatchNormalization, the
// `training=True` call) to 1e-5.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { Activation, BatchNormalization, Dense, Dropout, Embedding, GlobalAveragePooling1D, type Layer } from "../../../src/layers/index.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { expectAllClose } from "../../helpers/run_layer_test.js";
import { fixture } from "../../helpers/fixtures.js";

interface Arr { shape: number[]; dtype: string; values: number[] }
interface Expected {
  input: Arr; predict: Arr; call_training_true?: Arr; losses_after_call: Arr[];
  weights: (Arr & { path: string; trainable: boolean })[];
  layers: { name: string; class: string; weights: string[] }[];
}

beforeEach(() => clearSession());

const asTensor = (a: Arr): Tensor => keras.tensor(a.values, a.shape, a.dtype as never);

/** Builds each layer on the running shape, sets its weights from the fixture (by path), and chains the calls. */
function run(name: string, layers: Layer[], training = false): { out: Tensor; e: Expected } {
  const e = fixture<Expected>(`models/${name}.expected.json`);
  let x = asTensor(e.input);
  layers.forEach((layer, i) => {
    const spec = e.layers[i]!;
    expect(layer.constructor.name).toBe(spec.class);
    if (spec.weights.length > 0) {
      layer.build(x.shape);
      // Keras's weight names: the last part of each path, in layer.weights order.
      expect(layer.weights.map((w) => w.name)).toEqual(spec.weights.map((p) => p.split("/").pop()));
      layer.setWeights(spec.weights.map((p) => asTensor(e.weights.find((w) => w.path === p)!)));
    }
    x = layer.apply(x, { training }) as Tensor;
  });
  return { out: x, e };
}

describe("Keras model fixtures, layer by layer", () => {
  test("mlp: Dense(16, relu, L2(0.01)) -> Dropout(0.25) -> Dense(3, softmax); predict and the L2 loss", () => {
    const dense = new Dense(16, { activation: "relu", kernelRegularizer: new keras.regularizers.L2(0.01) });
    const { out, e } = run("mlp", [dense, new Dropout(0.25), new Dense(3, { activation: "softmax" })]);
    expect(out.shape).toEqual(e.predict.shape);
    expectAllClose(Array.from(out.data), e.predict.values, 1e-5, 0);
    expect(dense.losses.length).toBe(1);
    expectAllClose(dense.losses[0]!.item(), e.losses_after_call[0]!.values[0], 1e-5, 1e-6);
  });

  test("bn: Dense(5) -> BatchNormalization -> Activation(relu) -> Dense(2); inference and training", () => {
    const make = (): Layer[] => [new Dense(5), new BatchNormalization(), new Activation("relu"), new Dense(2)];
    const inference = run("bn", make());
    expectAllClose(Array.from(inference.out.data), inference.e.predict.values, 1e-5, 0);
    clearSession();
    const training = run("bn", make(), true);
    expectAllClose(Array.from(training.out.data), training.e.call_training_true!.values, 1e-5, 0);
  });

  test("embed: Embedding(12, 4, maskZero) -> GlobalAveragePooling1D (masked) -> Dense(2)", () => {
    const { out, e } = run("embed", [new Embedding(12, 4, { maskZero: true }), new GlobalAveragePooling1D(), new Dense(2)]);
    expectAllClose(Array.from(out.data), e.predict.values, 1e-5, 0);
  });
});

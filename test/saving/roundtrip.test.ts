// Save / load round trips through keras.saving for every built-in layer
// type (a table over the layer classes) and every model type: Sequential,
// Functional with several inputs and outputs, nested models, and a
// subclassed model of a registered class. Each must come back with the
// same config JSON, the same weights in the same order (with Keras's paths
// after a reload) and the same outputs.
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import type { H5Group } from "../../src/saving/h5/tree.js";


const { layers: L, ops } = keras;

/** Deterministic, non-default weight values (so a weight that is not loaded shows). */
function scramble(model: keras.Layer): void {
  let k = 1;
  for (const w of model.weights) {
    if (w.dtype !== "float32") continue;
    const n = w.shape.reduce((a, b) => a * b, 1);
    // Positive for every weight (a BatchNormalization variance must be), distinct per weight.
    w.assign(keras.tensor(Array.from({ length: n }, (_, i) => 0.25 + ((i * 7 + k * 13) % 17) / 16), w.shape));
    k++;
  }
}

function input(shape: number[], dtype = "float32"): keras.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return dtype === "int32"
    ? keras.tensor(Array.from({ length: n }, (_, i) => (i * 5) % 9), shape, "int32")
    : keras.tensor(Array.from({ length: n }, (_, i) => Math.sin(i + 1)), shape);
}

async function roundTrip(model: keras.Model, x: unknown, samePaths = true): Promise<keras.Model> {
  const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
  expect(JSON.stringify(keras.saving.serializeKerasObject(again))).toBe(JSON.stringify(keras.saving.serializeKerasObject(model)));
  // Paths after a reload are Keras's: every built layer is deserialized, and so built from its
  // build_config, on its own, outside any model's name scope: `dense/kernel` (layer/weight).
  const desc = (w: keras.Variable, reloaded: boolean): unknown[] =>
    samePaths ? [reloaded ? w.path : w.path.split("/").slice(-2).join("/"), w.shape, w.dtype] : [w.shape, w.dtype];
  expect(again.weights.map((w) => desc(w, true))).toEqual(model.weights.map((w) => desc(w, false)));
  expect(again.getWeights().map((w) => w.toArray())).toEqual(model.getWeights().map((w) => w.toArray()));
  const out = (m: keras.Model): unknown => {
    const y = m.predictOnBatch(x);
    return Array.isArray(y) ? y.map((t: keras.Tensor) => t.toArray()) : (y as keras.Tensor).toArray();
  };
  expect(out(again)).toEqual(out(model));
  return again;
}

// [layer, input shape without the batch axis, input dtype]
const LAYERS: [string, () => keras.Layer, number[], string?][] = [
  ["Dense", () => new L.Dense(3, { activation: "tanh", kernelRegularizer: "l2", kernelConstraint: "max_norm" }), [4]],
  ["Embedding", () => new L.Embedding(10, 3, { maskZero: true }), [5], "int32"],
  ["Masking", () => new L.Masking({ maskValue: 0 }), [3, 2]],
  ["Activation", () => new L.Activation("softmax"), [4]],
  ["ReLU", () => new L.ReLU({ maxValue: 0.5, negativeSlope: 0.1 }), [4]],
  ["LeakyReLU", () => new L.LeakyReLU({ negativeSlope: 0.2 }), [4]],
  ["ELU", () => new L.ELU({ alpha: 0.7 }), [4]],
  ["Softmax", () => new L.Softmax({ axis: -1 }), [4]],
  ["PReLU", () => new L.PReLU(), [4]],
  ["Dropout", () => new L.Dropout(0.5, { seed: 3 }), [4]],
  ["SpatialDropout1D", () => new L.SpatialDropout1D(0.5), [3, 2]],
  ["GaussianNoise", () => new L.GaussianNoise(0.1, { seed: 2 }), [4]],
  ["ActivityRegularization", () => new L.ActivityRegularization({ l1: 0.01, l2: 0.02 }), [4]],
  ["BatchNormalization", () => new L.BatchNormalization({ momentum: 0.9 }), [4]],
  ["LayerNormalization", () => new L.LayerNormalization(), [4]],
  ["Flatten", () => new L.Flatten(), [2, 3]],
  ["Reshape", () => new L.Reshape([3, 2]), [6]],
  ["Permute", () => new L.Permute([2, 1]), [2, 3]],
  ["RepeatVector", () => new L.RepeatVector(3), [4]],
  ["GlobalAveragePooling1D", () => new L.GlobalAveragePooling1D(), [3, 4]],
  ["GlobalMaxPooling1D", () => new L.GlobalMaxPooling1D(), [3, 4]],
  ["Rescaling", () => new L.Rescaling(0.5, { offset: 1 }), [4]],
];

describe("every built-in layer, in a Sequential", () => {
  test.each(LAYERS)("%s", async (_name, make, shape, dtype) => {
    const model = new keras.Sequential([keras.Input({ shape, dtype: dtype ?? "float32" }), make()]);
    scramble(model);
    await roundTrip(model, input([2, ...shape], dtype));
  });
});

const MERGES: [string, () => keras.Layer][] = [
  ["Add", () => new L.Add()], ["Subtract", () => new L.Subtract()], ["Multiply", () => new L.Multiply()],
  ["Average", () => new L.Average()], ["Maximum", () => new L.Maximum()], ["Minimum", () => new L.Minimum()],
  ["Concatenate", () => new L.Concatenate({ axis: -1 })], ["Dot", () => new L.Dot({ axes: 1 })],
];

describe("models", () => {
  test.each(MERGES)("Functional, two inputs through %s, two outputs", async (_name, merge) => {
    const a = keras.Input({ shape: [4], name: "a" });
    const b = keras.Input({ shape: [4], name: "b" });
    const m = (merge().apply([new L.Dense(4, { name: "branch_a" }).apply(a), b]) as keras.KerasTensor);
    const out1 = new L.Dense(2, { name: "head_1" }).apply(m);
    const out2 = new L.Dense(3, { name: "head_2" }).apply(ops.add(b, 1));
    const model = new keras.Model({ inputs: [a, b], outputs: [out1, out2] });
    scramble(model);
    // A Functional's layers include its InputLayers (README quirk 15: /layers/input_layer).
    const { saveState } = await import("../../src/saving/weights_store.js");
    const groups = [...(saveState(model).children.get("layers") as H5Group).children.keys()];
    expect(groups).toEqual(expect.arrayContaining(["input_layer", "input_layer_1", "dense", "dense_1", "dense_2"]));
    await roundTrip(model, [input([2, 4]), input([2, 4])]);
  });

  test("nested: a Sequential inside a Functional inside a Sequential", async () => {
    const inner = new keras.Sequential([keras.Input({ shape: [3] }), new L.Dense(4), new L.BatchNormalization()]);
    const x = keras.Input({ shape: [3] });
    const mid = new keras.Model({ inputs: x, outputs: new L.Dense(2).apply(inner.apply(x)) });
    const model = new keras.Sequential([keras.Input({ shape: [3] }), mid, new L.Dense(1)]);
    scramble(model);
    await roundTrip(model, input([2, 3]));
  });

  test("subclassed model of a registered class: sub-layers by attribute name, as Keras walks them", async () => {
    class TwoLayer extends keras.Model {
      dense1: keras.layers.Dense;
      outputLayer: keras.layers.Dense;
      constructor(units = 3, options: ConstructorParameters<typeof keras.Model>[0] = {}) {
        super(options);
        this.units = units;
        this.dense1 = new L.Dense(units, { activation: "relu" });
        this.outputLayer = new L.Dense(2);
      }
      units: number;
      override call(x: keras.Tensor): keras.Tensor {
        return this.outputLayer.apply(this.dense1.apply(x)) as keras.Tensor;
      }
      override getConfig(): Record<string, unknown> {
        return { ...super.getConfig(), units: this.units };
      }
    }
    keras.saving.registerKerasSerializable(TwoLayer, { package: "test" });
    const model = new TwoLayer(3);
    model.apply(input([1, 4]));
    scramble(model);
    const { saveState } = await import("../../src/saving/weights_store.js");
    // Keras's _walk_saveable visits the attributes a bare Layer lacks, in sorted
    // order: `dense1`, then Model's `layers` property (a list: its members are
    // keyed by class, `dense` for dense1, already saved, and `dense_1` for
    // outputLayer), then `output_layer`, already saved by then.
    const tree = saveState(model);
    expect([...tree.children.keys()]).toEqual(["vars", "dense1", "layers"]);
    expect([...(tree.children.get("layers") as H5Group).children.keys()]).toEqual(["dense_1"]);
    // (The sub-layers' auto names are not in a subclassed model's config, in Keras too: paths may differ.)
    await roundTrip(model, input([2, 4]), false);
  });
});

// The .keras layer against the Keras fixtures, on in-memory weight trees
// (fixture_models.ts): configs round-trip to Keras's JSON; the weight walk
// reads the fixtures' weights into the right variables (predict matches
// Keras to 1e-5) and writes exactly the groups, datasets and attributes
// Keras wrote.
import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { loadState, saveState } from "../../src/saving/weights_store.js";
import { FIXTURES, fixture } from "../helpers/fixtures.js";
import { MODELS, expected, fixtureTree, layout, listTree, reloadedPath, withoutSharedIds, type ModelName } from "./fixture_models.js";

// Every config fixture, the STFT initializer's included.
const CONFIGS = readdirSync(new URL("configs/", FIXTURES)).filter((f) => f.endsWith(".json") && !f.startsWith("_"));

describe("Keras JSON exactness", () => {
  test.each(CONFIGS)("configs/%s deserializes and re-serializes to the same JSON", (file) => {
    const json = fixture(`configs/${file}`);
    const obj = keras.saving.deserializeKerasObject(json);
    expect(JSON.stringify(keras.saving.serializeKerasObject(obj))).toBe(JSON.stringify(json));
  });

  test("the STFT configs are among them", () => {
    expect(CONFIGS).toEqual(expect.arrayContaining(["init_STFT_args.json", "init_STFT_default.json"]));
    expect(keras.saving.deserializeKerasObject(fixture("configs/init_STFT_args.json"))).toBeInstanceOf(keras.initializers.STFT);
  });

  test.each(MODELS)("%s: config.json round-trips (less shared_object_id, quirk 10), key order included", (m) => {
    const json = withoutSharedIds(layout(m)["config.json"]);
    const model = keras.saving.deserializeKerasObject(json);
    expect(JSON.stringify(keras.saving.serializeKerasObject(model))).toBe(JSON.stringify(json));
  });
});

test("built in one piece, as Python built it, the mlp has expected.json's paths (sequential/dense/kernel); reloaded, dense/kernel", async () => {
  keras.clearSession();
  const model = new keras.Sequential([
    keras.Input({ shape: [8] }),
    new keras.layers.Dense(16, { activation: "relu", kernelRegularizer: new keras.regularizers.L2(0.01) }),
    new keras.layers.Dropout(0.25),
    new keras.layers.Dense(3, { activation: "softmax" }),
  ]);
  expect(model.weights.map((w) => w.path)).toEqual(expected("mlp").weights.map((w) => w.path));
  const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
  expect(again.weights.map((w) => w.path)).toEqual(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]);
});

function predictClose(m: ModelName, model: keras.Model): void {
  const exp = expected(m);
  const x = keras.tensor(exp.input.values, exp.input.shape, exp.input.dtype);
  const y = model.predictOnBatch(x) as keras.Tensor;
  expect(y.shape).toEqual(exp.predict.shape);
  const got = Array.from(y.data as Float32Array);
  got.forEach((v, i) => expect(Math.abs(v - exp.predict.values[i]!), `${m} predict[${i}]`).toBeLessThanOrEqual(1e-5));
}

describe.each(MODELS)("fixture model %s (weights from an in-memory tree)", (m) => {
  const load = (): keras.Model => {
    const model = keras.saving.deserializeKerasObject(withoutSharedIds(layout(m)["config.json"])) as keras.Model;
    loadState(model, fixtureTree(m), "model.weights.h5");
    return model;
  };

  test("weights land in Keras's order, reloaded paths, shapes and values; predict matches to 1e-5", () => {
    const model = load();
    const exp = expected(m);
    expect(model.weights.map((w) => [w.path, w.shape, w.dtype, w.trainable])).toEqual(exp.weights.map((w) => [reloadedPath(m, w.path), w.shape, w.dtype, w.trainable]));
    model.weights.forEach((w, i) => expect(Array.from(w.value.data as Float32Array)).toEqual(exp.weights[i]!.values));
    predictClose(m, model);
  });

  test("saving writes exactly Keras's groups, datasets, shapes, dtypes and name attributes", () => {
    const want = layout(m)["model.weights.h5"].map((e) => ({ path: e.path, kind: e.kind, attrs: e.attrs, ...(e.kind === "dataset" ? { shape: e.shape, dtype: e.dtype } : {}) }));
    expect(listTree(saveState(load()))).toEqual(want);
  });
});

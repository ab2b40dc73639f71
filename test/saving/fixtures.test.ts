// The real Keras 3.16 archives (test/fixtures/keras/models/*.keras, written
// by Python Keras's model.save) through the real zip and HDF5 code: each
// loads and reproduces Keras's predict to 1e-5 with Keras's weights in
// Keras's order, paths and shapes; what keras-wasm writes for the same model
// reads back to the same layout (groups, datasets, attributes) as Keras's.
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { readH5 } from "../../src/saving/h5/reader.js";
import { FIXTURES } from "../helpers/fixtures.js";
import { MODELS, expected, layout, listTree, reloadedPath, withoutSharedIds } from "./fixture_models.js";

const archive = (m: string): Uint8Array => readFileSync(new URL(`models/${m}.keras`, FIXTURES));

describe.each(MODELS)("fixture %s.keras (real bytes)", (m) => {
  test("loads; weights in Keras's order, shapes, values and reloaded paths; predict to 1e-5", async () => {
    const model = await keras.saving.loadModel(archive(m));
    const exp = expected(m);
    expect(model.weights.map((w) => [w.path, w.shape, w.dtype])).toEqual(exp.weights.map((w) => [reloadedPath(m, w.path), w.shape, w.dtype]));
    model.weights.forEach((w, i) => expect(Array.from(w.value.data as Float32Array)).toEqual(exp.weights[i]!.values));
    const x = keras.tensor(exp.input.values, exp.input.shape, exp.input.dtype);
    const y = model.predictOnBatch(x) as keras.Tensor;
    expect(y.shape).toEqual(exp.predict.shape);
    Array.from(y.data as Float32Array).forEach((v, i) => expect(Math.abs(v - exp.predict.values[i]!)).toBeLessThanOrEqual(1e-5));
  });

  test("saved again: the same zip entries, config.json and weights layout as Keras's", async () => {
    const bytes = await keras.saving.saveModel(await keras.saving.loadModel(archive(m)));
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(layout(m).zip_entries.map((e) => e.name));
    expect(JSON.parse(new TextDecoder().decode(files["config.json"]!))).toEqual(withoutSharedIds(layout(m)["config.json"]));
    const want = layout(m)["model.weights.h5"].map((e) => ({ path: e.path, kind: e.kind, attrs: e.attrs, ...(e.kind === "dataset" ? { shape: e.shape, dtype: e.dtype } : {}) }));
    expect(listTree(readH5(files["model.weights.h5"]!))).toEqual(want);
  });
});

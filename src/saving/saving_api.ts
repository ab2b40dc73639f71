// keras.saving's file functions (Keras's saving_api.py): `.keras` archives
// and `.weights.h5` files. This file is small and always loaded; the rest
// (file_io.ts, the zip and HDF5 code) is imported on first use, so it sits
// in its own lazily loaded chunk of the bundle. Paths are read and written
// through node:fs, which only the Node/Deno entry provides (file_system.ts),
// so browsers and Workers never touch it.
import type { Layer } from "../layers/layer.js";
import type { Model } from "../models/model.js";
import { installModelIO } from "../models/model_io.js";
import type { LoadModelOptions } from "./keras_archive.js";

export type { LoadModelOptions } from "./keras_archive.js";

/** The lazily loaded implementation (file_io.ts and the formats below it). */
const io = () => import("./file_io.js");

/**
 * `keras.saving.save_model`, to bytes: the model as a `.keras` archive
 * (config.json, metadata.json and model.weights.h5 laid out as Keras 3
 * writes them; Python Keras loads it with `keras.saving.load_model`).
 *
 * @example
 * const model = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
 * const bytes = await keras.saving.saveModel(model);
 * bytes instanceof Uint8Array; // true
 */
export async function saveModel(model: Layer): Promise<Uint8Array> {
  return (await io()).saveModel(model);
}

/**
 * `keras.saving.load_model`: a model from `.keras` bytes or a file path
 * (Node, Deno), weights, optimizer state and `compile` arguments included.
 * Only built-in and registered classes are built; nothing is evaluated.
 *
 * @example
 * const model = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
 * const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
 * again.layers[0].kernel.shape; // [2, 1]
 */
export async function loadModel(source: Uint8Array | ArrayBuffer | string, options: LoadModelOptions = {}): Promise<Model> {
  return (await (await io()).loadModel(source, options)) as Model;
}

/**
 * `model.save_weights`' file as bytes: a `.weights.h5` of any layer or
 * model (what `model.saveWeights()` writes).
 *
 * @example
 * const model = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
 * (await keras.saving.saveWeights(model)).length > 0; // true
 */
export async function saveWeights(layer: Layer): Promise<Uint8Array> {
  return (await io()).saveWeights(layer);
}

/**
 * `model.load_weights` for any layer or model: from `.weights.h5` or
 * `.keras` bytes, or a path. Every weight is checked (present, same shape)
 * before any is assigned: on an error the layer is left as it was.
 *
 * @example
 * const a = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
 * const b = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
 * await keras.saving.loadWeights(b, await keras.saving.saveWeights(a));
 * const same = (x, y) => JSON.stringify(x.getWeights().map((w) => w.toArray())) === JSON.stringify(y.getWeights().map((w) => w.toArray()));
 * same(a, b); // true
 */
export async function loadWeights(layer: Layer, source: Uint8Array | ArrayBuffer | string): Promise<void> {
  await (await io()).loadWeights(layer, source);
}

installModelIO({
  save: async (model, filepath) => (await io()).saveToPath(model, filepath),
  saveWeights: async (model, filepath) => (await io()).saveWeightsToPath(model, filepath),
  loadWeights,
});

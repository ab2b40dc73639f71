// keras.saving's file functions (Keras's saving_api.py): `.keras` archives
// and `.weights.h5` files. This file is small and always loaded; the zip and
// HDF5 code (keras_archive.ts and below) is imported on first use, so it
// sits in its own lazily loaded chunk of the bundle. Paths are read and
// written through node:fs, which only the Node/Deno entry provides
// (file_system.ts), so browsers and Workers never touch it.
import { KerasTypeError, ValueError, describe } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import type { Model } from "../models/model.js";
import { installModelIO } from "../models/model_io.js";
import { fileSystem } from "./file_system.js";
import type { LoadModelOptions } from "./keras_archive.js";

export type { LoadModelOptions } from "./keras_archive.js";

const archive = () => import("./keras_archive.js");

async function bytesOf(source: unknown, fn: string): Promise<{ bytes: Uint8Array; what: string }> {
  if (source instanceof Uint8Array) return { bytes: source, what: "the archive" };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), what: "the archive" };
  if (typeof source === "string") {
    const bytes = await fileSystem(fn).readFile(source);
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), what: `'${source}'` };
  }
  throw new KerasTypeError(`${fn}: expected a Uint8Array, an ArrayBuffer or a file path; received ${describe(source)}`);
}

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
  return (await archive()).saveModelBytes(model);
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
  const { bytes, what } = await bytesOf(source, "loadModel");
  return (await archive()).loadModelBytes(bytes, what, options) as Model;
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
  return (await archive()).saveWeightsBytes(layer);
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
  const { bytes, what } = await bytesOf(source, "loadWeights");
  (await archive()).loadWeightsBytes(layer, bytes, what);
}

installModelIO({
  async save(model, filepath) {
    if (typeof filepath !== "string" || !filepath.endsWith(".keras")) {
      throw new ValueError(`Invalid \`filepath\` argument: expected a \`.keras\` extension. Received: filepath=${String(filepath)}`);
    }
    const bytes = await saveModel(model);
    await fileSystem("model.save").writeFile(filepath, bytes);
  },
  async saveWeights(model, filepath) {
    if (filepath !== undefined && !filepath.endsWith(".weights.h5")) {
      throw new ValueError(`Invalid \`filepath\` argument: expected a \`.weights.h5\` extension. Received: filepath=${filepath}`);
    }
    const bytes = await saveWeights(model);
    if (filepath !== undefined) await fileSystem("model.saveWeights").writeFile(filepath, bytes);
    return bytes;
  },
  loadWeights,
});

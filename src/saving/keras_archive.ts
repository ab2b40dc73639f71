// `.keras` archives and `.weights.h5` files as Keras 3's saving_lib writes
// them: a zip (STORED) of metadata.json, config.json and model.weights.h5,
// in that order. Loaded lazily (saving_api.ts imports it on first use), so
// the zip and HDF5 code stay out of the core bundle.
import { ValueError, describe } from "../errors.js";
import { Layer } from "../layers/layer.js";
import { deserializeKerasObject, serializeKerasObject, type CustomObjects } from "./serialization.js";
import { loadState, saveState } from "./weights_store.js";
import { readZip, writeZip, type ZipLimits } from "./zip.js";
import { readH5 } from "./h5/reader.js";
import { writeH5 } from "./h5/writer.js";
import type { H5Group } from "./h5/tree.js";

/**
 * The Keras version written into `metadata.json`: the Keras 3 release whose
 * archive layout keras-wasm writes (its fixtures were made with it). Keras's
 * loader does not read this file; it is there for people and tools.
 */
export const KERAS_FORMAT_VERSION = "3.16.0";

/** Options of `loadModel`. */
export interface LoadModelOptions extends ZipLimits {
  /** Classes and functions by name, searched with the registry. */
  customObjects?: CustomObjects | null;
  /** Compile the model with the archive's `compile_config` (default true). */
  compile?: boolean;
  /** Kept for Keras parity; keras-wasm never evaluates code either way. */
  safeMode?: boolean;
}

const CONFIG = "config.json";
const METADATA = "metadata.json";
const WEIGHTS = "model.weights.h5";

const pad = (n: number): string => String(n).padStart(2, "0");
/** Python's `strftime("%Y-%m-%d@%H:%M:%S")` of local time. */
const dateSaved = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}@${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/**
 * Python's `json.dumps` spacing (`", "` and `": "`), which is what Keras
 * writes; values are the same either way. Strings are left as they are.
 */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 0).replace(/("(?:[^"\\]|\\.)*")|([,:])/g, (m, str: string | undefined, sep: string | undefined) => str ?? `${sep} `);
}

const encoder = new TextEncoder();

/** `saving.saveModel`'s bytes. */
export function saveModelBytes(model: Layer): Uint8Array {
  if (!(model instanceof Layer)) throw new ValueError(`saveModel: expected a model or layer; received ${describe(model)}`);
  const now = new Date();
  const config = pythonJson(serializeKerasObject(model));
  const metadata = pythonJson({ keras_version: KERAS_FORMAT_VERSION, date_saved: dateSaved(now) });
  const weights = writeH5(saveState(model));
  return writeZip([[METADATA, encoder.encode(metadata), false], [CONFIG, encoder.encode(config), false], [WEIGHTS, weights, true]], now);
}

/** The weights file's tree; its errors name the file (`'m.keras'/model.weights.h5: ...`). */
function readWeights(bytes: Uint8Array, what: string): H5Group {
  try {
    return readH5(bytes);
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`${what}: ${e.message}`);
    throw e;
  }
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ValueError(`${what}: not valid JSON (${(e as Error).message}).`);
  }
}

function entry(files: Map<string, Uint8Array>, name: string, what: string): Uint8Array {
  const data = files.get(name);
  if (data === undefined) throw new ValueError(`${what}: the archive has no '${name}' (entries: ${[...files.keys()].join(", ") || "none"}).`);
  return data;
}

/** `saving.loadModel` on bytes. */
export function loadModelBytes(bytes: Uint8Array, what: string, options: LoadModelOptions = {}): Layer {
  const files = readZip(bytes, what, options);
  const config = parseJson(entry(files, CONFIG, what), `${what}/${CONFIG}`);
  const weightBytes = entry(files, WEIGHTS, what);
  // The weights file is parsed (and checked) before any object is built.
  const tree = readWeights(weightBytes, `${what}/${WEIGHTS}`);
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new ValueError(`${what}/${CONFIG}: expected an object; received ${describe(config)}`);
  const json = options.compile === false ? { ...(config as Record<string, unknown>), compile_config: null } : config;
  const model = deserializeKerasObject(json, { customObjects: options.customObjects ?? null, safeMode: options.safeMode ?? true });
  if (!(model instanceof Layer)) throw new ValueError(`${what}/${CONFIG}: describes a ${describe(model)}, not a model or layer.`);
  loadState(model, tree, `${what}/${WEIGHTS}`);
  return model;
}

/** `model.saveWeights`'s bytes: the `.weights.h5` file. */
export function saveWeightsBytes(model: Layer): Uint8Array {
  return writeH5(saveState(model));
}

/** `model.loadWeights` from `.weights.h5` bytes, or from a `.keras` archive's weights (as Keras accepts both). */
export function loadWeightsBytes(model: Layer, bytes: Uint8Array, what: string, limits: ZipLimits = {}): void {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const h5 = isZip ? entry(readZip(bytes, what, limits), WEIGHTS, what) : bytes;
  const where = isZip ? `${what}/${WEIGHTS}` : what;
  loadState(model, readWeights(h5, where), where);
}

// What keras.saving's functions do once loaded (lazily, with the formats):
// sources as bytes or paths, Keras's file-name checks, and the calls into
// keras_archive.ts. Paths go through file_system.ts (node:fs, provided by
// the Node/Deno entry only).
import { KerasTypeError, ValueError, describe } from "../errors.js";
import type { Layer } from "../layers/layer.js";
import { fileSystem } from "./file_system.js";
import { loadModelBytes, loadWeightsBytes, saveModelBytes, saveWeightsBytes, type LoadModelOptions } from "./keras_archive.js";

async function bytesOf(source: unknown, fn: string): Promise<{ bytes: Uint8Array; what: string }> {
  if (source instanceof Uint8Array) return { bytes: source, what: "the archive" };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), what: "the archive" };
  if (typeof source === "string") {
    const bytes = await fileSystem(fn).readFile(source);
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), what: `'${source}'` };
  }
  throw new KerasTypeError(`${fn}: expected a Uint8Array, an ArrayBuffer or a file path; received ${describe(source)}`);
}

export const saveModel = (model: Layer): Uint8Array => saveModelBytes(model);

export async function loadModel(source: unknown, options: LoadModelOptions): Promise<Layer> {
  const { bytes, what } = await bytesOf(source, "loadModel");
  return loadModelBytes(bytes, what, options);
}

export const saveWeights = (layer: Layer): Uint8Array => saveWeightsBytes(layer);

export async function loadWeights(layer: Layer, source: unknown): Promise<void> {
  const { bytes, what } = await bytesOf(source, "loadWeights");
  loadWeightsBytes(layer, bytes, what);
}

/** `model.save(filepath)`: Keras insists on the `.keras` extension. */
export async function saveToPath(model: Layer, filepath: string): Promise<void> {
  if (typeof filepath !== "string" || !filepath.endsWith(".keras")) {
    throw new ValueError(`Invalid \`filepath\` argument: expected a \`.keras\` extension. Received: filepath=${String(filepath)}`);
  }
  await fileSystem("model.save").writeFile(filepath, saveModelBytes(model));
}

/** `model.saveWeights(filepath?)`: the bytes, also written when a `.weights.h5` path is given. */
export async function saveWeightsToPath(model: Layer, filepath?: string): Promise<Uint8Array> {
  if (filepath !== undefined && !filepath.endsWith(".weights.h5")) {
    throw new ValueError(`Invalid \`filepath\` argument: expected a \`.weights.h5\` extension. Received: filepath=${filepath}`);
  }
  const bytes = saveWeightsBytes(model);
  if (filepath !== undefined) await fileSystem("model.saveWeights").writeFile(filepath, bytes);
  return bytes;
}

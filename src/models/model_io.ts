// How a model reaches the saving code without importing it: `keras.saving`
// (src/saving/saving_api.ts) installs these functions when it is loaded,
// and `model.save()` / `saveWeights()` / `loadWeights()` call through them.
// (saving/ imports models/, so the other direction would be a circle; the
// formats themselves load lazily, on first use.)
import { ValueError } from "../errors.js";
import type { Layer } from "../layers/layer.js";

/** What `keras.saving` provides to models. */
export interface ModelIO {
  save(model: Layer, filepath: string): Promise<void>;
  saveWeights(model: Layer, filepath?: string): Promise<Uint8Array>;
  loadWeights(model: Layer, source: Uint8Array | ArrayBuffer | string): Promise<void>;
}

let io: ModelIO | null = null;

/** @internal Called once by `keras.saving`. */
export function installModelIO(impl: ModelIO): void {
  io = impl;
}

/** @internal The installed saving functions. */
export function modelIO(): ModelIO {
  if (io === null) throw new ValueError("Saving needs keras.saving, which is not loaded (import the package's entry, not src/models alone).");
  return io;
}

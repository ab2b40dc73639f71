// Real Keras 3.16 outputs (see test/fixtures/keras/README.md: made by
// running Keras, never by keras-wasm). They live in the repository so that
// a clone tests on its own.
import { readFileSync } from "node:fs";

/** The directory of the Keras fixtures, as a file URL ending in "/". */
export const FIXTURES = new URL("../fixtures/keras/", import.meta.url);

/** Parses a fixture file, e.g. `fixture("configs/dense_built.json")`. */
export function fixture<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8")) as T;
}

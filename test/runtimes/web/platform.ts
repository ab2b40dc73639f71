// The platform suite in a browser page, against the built package as a
// bundler resolves it. Browsers compile the WASM module asynchronously, so
// the suite runs twice: first synchronously right after the import, before
// the compile can finish (ops must work on the reference kernels), then
// after `ready()` (WASM SIMD kernels, twins, digests).
import * as keras from "keras-wasm";
import { runChecks, type Keras, type PlatformReport } from "../../platform/index.js";

export interface BrowserRun {
  first: ReturnType<typeof keras.backendInfo>;
  beforeReady: PlatformReport;
  afterBeforeReady: ReturnType<typeof keras.backendInfo>;
  afterReady: PlatformReport;
}

const k = keras as unknown as Keras;
const w = window as unknown as { __platform?: BrowserRun; __platformError?: string };
try {
  const first = keras.backendInfo(); // starts the asynchronous compile
  const beforeReady = runChecks(k, ["any"]);
  const afterBeforeReady = keras.backendInfo();
  await keras.ready();
  w.__platform = { first, beforeReady, afterBeforeReady, afterReady: runChecks(k) };
  document.getElementById("status")!.textContent = "done";
} catch (e) {
  w.__platformError = e instanceof Error ? `${e.stack}` : String(e);
}

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
  threads: ThreadRun;
}

/** A matmul large enough to split, on 1 thread and on 2 (after the workers came online, if any). */
export interface ThreadRun {
  isolated: boolean;
  threads: number;
  workerTasks: number;
  sameBits: boolean;
}

async function threadRun(): Promise<ThreadRun> {
  const { ops, config } = keras;
  const a = ops.divide(ops.reshape(ops.arange(128 * 192), [128, 192]), 977);
  const b = ops.tanh(ops.reshape(ops.arange(192 * 160), [192, 160]));
  config.setThreads(1);
  const one = ops.matmul(a, b).toArray();
  config.setThreads(2);
  let two = ops.matmul(a, b).toArray();
  // Workers start asynchronously: split ops run without them until then.
  for (let i = 0; i < 200 && keras.backendInfo().workerTasks === 0 && keras.backendInfo().threads > 1; i++) {
    await new Promise((r) => setTimeout(r, 25));
    two = ops.matmul(a, b).toArray();
  }
  const info = keras.backendInfo();
  return { isolated: globalThis.crossOriginIsolated, threads: info.threads, workerTasks: info.workerTasks, sameBits: JSON.stringify(one) === JSON.stringify(two) };
}

const k = keras as unknown as Keras;
const w = window as unknown as { __platform?: BrowserRun; __platformError?: string };
try {
  const first = keras.backendInfo(); // starts the asynchronous compile
  const beforeReady = runChecks(k, ["any"]);
  const afterBeforeReady = keras.backendInfo();
  await keras.ready();
  const afterReady = runChecks(k);
  w.__platform = { first, beforeReady, afterBeforeReady, afterReady, threads: await threadRun() };
  document.getElementById("status")!.textContent = "done";
} catch (e) {
  w.__platformError = e instanceof Error ? `${e.stack}` : String(e);
}

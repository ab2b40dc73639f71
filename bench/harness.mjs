// Benchmark harness: timing, and TensorFlow.js set up in the same process.
//
// A bench file is `bench/NAME.bench.mjs` exporting
//
//   export async function run(h) { return rows; }
//
// where each row is `{ name, unit, ours, tfjsWasm, tfjsCpu, target?, higherIsBetter? }`:
// numbers in `unit` (null where a side was not measured), `target` a short
// text shown in the table (e.g. ">= 1.5x tfjs-wasm"), `higherIsBetter`
// true for throughputs (GFLOPS, GB/s), false for times (default: true
// unless the unit is a time or a size: ms, us, µs, s, B, KB, MB).
//
// `h` is this module's API plus `h.keras` (keras-wasm, from ../dist):
//
//   await h.time(fn, opts?)      -> median milliseconds per call of fn().
//       Warms up, then takes `samples` samples (default 15); each sample
//       runs fn `reps` times, reps chosen so a sample lasts >= `minSampleMs`
//       (default 10). Yields to the event loop between samples so finalizers
//       and GC run as in a real app. opts: { samples, minSampleMs, warmupMs }.
//   await h.timeMany({ key: fn, ... }, opts?) -> { key: median ms, ... }
//       Same, but the functions' samples interleave, so a noisy neighbour
//       on the machine slows every side alike. Use it to compare sides
//       that can run together (keras-wasm and the active tfjs backend).
//   await h.timeManyAsync({ key: fn, ... }, opts?) -> { key: median ms, ... }
//       The same for functions returning promises (e.g. tfjs-layers'
//       trainOnBatch, fit): each call is awaited. opts: { samples,
//       minSampleMs, warmupRuns (default 3) }.
//   await h.tf(backend)          -> TensorFlow.js core with `backend`
//       ("wasm" or "cpu") active; both backends are registered once.
//   h.tfCall(tf, fn)             -> a function that runs fn() inside tf.tidy
//       and disposes what it returns: pass it to h.time so tfjs never leaks.
//   h.randn(n, seed?)            -> Float32Array of n values in [-1, 1).
//   h.gflops(flops, ms)          -> flops / ms as GFLOPS.
//
// Fairness: inputs are created once per side before timing (keras-wasm
// tensors are immutable and resident; tfjs tensors likewise), outputs are
// produced eagerly on both sides. Read results back (tensor.data /
// dataSync) inside fn only where the comparison needs it.

import * as tfCore from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

const yieldToLoop = () => new Promise((r) => setImmediate(r));

/** Median of an array of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function warmUp(fn, warmupMs, minSampleMs) {
  // Warm-up, which also gives a first estimate of one call.
  let calls = 0;
  const w0 = performance.now();
  do {
    fn();
    calls++;
  } while (performance.now() - w0 < warmupMs && calls < 10000);
  const est = (performance.now() - w0) / calls;
  return Math.max(1, Math.ceil(minSampleMs / Math.max(est, 1e-4)));
}

function sample(fn, reps) {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - t0) / reps;
}

/** Median milliseconds per call of each function, samples interleaved. */
export async function timeMany(fns, { samples = 15, minSampleMs = 10, warmupMs = 50 } = {}) {
  const keys = Object.keys(fns);
  const reps = {};
  const per = {};
  for (const key of keys) {
    reps[key] = warmUp(fns[key], warmupMs, minSampleMs);
    per[key] = [];
  }
  for (let s = 0; s < samples; s++) {
    for (const key of keys) {
      await yieldToLoop();
      per[key].push(sample(fns[key], reps[key]));
    }
  }
  return Object.fromEntries(keys.map((key) => [key, median(per[key])]));
}

/** Median milliseconds per call of `fn` (see the header). */
export async function time(fn, opts = {}) {
  return (await timeMany({ fn }, opts)).fn;
}

/**
 * Median ms per call of async functions (see the header), samples
 * interleaved: each sample awaits fn() `reps` times, reps chosen from
 * `warmupRuns` awaited calls so a sample lasts >= minSampleMs.
 */
export async function timeManyAsync(fns, { samples = 15, minSampleMs = 10, warmupRuns = 3 } = {}) {
  const keys = Object.keys(fns);
  const reps = {};
  const per = {};
  for (const key of keys) {
    const w0 = performance.now();
    for (let i = 0; i < warmupRuns; i++) await fns[key]();
    const est = (performance.now() - w0) / warmupRuns;
    reps[key] = Math.max(1, Math.ceil(minSampleMs / Math.max(est, 1e-4)));
    per[key] = [];
  }
  for (let s = 0; s < samples; s++) {
    for (const key of keys) {
      await yieldToLoop();
      const t0 = performance.now();
      for (let r = 0; r < reps[key]; r++) await fns[key]();
      per[key].push((performance.now() - t0) / reps[key]);
    }
  }
  return Object.fromEntries(keys.map((key) => [key, median(per[key])]));
}

let tfInit = null;

/** TensorFlow.js core with `backend` ("wasm" | "cpu") active. */
export async function tf(backend) {
  if (tfInit === null) {
    tfCore.env().set("IS_TEST", true); // no "use tfjs-node" console hint
    tfInit = true;
  }
  if (tfCore.getBackend() !== backend) {
    const ok = await tfCore.setBackend(backend);
    if (!ok) throw new Error(`bench: tfjs backend ${backend} failed to initialise`);
  }
  await tfCore.ready();
  return tfCore;
}

/** fn() inside tf.tidy, its result disposed: safe to call many times. */
export function tfCall(tfx, fn) {
  return () => {
    const r = tfx.tidy(fn);
    tfx.dispose(r);
  };
}

/** n pseudo-random values in [-1, 1), reproducible by seed. */
export function randn(n, seed = 1) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

export const gflops = (flops, ms) => flops / ms / 1e6;

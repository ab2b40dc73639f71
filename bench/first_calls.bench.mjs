// First calls against warm calls, in a fresh process (issue 11).
//
// V8 compiles WASM with its baseline compiler (Liftoff) at instantiation
// and tiers a function up to TurboFan once it has run enough, so the first
// calls of a kernel run slower. Each fresh `node` process imports the
// published Node entry, then times every one of the first 100 calls of an
// op one by one, runs WARM more calls, and times 100 again. Rows: the very
// first call, the median per call over the first 100 and over the warm 100,
// and the import time, in four set-ups: right after import; with
// `--no-liftoff` (TurboFan at instantiation); after IDLE_MS of idle time
// after import (an app loading its data), with the warm-up worker; and the
// same idle time with setThreads(1), so without it. Each figure is the
// median over RUNS processes.
//
// The warm-up (src/backend/threads.ts, worker.ts): a WebAssembly.Module
// posted to a worker is one compiled module in V8 for both threads, code
// included, so TurboFan code produced while a worker runs a kernel serves
// this thread's instance too. Measured first, raw kernel, 64x64 matmul:
// after a worker ran it 30 times (3-8 ms) and 50 ms later, the main
// thread's first 100 calls took 13-23 us (as warm) against 53-75 us
// without; the same in Deno 2.9 (19 vs 57-79 us). So once the importing
// code has run (a timer that keeps no process alive) the kernels load and
// a worker (unref'd) runs matmul_f32 (plain, and the relaxed patch where
// used) and dense_f32 60 times each over a memory of its own, then ends.
// Main-thread cost, in that idle slot: the compile the first op would do
// anyway (~2 ms) and starting the worker (0.4-2 ms). Skipped with
// setThreads(1), where there are no worker threads (Workers, pages that
// are not cross-origin isolated), once the pool runs, or when the worker
// cannot start (Node refuses --no-liftoff in a worker's flags).
//
// Measured 2026-11-28/29, node 20, 2 cores under load from other jobs
// (uptime load 2.8-4.6), medians of 5 processes each, `node bench/run.mjs
// first_calls`, two runs:
//   matmul 64x64 first 100 calls: right after import 72.6 / 74.2 us (warm
//     23.7 / 24.5); --no-liftoff 30.5 / 31.6 us; after 300 ms idle with the
//     warm-up 31.5 / 31.6 us (warm 24.2 / 24.6), without it (setThreads(1))
//     73.1 / 74.0 us. Very first call: 8.0 / 4.7 ms right after import (it
//     compiles the kernels), 1.0 / 1.2 ms after idle with the warm-up,
//     3.3 / 1.6 ms without (the kernels were loaded in the idle time).
//   import alone: 28-50 ms in those runs (load). Cold start (import -> first
//     64x64 matmul, footprint's measure), the published bundles of main and
//     of this change alternating, 11 runs each: 36.5 vs 36.0 ms, then 31.7
//     vs 31.8 ms. The warm-up runs after import: the cold start is unchanged.
// Not possible: eager TurboFan for chosen functions. V8's compilation
// hints section (per-function tier hints) is behind
// --experimental-wasm-compilation-hints, off in Node 20 (V8 11.3) and Deno
// 2.9 (V8 15.0); --no-liftoff / --wasm-tiering-budget are process flags a
// library cannot set (and a smaller budget was slower here: 99 us, the
// background compile competing for the 2 cores), and a warm-up on the
// calling thread at import costs about what it saves, inside the cold
// start. Browsers: Chromium caches a streamed module's TurboFan code once
// it has tiered up, so repeat visits start on it (the loader uses
// compileStreaming where the server sends application/wasm; not measured
// here); the warm-up worker runs there only in cross-origin isolated
// pages (not measured in Chromium).
// add 1e4: 27 us vs 2.8 us warm, the same with --no-liftoff or the
// warm-up: not WASM tier-up. Most of it is fresh memory: the first results
// land in memory never touched (growth, page faults) until the budget is
// full and blocks are reused; after 3,000 calls of another op of that size,
// add's first 100 take 9.4 us; the rest (9 -> 2.8 us) goes over the next
// thousands of calls (JS-side tier-up of the op path). Not changed.
import { execFileSync } from "node:child_process";
import { median } from "./harness.mjs";
import { root } from "./published.mjs";

const RUNS = 5;
const WARM = 3000;
const IDLE_MS = "300";

const script = `
  const t0 = performance.now();
  const keras = await import("keras-wasm");
  const cold = performance.now() - t0;
  const { ops } = keras;
  if (process.env.ONE_THREAD) keras.config.setThreads(1);
  // An app that loads its data after import: the warm-up worker's time.
  if (process.env.IDLE_MS) await new Promise((r) => setTimeout(r, +process.env.IDLE_MS));
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  const a = ops.reshape(keras.tensor(Float32Array.from({ length: 4096 }, (_, i) => (i % 7) - 3)), [64, 64]);
  const x = keras.tensor(Float32Array.from({ length: 10000 }, (_, i) => i % 11));
  const cases = { matmul: () => ops.matmul(a, a), add: () => ops.add(x, x) };
  const out = { cold };
  for (const [name, fn] of Object.entries(cases)) {
    const times = (n) => Array.from({ length: n }, () => { const s = performance.now(); fn(); return performance.now() - s; });
    const first = times(100);
    for (let i = 0; i < ${WARM}; i++) fn();
    // first[0] before med() sorts the array (it used to report the fastest of the 100).
    out[name] = { firstCall: first[0] * 1000, first: med(first) * 1000, warm: med(times(100)) * 1000 };
  }
  console.log(JSON.stringify(out));`;

function measure(flags, env) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
    runs.push(JSON.parse(out.trim().split("\n").pop()));
  }
  const m = (f) => median(runs.map(f));
  return {
    cold: m((r) => r.cold),
    ...Object.fromEntries(["matmul", "add"].map((k) => [k, { first: m((r) => r[k].first), firstCall: m((r) => r[k].firstCall), warm: m((r) => r[k].warm) }])),
  };
}

export async function run() {
  const rows = [];
  const configs = [
    ["", [], {}],
    [" (--no-liftoff)", ["--no-liftoff"], {}],
    [` after ${IDLE_MS} ms idle (warm-up worker)`, [], { IDLE_MS }],
    [` after ${IDLE_MS} ms idle, setThreads(1) (no warm-up)`, [], { IDLE_MS, ONE_THREAD: "1" }],
  ];
  for (const [label, flags, env] of configs) {
    const r = measure(flags, env);
    for (const [k, what] of [["matmul", "64x64 matmul"], ["add", "add, 1e4 elements"]]) {
      rows.push({ name: `${what}: very first call${label}`, unit: "us", ours: r[k].firstCall, tfjsWasm: null, tfjsCpu: null });
      rows.push({ name: `${what}: median of the first 100 calls${label}`, unit: "us", ours: r[k].first, tfjsWasm: null, tfjsCpu: null });
      rows.push({ name: `${what}: median of 100 warm calls${label}`, unit: "us", ours: r[k].warm, tfjsWasm: null, tfjsCpu: null });
    }
    rows.push({ name: `import("keras-wasm") in a fresh process${label}`, unit: "ms", ours: r.cold, tfjsWasm: null, tfjsCpu: null });
  }
  return rows;
}

// matmul_f32's two microkernels per engine (issue 11), in whichever
// runtime runs this:
//
//   npm run build && node bench/matmul-kernel.mjs
//   npm run build && node_modules/.bin/deno run -A bench/matmul-kernel.mjs
//
// "load-splat" broadcasts A's values with v128.load32_splat, "shuffle-splat"
// loads four as one v128 and broadcasts them by lane shuffles; the bits are
// the same (test/kernels/matmul.test.ts), the speed depends on the engine's
// code generation, so the loader picks one per engine (src/backend/loader.ts:
// matmulKernel). Rows: the kernel's GFLOPS with each, from the published
// .wasm files instantiated here (plain SIMD, and the relaxed-SIMD patch where
// it validates), alternating variants within one instance (one function
// holds both, so both are equally tiered up); then ops.matmul through the
// published entry, which runs the engine's choice. Medians of 15.
//
// Measured 2026-11-28, n = 512, under load from other jobs (uptime 1.5-3.9),
// load-splat vs shuffle-splat GFLOPS:
//   Node 20.20 (V8 11.3), plain:          45 vs 37  -> load-splat (unchanged)
//   Deno 2.9.6 (V8 15.0), relaxed (used): 31 vs 46  -> shuffle-splat, 1.45x
//   Deno, plain (useRelaxedSimd(false)):  ~30 vs ~30 (25-37, noisy)
//   Chromium 143 (V8 14.3), plain:        45 vs 30; relaxed 50 vs 44
import { readFileSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
const keras = await import(new URL("keras-wasm.node.js", dist).href);
const { ops } = keras;
const engine = typeof Deno === "object" ? `Deno ${Deno.version.deno} (V8 ${Deno.version.v8})` : `Node ${process.version} (V8 ${process.versions.v8})`;

const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
const main = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL("keras-wasm.simd.wasm", dist))), { env: { memory } }).exports;
main._start();
const patchBytes = readFileSync(new URL("keras-wasm.relaxed.wasm", dist));
const relaxed = WebAssembly.validate(patchBytes) ? new WebAssembly.Instance(new WebAssembly.Module(patchBytes), { env: { memory, alloc: main.alloc, free: main.free } }).exports : null;

const med = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
const rows = [];
for (const n of [128, 256, 512]) {
  const gflops = (ms) => +((2 * n ** 3) / (ms * 1e6)).toFixed(1);
  const reps = Math.max(1, Math.round(1e8 / (2 * n ** 3)));
  const [a, b, o] = [0, 1, 2].map(() => main.alloc(n * n * 4));
  const f = new Float32Array(memory.buffer);
  for (let i = 0; i < n * n; i++) [f[(a >> 2) + i], f[(b >> 2) + i]] = [Math.sin(i), Math.cos(i)];
  const row = { n };
  for (const [label, m] of [["plain", main], ["relaxed", relaxed]]) {
    if (!m) continue;
    // set_scratch(0, v): this thread's scratch stays the allocator's; v selects the variant.
    const time = (v) => {
      m.set_scratch(0, v);
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) m.matmul_f32(a, b, o, 1, n, n, n, 0, 0, 0);
      return (performance.now() - t0) / reps;
    };
    for (let i = 0; i < 5; i++) time(0), time(1);
    const t = [[], []];
    for (let i = 0; i < 15; i++) for (const v of [0, 1]) t[v].push(time(v));
    row[`${label} load-splat`] = gflops(med(t[0]));
    row[`${label} shuffle-splat`] = gflops(med(t[1]));
  }
  const x = keras.tensor(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), [n, n]);
  keras.config.setThreads(1);
  for (let i = 0; i < 5; i++) ops.matmul(x, x);
  const t = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) ops.matmul(x, x);
    t.push((performance.now() - t0) / reps);
  }
  row["ops.matmul (1 thread)"] = gflops(med(t));
  rows.push(row);
}
console.log(`${engine}: float32 matmul n x n, GFLOPS, median of 15; ops.matmul runs ${keras.backendInfo().relaxedSimd ? "relaxed" : "plain"} SIMD with the engine's choice`);
console.table(rows);

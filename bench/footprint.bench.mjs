// Footprint: how much a user downloads and how long a fresh process waits.
//
// - Size: the published files (`npm pack` list) that run, JS and WASM,
//   each gzipped (-9) and summed: the three small runtime entries, the
//   shared core, and the kernels once, as .wasm files (keras-wasm.simd.wasm,
//   and keras-wasm.relaxed.wasm, the relaxed-SIMD patch that runtimes with
//   relaxed SIMD load beside it). A runtime loads one entry. The lazy
//   chunk (keras-wasm-saving.js: the .keras / .weights.h5 formats) is not
//   in that sum: it is fetched by a dynamic import() on the first save or
//   load, and has its own row and budget (LAZY_BUDGET_BYTES).
//   tfjs: the minified core and backend bundles plus the backend's SIMD
//   .wasm, each gzipped.
// - Cold start: a fresh `node` process times from just before its first
//   `import("keras-wasm")` (the published entry, a bundle: see
//   scripts/bundle.mjs) to the first 64x64 matmul result read back (node's
//   own start-up excluded). Median of several processes.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./harness.mjs";
import { BUDGET_BYTES, LAZY_BUDGET_BYTES, LAZY_CHUNKS, eager, gzipBytes as gz, gzipTotal, publishedFiles, root } from "./published.mjs";

const RUNS = 9;
const kb = (bytes) => bytes / 1000;

function tfjsGzip(backend) {
  const tf = join(root, "node_modules", "@tensorflow");
  const files = [join(tf, "tfjs-core", "dist", "tf-core.min.js")];
  if (backend === "wasm") files.push(join(tf, "tfjs-backend-wasm", "dist", "tf-backend-wasm.min.js"), join(tf, "tfjs-backend-wasm", "dist", "tfjs-backend-wasm-simd.wasm"));
  else files.push(join(tf, "tfjs-backend-cpu", "dist", "tf-backend-cpu.min.js"));
  return files.reduce((s, f) => s + gz(f), 0);
}

const SCRIPTS = {
  ours: `
    const t0 = performance.now();
    const keras = await import("keras-wasm"); // the package's own entry, as a user imports it
    const a = keras.ops.ones([64, 64]);
    const y = keras.ops.matmul(a, a).data;
    const ms = performance.now() - t0;
    if (y[0] !== 64 || keras.backendInfo().kernels !== "wasm-simd") throw new Error("cold start: wrong result or kernels");
    console.log(ms);`,
  tfjs: (backend) => `
    const t0 = performance.now();
    const tf = await import("@tensorflow/tfjs-core");
    await import("@tensorflow/tfjs-backend-${backend}");
    tf.env().set("IS_TEST", true);
    await tf.setBackend("${backend}");
    const a = tf.ones([64, 64]);
    const y = tf.matMul(a, a).dataSync();
    const ms = performance.now() - t0;
    if (y[0] !== 64) throw new Error("cold start: wrong result");
    console.log(ms);`,
};

function coldStart(script) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    times.push(Number(out.trim().split("\n").pop()));
  }
  return median(times);
}

export async function run() {
  const { files, tarball } = publishedFiles();
  const runnable = eager(files);
  const ours = gzipTotal(runnable);
  const wasmOnly = gzipTotal(runnable.filter((f) => f.endsWith(".wasm")));
  const relaxed = gzipTotal(runnable.filter((f) => f.endsWith(".relaxed.wasm")));
  return [
    { name: `published JS + WASM loaded at import, gzipped (${runnable.length} files)`, unit: "KB", ours: kb(ours), tfjsWasm: kb(tfjsGzip("wasm")), tfjsCpu: kb(tfjsGzip("cpu")), targets: { ours: kb(BUDGET_BYTES) } },
    { name: "  of which the .wasm files (the kernels, once)", unit: "KB", ours: kb(wasmOnly), tfjsWasm: null, tfjsCpu: null },
    { name: "  of which the relaxed-SIMD patch", unit: "KB", ours: kb(relaxed), tfjsWasm: null, tfjsCpu: null },
    { name: "lazy chunk: .keras / .weights.h5 formats (loaded on first use)", unit: "KB", ours: kb(gzipTotal(LAZY_CHUNKS)), tfjsWasm: null, tfjsCpu: null, targets: { ours: kb(LAZY_BUDGET_BYTES) } },
    { name: "npm tarball (all files, .d.ts and maps too)", unit: "KB", ours: kb(tarball), tfjsWasm: null, tfjsCpu: null },
    { name: "cold start: import -> first 64x64 matmul (node)", unit: "ms", ours: coldStart(SCRIPTS.ours), tfjsWasm: coldStart(SCRIPTS.tfjs("wasm")), tfjsCpu: coldStart(SCRIPTS.tfjs("cpu")), targets: { ours: 30 } },
  ];
}

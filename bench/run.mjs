// Runs every bench/*.bench.mjs (or those whose name contains one of the
// command-line arguments) against keras-wasm from ../dist, and prints one
// table. See harness.mjs for the bench-file contract.
//
//   npm run bench               # build, then all benches
//   node bench/run.mjs matmul   # only bench/matmul.bench.mjs (needs a build)
//
// Ratio columns are speedups, > 1 when keras-wasm is better: ours / tfjs
// for throughputs (GFLOPS, GB/s), tfjs / ours for times and sizes.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as harness from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// The Node entry: dist/index.js alone has no runtime entry to give it the kernels.
const keras = await import(pathToFileURL(join(here, "..", "dist", "keras-wasm.node.js")).href);
await keras.ready();

const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const LOWER_IS_BETTER = /^(ms|us|µs|s|ns|B|KB|KiB|MB|MiB)$/;
const higher = (row) => row.higherIsBetter ?? !LOWER_IS_BETTER.test(row.unit);
const ok = (x) => typeof x === "number" && Number.isFinite(x) && x > 0;
const speedup = (row, other) => (ok(row.ours) && ok(other) ? (higher(row) ? row.ours / other : other / row.ours) : null);

function fmt(x, digits = 3) {
  if (x === null || x === undefined) return "-";
  if (typeof x !== "number") return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return x.toPrecision(digits);
}

// targets: { ours?: number (min if higher is better, else max), vsWasm?: number, vsCpu?: number (min speedups) }
function targetText(row) {
  const t = row.targets;
  if (!t) return ["", ""];
  const parts = [];
  let met = true;
  if (t.ours !== undefined) {
    parts.push(`${higher(row) ? ">=" : "<="} ${t.ours} ${row.unit}`);
    met &&= ok(row.ours) && (higher(row) ? row.ours >= t.ours : row.ours <= t.ours);
  }
  if (t.vsWasm !== undefined) {
    parts.push(`>= ${t.vsWasm}x wasm`);
    met &&= (speedup(row, row.tfjsWasm) ?? 0) >= t.vsWasm;
  }
  if (t.vsOne !== undefined) {
    parts.push(`>= ${t.vsOne}x 1 thread`);
    met &&= (speedup(row, row.oneThread) ?? 0) >= t.vsOne;
  }
  if (t.vsCpu !== undefined) {
    parts.push(`>= ${t.vsCpu}x cpu`);
    met &&= (speedup(row, row.tfjsCpu) ?? 0) >= t.vsCpu;
  }
  return [parts.join(", "), met ? "yes" : "NO"];
}

const rows = [];
for (const f of files) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  process.stderr.write(`bench: ${f} ...\n`);
  const out = await mod.run({ ...harness, keras });
  for (const r of out) rows.push({ file: f.replace(".bench.mjs", ""), ...r });
}

// Rows with `oneThread` (threads.bench.mjs: keras-wasm on 1 thread; `ours` is then the default thread count) fill two more columns.
const threaded = rows.some((r) => r.oneThread !== undefined);
const head = ["bench", "case", "unit", "keras-wasm", ...(threaded ? ["1 thread", "vs 1 thread"] : []), "tfjs-wasm", "tfjs-cpu", "vs wasm", "vs cpu", "target", "met"];
const table = rows.map((r) => {
  const sw = speedup(r, r.tfjsWasm);
  const sc = speedup(r, r.tfjsCpu);
  const s1 = speedup(r, r.oneThread);
  const one = threaded ? [fmt(r.oneThread), s1 === null ? "-" : `${s1.toFixed(2)}x`] : [];
  return [r.file, r.name, r.unit, fmt(r.ours), ...one, fmt(r.tfjsWasm), fmt(r.tfjsCpu), sw === null ? "-" : `${sw.toFixed(2)}x`, sc === null ? "-" : `${sc.toFixed(1)}x`, ...targetText(r)];
});
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => "| " + cells.map((c, i) => (i <= 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
const info = keras.backendInfo();
console.log(`keras-wasm bench: node ${process.version}, kernels ${info.kernels}, threads ${info.threads}, medians; "vs" = speedup of keras-wasm (> 1: keras-wasm better)`);
console.log(line(head));
console.log("|" + widths.map((w, i) => (i <= 2 ? ":" + "-".repeat(w + 1) : "-".repeat(w + 1) + ":")).join("|") + "|");
for (const r of table) console.log(line(r));

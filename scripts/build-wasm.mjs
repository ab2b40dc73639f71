// Builds the kernel modules from assembly/ into build/ and dist/:
// - keras-wasm.simd.wasm: every kernel (asconfig.json);
// - keras-wasm.relaxed.wasm: the relaxed-SIMD patch (asconfig.relaxed.json,
//   assembly/relaxed.ts): only the kernels whose relaxed build differs,
//   importing the main module's memory and allocator.
// The package ships each once, as files; the runtime entries (src/node.ts,
// src/browser.ts, src/workerd.js) tell the loader how to get them. The
// vitest suite reads them from build/ (test/helpers/kernels.setup.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, copyFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const asc = join(root, "node_modules", "assemblyscript", "bin", "asc.js");
const MODULES = [
  { file: "keras-wasm.simd.wasm", config: "asconfig.json", target: "simd" },
  { file: "keras-wasm.relaxed.wasm", config: "asconfig.relaxed.json", target: "relaxed" },
];

mkdirSync(join(root, "dist"), { recursive: true });
for (const m of MODULES) {
  execFileSync(process.execPath, [asc, "--config", m.config, "--target", m.target], { cwd: root, stdio: "inherit" });
  const path = join(root, "build", m.file);
  const bytes = readFileSync(path);
  // Node 20 validates relaxed SIMD only behind a flag, so validate in a child process that has it.
  const check = `process.exit(WebAssembly.validate(require("fs").readFileSync(${JSON.stringify(path)})) ? 0 : 1)`;
  try {
    execFileSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", check], { stdio: "inherit" });
  } catch {
    throw new Error(`build-wasm: ${path} does not validate`);
  }
  copyFileSync(path, join(root, "dist", m.file));
  console.log(`build-wasm: ${m.file} ${bytes.length} bytes`);
}
// The Cloudflare Workers entry imports the .wasm files as modules; tsc does not compile .js.
for (const f of ["workerd.js", "workerd.d.ts"]) copyFileSync(join(root, "src", f), join(root, "dist", f));
// The kernels used to be embedded as base64 here; remove a stale copy so nothing can import it.
rmSync(join(root, "src", "backend", "generated"), { recursive: true, force: true });

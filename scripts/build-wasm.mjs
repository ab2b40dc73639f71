// Builds the kernel modules from assembly/ into build/ and dist/:
// - keras-wasm.simd.wasm: every kernel (asconfig.json);
// - keras-wasm.relaxed.wasm: the relaxed-SIMD patch (asconfig.relaxed.json,
//   assembly/relaxed.ts): only the kernels whose relaxed build differs,
//   importing the main module's memory and allocator.
// The package ships each once, as files; the runtime entries (src/node.ts,
// src/browser.ts, src/workerd.js) tell the loader how to get them. The
// vitest suite reads them from build/ (test/helpers/kernels.setup.ts).
// asconfig.json sets "converge" (Binaryen's -O3 passes re-run until the
// module stops shrinking: ~650 B gzipped less, same semantics; the relaxed
// patch grows by it, so not there). shrinkLevel must stay 0: it also
// selects AssemblyScript's smaller std math (ASC_SHRINK_LEVEL), whose
// results differ from the twins (power_f32 of a negative subnormal gave -0
// instead of NaN at shrinkLevel 1).
import { execFileSync } from "node:child_process";
import asc from "assemblyscript/asc";
import { mkdirSync, readFileSync, copyFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// WASM memory never shrinks, so the allocator (the runtime's TLSF,
// node_modules/assemblyscript/std/assembly/rt/tlsf.ts) decides its size for
// good. Two changes, patched into the compiler's copy of the runtime before
// it compiles (the build fails if a line is not found: after an
// AssemblyScript upgrade, re-read tlsf.ts and update them):
// - growth: TLSF doubles the memory whenever it grows, leaving it at up to
//   2x what was ever live. Grow by what is needed, or an eighth of the
//   memory if more (at most 12.5 % unused from growth; ~6 growths per
//   doubling).
//   The new memory merges with the free block before the end, if there is
//   one: only the rest is needed (TLSF grew by the whole request).
// - reuse: TLSF rounds every request >= 256 bytes up to the next size class
//   before searching, so a freed block is never found by a request of its
//   own size (a block's payload is 16k - 4 bytes, never a class boundary):
//   a loop making same-size results kept splitting fresh memory while its
//   freed blocks waited. Look at the head of the request's own class first
//   (the block freed last there), and take it if it is large enough.
// - fitsNow(size): whether a request fits without growing the memory, so
//   that src/backend/memory.ts can evict before it lets the memory grow.
const TLSF_PATCHES = [
  [
    "let pagesWanted = max(pagesBefore, pagesNeeded); // double memory",
    "let pagesWanted = max(pagesNeeded, pagesBefore >>> 3);",
  ],
  [
    "  let pagesBefore = memory.size();\n",
    `  let pagesBefore = memory.size();
  let tail = GETTAIL(root);
  if (tail.mmInfo & LEFTFREE) {
    let free = GETFREELEFT(tail).mmInfo & ~TAGS_MASK;
    size = size > free ? size - free : 0;
  }
`,
  ],
  [
    "  let block = searchBlock(root, payloadSize);\n",
    "  let block = ownClassHead(root, payloadSize);\n  if (!block) block = searchBlock(root, payloadSize);\n",
  ],
  [
    "/** Prepares the specified block before (re-)use, possibly splitting it. */",
    `function ownClassHead(root: Root, size: usize): Block | null {
  if (size < SB_SIZE) return null; // exact classes: searchBlock finds it
  let fl = sizeof<usize>() * 8 - 1 - clz<usize>(size);
  let sl = <u32>((size >> (fl - SL_BITS)) ^ (1 << SL_BITS));
  let head = GETHEAD(root, fl - (SB_BITS - 1), sl);
  return head && (head.mmInfo & ~TAGS_MASK) >= size ? head : null;
}

/** Prepares the specified block before (re-)use, possibly splitting it. */`,
  ],
  [
    "/** Frees a block. */",
    `/** keras-wasm: whether \`size\` bytes can be allocated without growing the memory. */
export function fitsNow(size: usize): bool {
  if (!ROOT) return false;
  let payload = prepareSize(size);
  return ownClassHead(ROOT, payload) != null || searchBlock(ROOT, payload) != null;
}

/** Frees a block. */`,
  ],
];
for (const [from, to] of TLSF_PATCHES) {
  if (!asc.libraryFiles["rt/tlsf"].includes(from)) throw new Error(`build-wasm: tlsf.ts no longer has ${JSON.stringify(from)}; update the patch`);
  asc.libraryFiles["rt/tlsf"] = asc.libraryFiles["rt/tlsf"].replace(from, to);
}
const MODULES = [
  { file: "keras-wasm.simd.wasm", config: "asconfig.json", target: "simd" },
  { file: "keras-wasm.relaxed.wasm", config: "asconfig.relaxed.json", target: "relaxed" },
];

mkdirSync(join(root, "dist"), { recursive: true });
for (const m of MODULES) {
  const { error } = await asc.main(["--config", m.config, "--target", m.target, "--baseDir", root], { stdout: process.stdout, stderr: process.stderr });
  if (error) throw error;
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

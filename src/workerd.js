// The Cloudflare Workers entry (package.json "workerd" export condition),
// copied into dist/ by scripts/build-wasm.mjs. Workers refuse to compile
// WebAssembly from bytes at run time, so this entry imports the kernels as
// `.wasm` modules (wrangler/esbuild upload them as compiled modules) and
// hands them to the loader before any op runs. Everything else is the
// shared library.
import simd from "./keras-wasm.simd.wasm";
import relaxed from "./keras-wasm.relaxed.wasm";
import { provideKernels } from "./backend/loader.js";

provideKernels({ compiled: { simd, relaxed } });

export * from "./index.js";

// The Cloudflare Workers entry (package.json "workerd" export condition),
// copied into dist/ by scripts/build-wasm.mjs. Workers refuse to compile
// WebAssembly from bytes at run time, so this entry imports the kernels as
// a `.wasm` module (wrangler/esbuild upload it as a compiled module) and
// hands it to the loader before any op runs. Everything else is the
// ordinary entry.
import kernels from "./keras-wasm.simd.wasm";
import { useCompiledModule } from "./backend/loader.js";

useCompiledModule(kernels);

export * from "./index.js";

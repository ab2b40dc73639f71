// vitest setup (vitest.config.ts setupFiles): the suite runs on src/, which
// has no runtime entry, so this plays the part of src/node.ts and gives the
// loader the freshly built modules in build/ (`npm run build` writes them).
// Synchronous, as in Node and Deno: the first op of every test file already
// runs on WASM. Under Deno the relaxed-SIMD patch loads too.
import { readFileSync } from "node:fs";
import { provideKernels } from "../../src/backend/loader.js";

provideKernels({
  readSync: (file) => readFileSync(new URL(`../../build/keras-wasm.${file}.wasm`, import.meta.url)),
});

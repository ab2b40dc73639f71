// vitest setup (vitest.config.ts setupFiles): the suite runs on src/, which
// has no runtime entry, so this plays the part of src/node.ts and gives the
// loader the freshly built modules in build/ (`npm run build` writes them).
// Synchronous, as in Node and Deno: the first op of every test file already
// runs on WASM. Under Deno the relaxed-SIMD patch loads too. Worker threads
// run the built worker script (dist/keras-wasm.worker.js), as the Node entry's do.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { provideKernels } from "../../src/backend/loader.js";

provideKernels({
  readSync: (file) => readFileSync(new URL(`../../build/keras-wasm.${file}.wasm`, import.meta.url)),
  threads: {
    cores: availableParallelism(),
    spawn(failed) {
      const w = new Worker(new URL("../../dist/keras-wasm.worker.js", import.meta.url));
      w.unref();
      w.on("error", failed);
      return w;
    },
  },
});

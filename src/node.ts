// The Node and Deno entry (package.json export conditions "node" and
// "deno"). The kernels ship once, as .wasm files beside this bundle; this
// entry reads them synchronously on the first op (or in the idle moment
// after import, whichever comes first), so that op already runs on WASM,
// with nothing to await and nothing to configure. Worker threads
// (node:worker_threads, in Deno too) run the script shipped beside it,
// unref'd so they never keep the process alive. Everything else is the
// shared library.
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { provideKernels } from "./backend/loader.js";
import { provideFileSystem } from "./saving/file_system.js";

provideKernels({
  // One literal URL per file, the form bundlers recognise as an asset.
  readSync: (file) =>
    file === "relaxed"
      ? readFileSync(new URL("./keras-wasm.relaxed.wasm", import.meta.url))
      : readFileSync(new URL("./keras-wasm.simd.wasm", import.meta.url)),
  threads: {
    cores: availableParallelism(),
    spawn(failed) {
      // The worker inherits Node's flags, but --input-type (for -e scripts) fails on a file.
      const w = new Worker(new URL("./keras-wasm.worker.js", import.meta.url), { execArgv: process.execArgv.filter((a) => !a.startsWith("--input-type")) });
      w.unref();
      w.on("error", failed);
      return w;
    },
  },
});

// Paths for keras.saving (model.save, loadModel(path), ...).
provideFileSystem({ readFile, writeFile });

export * from "./index.js";

// The browser and default entry (package.json export conditions "browser"
// and "default"). The kernels ship once, as .wasm files beside this bundle;
// this entry gives the loader their URLs, which it fetches and compiles
// asynchronously while ops run on the reference kernels. Bundlers (Vite,
// webpack, Rollup, esbuild, Parcel) recognise `new URL("literal",
// import.meta.url)` and emit the file as an asset, so an app needs no
// configuration. Worker threads (module Web Workers running the script
// shipped beside it) only where the page is cross-origin isolated, the
// condition for shared memory between threads; elsewhere one thread.
// Everything else is the shared library.
import { provideKernels } from "./backend/loader.js";

provideKernels({
  url: (file) =>
    file === "relaxed"
      ? new URL("./keras-wasm.relaxed.wasm", import.meta.url)
      : new URL("./keras-wasm.simd.wasm", import.meta.url),
  threads: globalThis.crossOriginIsolated
    ? {
        cores: navigator.hardwareConcurrency || 1,
        spawn(failed) {
          const w = new Worker(new URL("./keras-wasm.worker.js", import.meta.url), { type: "module" });
          w.onerror = failed;
          return w;
        },
      }
    : undefined,
});

export * from "./index.js";

// The browser and default entry (package.json export conditions "browser"
// and "default"). The kernels ship once, as .wasm files beside this bundle;
// this entry gives the loader their URLs, which it fetches and compiles
// asynchronously while ops run on the reference kernels. Bundlers (Vite,
// webpack, Rollup, esbuild, Parcel) recognise `new URL("literal",
// import.meta.url)` and emit the file as an asset, so an app needs no
// configuration. Everything else is the shared library.
import { provideKernels } from "./backend/loader.js";

provideKernels({
  url: (file) =>
    file === "relaxed"
      ? new URL("./keras-wasm.relaxed.wasm", import.meta.url)
      : new URL("./keras-wasm.simd.wasm", import.meta.url),
});

export * from "./index.js";

// Bundles the compiled library (dist/, from tsc) into the files the package
// publishes and its exports point at:
//   dist/keras-wasm.js          the ordinary entry (kernels embedded, base64)
//   dist/keras-wasm.workerd.js  the Cloudflare Workers entry (imports
//                               ./keras-wasm.simd.wasm as a module)
//   dist/keras-wasm-core.js     the code both share
// One file instead of ~50 modules: Node and Deno resolve, read and compile
// ES modules one by one, which was most of a cold start (import to first
// matmul: ~42 ms from the module tree, ~18 ms bundled, measured here).
// Minified, but with function and class names kept: serialization uses
// class names, and stack traces stay readable. Gzipped, minifying takes
// the JS from ~44 KB to ~28 KB (measured here), which keeps the published
// JS + WASM under the 100 KB target (bench/footprint.bench.mjs).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

await build({
  configFile: false,
  logLevel: "warn",
  plugins: [
    {
      // The Workers entry's .wasm import stays an import, beside the bundle.
      name: "keep-wasm-module-import",
      enforce: "pre",
      resolveId: (source) => (source.endsWith(".wasm") ? { id: `./${source.split("/").pop()}`, external: "absolute" } : null),
    },
  ],
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: "es2022",
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: { "keras-wasm": join(dist, "index.js"), "keras-wasm.workerd": join(dist, "workerd.js") },
      formats: ["es"],
    },
    rollupOptions: {
      output: {
        entryFileNames: "[name].js",
        keepNames: true,
        chunkFileNames: "keras-wasm-[name].js",
        // Everything but the two entry modules: the code both entries share.
        manualChunks: (id) => (/[/\\]dist[/\\](index|workerd)\.js$/.test(id) ? undefined : "core"),
      },
    },
  },
});
console.log("bundle: dist/keras-wasm.js, dist/keras-wasm.workerd.js, dist/keras-wasm-core.js");

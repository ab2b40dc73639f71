// Bundles the compiled library (dist/, from tsc) into the files the package
// publishes and its exports point at (package.json export conditions):
//   dist/keras-wasm.js          browsers and bundlers ("browser", "default"):
//                               fetches the kernels from new URL(...)
//   dist/keras-wasm.node.js     Node and Deno ("node", "deno"): reads them
//                               synchronously beside the bundle
//   dist/keras-wasm.workerd.js  Cloudflare Workers ("workerd"): imports them
//                               as .wasm modules
//   dist/keras-wasm-core.js     the code all entries share
//   dist/keras-wasm.simd.wasm, dist/keras-wasm.relaxed.wasm: the kernels,
//                               once (scripts/build-wasm.mjs)
// One file instead of ~50 modules: Node and Deno resolve, read and compile
// ES modules one by one, which was most of a cold start (import to first
// matmul: ~42 ms from the module tree, ~18 ms bundled, measured here).
// Function and class names are kept: serialization uses class names, and
// stack traces stay readable.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const PUBLISHED = ["keras-wasm.js", "keras-wasm.node.js", "keras-wasm.workerd.js", "keras-wasm-core.js", "keras-wasm-rolldown-runtime.js", "keras-wasm.simd.wasm", "keras-wasm.relaxed.wasm"];
const WASM_URL = /new URL\(\s*"\.\/(keras-wasm\.[a-z]+\.wasm)",\s*import\.meta\.url\s*\)/g;
const PLACEHOLDER = "__kerasWasmUrl";
const PLACEHOLDER_CALL = /__kerasWasmUrl\((["'`])(keras-wasm\.[a-z]+\.wasm)\1\)/g;

await build({
  configFile: false,
  logLevel: "warn",
  plugins: [
    {
      // The entries' `new URL("./keras-wasm.*.wasm", import.meta.url)` must
      // reach the published files as written: the user's bundler turns that
      // form into an asset, and Node reads the file beside the bundle. Vite
      // would inline it as a base64 data: URL (the kernels twice again), so
      // it is hidden behind a placeholder call until the chunks are written.
      name: "keep-wasm-urls",
      enforce: "pre",
      transform: (code) => (WASM_URL.test(code) ? code.replace(WASM_URL, (_, file) => `${PLACEHOLDER}("${file}")`) : null),
      // After minification, which would turn the string into a template literal.
      generateBundle(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === "chunk") chunk.code = chunk.code.replace(PLACEHOLDER_CALL, (_m, _q, file) => `new URL("./${file}", import.meta.url)`);
        }
      },
    },
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
      entry: { "keras-wasm": join(dist, "browser.js"), "keras-wasm.node": join(dist, "node.js"), "keras-wasm.workerd": join(dist, "workerd.js") },
      formats: ["es"],
    },
    rollupOptions: {
      // node:fs (the Node/Deno entry) stays an import of the runtime's own module.
      external: [/^node:/],
      output: {
        entryFileNames: "[name].js",
        keepNames: true,
        // Vite leaves whitespace in ES-format library output (to keep pure
        // annotations for tree-shaking, of little use in a pre-bundled
        // library); rolldown's own minifier takes the core from ~39.7 KB to
        // ~36 KB gzipped (measured here).
        minify: true,
        chunkFileNames: "keras-wasm-[name].js",
        // Everything but the entry modules: the code all entries share. (Rolldown
        // keeps its few helpers in keras-wasm-rolldown-runtime.js regardless.)
        manualChunks: (id) => (/[/\\]dist[/\\](browser|node|workerd)\.js$/.test(id) ? undefined : "core"),
      },
    },
  },
});
// The published file set (package.json "files") must match what was written.
for (const f of PUBLISHED) if (!existsSync(join(dist, f))) throw new Error(`bundle: dist/${f} was not written`);
for (const f of PUBLISHED.filter((f) => /^keras-wasm(\.node)?\.js$/.test(f))) {
  const code = readFileSync(join(dist, f), "utf8");
  if (!/new URL\("\.\/keras-wasm\.simd\.wasm", import\.meta\.url\)/.test(code) || code.includes("data:application/wasm")) {
    throw new Error(`bundle: dist/${f} lost its new URL("./keras-wasm.simd.wasm", import.meta.url)`);
  }
}
console.log(`bundle: ${PUBLISHED.filter((f) => f.endsWith(".js")).map((f) => `dist/${f}`).join(", ")}`);

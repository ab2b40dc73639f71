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
// No function or class names are kept (~4.5 KB gzipped): Keras's names come
// from the registry (classNameOf, builtinFunctionName) or a class's own
// `static className`, and the source maps carry the original function
// names for stack traces (see mangledNamesOnly).
// The bundles are minified but broken into lines (at most 500 characters,
// by terser's printer below), and each has a source map
// (dist/keras-wasm*.js.map, published) that chains tsc's maps back to src/
// with the sources embedded: an uncaught error echoes one short line, not
// the whole one-line core (~72 KB), and a stack read through the map
// (devtools, node --enable-source-maps) names src/ops/linalg.ts:42.
// Unminified would cost ~10 KB gzipped for what the maps already give.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const BUNDLES = ["keras-wasm.js", "keras-wasm.node.js", "keras-wasm.workerd.js", "keras-wasm-core.js", "keras-wasm-saving.js", "keras-wasm-rolldown-runtime.js", "keras-wasm.worker.js"];
// (The rolldown runtime is generated code, with no source to map to.)
const MAPS = BUNDLES.filter((f) => !f.includes("rolldown-runtime")).map((f) => `${f}.map`);
const PUBLISHED = [...BUNDLES, ...MAPS, "keras-wasm.simd.wasm", "keras-wasm.relaxed.wasm"];
// What the lazy chunk holds: saving_api.ts's dynamic import and what only it reaches.
const SAVING_CHUNK = /[/\\](dist[/\\]saving[/\\](file_io|keras_archive|weights_store|zip|h5[/\\][^/\\]+)\.js|node_modules[/\\]fflate[/\\].*)$/;
const WASM_URL = /new URL\(\s*"\.\/(keras-wasm\.[a-z]+\.(?:wasm|js))",\s*import\.meta\.url\s*\)/g;
const PLACEHOLDER = "__kerasWasmUrl";
const KEEP_NAMES = { function: false, class: false };
const PLACEHOLDER_CALL = /__kerasWasmUrl\((["'`])(keras-wasm\.[a-z]+\.(?:wasm|js))\1\)/g;

// What both builds below share: minified ES modules with source maps, into dist/ beside tsc's output.
const LIBRARY = { outDir: dist, emptyOutDir: false, target: "es2022", minify: true, sourcemap: true, copyPublicDir: false };

const sourceMapsToSrc = {
  // tsc's output comes with maps to src/; handing them over lets the
  // bundler chain them, so the bundles' maps point at src/. The sources
  // go inside the map: the package does not ship src/. A file copied
  // from src/ as is (workerd.js, which tsc does not compile) maps to
  // its original line for line.
  name: "source-maps-to-src",
  enforce: "pre",
  load(id) {
    if (!id.startsWith(dist) || !id.endsWith(".js")) return null;
    const code = readFileSync(id, "utf8");
    if (existsSync(`${id}.map`)) {
      const map = JSON.parse(readFileSync(`${id}.map`, "utf8"));
      map.sourcesContent = map.sources.map((s) => readFileSync(join(dirname(id), map.sourceRoot ?? "", s), "utf8"));
      return { code, map };
    }
    const original = join(root, "src", relative(dist, id));
    if (!existsSync(original) || readFileSync(original, "utf8") !== code) return null;
    const lines = code.split("\n").length;
    const map = { version: 3, sources: [relative(dirname(id), original)], sourcesContent: [code], names: [], mappings: ["AAAA", ...Array(lines - 1).fill("AACA")].join(";") };
    return { code, map };
  },
};

await build({
  configFile: false,
  logLevel: "warn",
  plugins: [
    sourceMapsToSrc,
    {
      // The entries' `new URL("./keras-wasm.*.wasm", import.meta.url)` must
      // reach the published files as written: the user's bundler turns that
      // form into an asset, and Node reads the file beside the bundle. Vite
      // would inline it as a base64 data: URL (the kernels twice again), so
      // it is hidden behind a placeholder call until the chunks are written.
      name: "keep-wasm-urls",
      enforce: "pre",
      // (map: null: the edit stays within one line of the entry.)
      transform: (code) => (WASM_URL.test(code) ? { code: code.replace(WASM_URL, (_, file) => `${PLACEHOLDER}("${file}")`), map: null } : null),
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
    ...LIBRARY,
    lib: {
      entry: { "keras-wasm": join(dist, "browser.js"), "keras-wasm.node": join(dist, "node.js"), "keras-wasm.workerd": join(dist, "workerd.js") },
      formats: ["es"],
    },
    rollupOptions: {
      // node:fs (the Node/Deno entry) stays an import of the runtime's own module.
      external: [/^node:/],
      output: {
        entryFileNames: "[name].js",
        // Vite leaves whitespace in ES-format library output (to keep pure
        // annotations for tree-shaking, of little use in a pre-bundled
        // library); rolldown's own minifier compresses and mangles, and
        // keeps the line breaks (see the top of this file).
        // Names are mangled too (KEEP_NAMES; test/runtimes/minified_names.test.ts).
        minify: { compress: { keepNames: KEEP_NAMES }, mangle: { keepNames: KEEP_NAMES }, codegen: { removeWhitespace: false } },
        chunkFileNames: "keras-wasm-[name].js",
        // Everything but the entry modules: the code all entries share. (Rolldown
        // keeps its few helpers in keras-wasm-rolldown-runtime.js regardless.)
        // The file formats (.keras zip and HDF5, with fflate) go to
        // keras-wasm-saving.js, which only saving_api.ts's dynamic import()
        // loads: the core does not pay for them until a file is opened.
        manualChunks: (id) =>
          /[/\\]dist[/\\](browser|node|workerd)\.js$/.test(id) ? undefined : SAVING_CHUNK.test(id) ? "saving" : "core",
      },
    },
  },
});
// The worker threads' script (src/backend/worker.ts), on its own: the
// entries start it from new URL("./keras-wasm.worker.js", import.meta.url).
await build({
  configFile: false,
  logLevel: "warn",
  plugins: [sourceMapsToSrc],
  build: {
    ...LIBRARY,
    lib: { entry: { "keras-wasm.worker": join(dist, "backend", "worker.js") }, formats: ["es"] },
    rollupOptions: { external: [/^node:/], output: { entryFileNames: "[name].js" } },
  },
});
// Rolldown's minifier either keeps all whitespace or writes one line; terser's
// printer drops the whitespace and breaks lines at safe points (~8 KB gzipped
// less than the kept whitespace, measured here), and chains the source map.
// No compression or mangling here: rolldown did that already.
const MAX_LINE = 500;
for (const f of BUNDLES) {
  const file = join(dist, f);
  const hasMap = existsSync(`${file}.map`);
  const code = readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  const out = await minify(code, {
    compress: false,
    mangle: false,
    module: true,
    ecma: 2022,
    format: { max_line_len: MAX_LINE, comments: false },
    sourceMap: hasMap ? { content: readFileSync(`${file}.map`, "utf8"), url: `${f}.map`, includeSources: true } : false,
  });
  writeFileSync(file, out.code);
  if (hasMap) writeFileSync(`${file}.map`, JSON.stringify(mangledNamesOnly(JSON.parse(out.map), out.code)));
}

// Terser names a mapping after its own token where the input map has no name
// (tsc's maps have none), so Node would print `at apply` for a frame called
// through `f.apply(...)`. Only the names rolldown recorded for identifiers it
// mangled are kept (a name that differs from the text at its position), and
// a function's name is also put on its `function` keyword, where V8 says the
// enclosing function starts: node --enable-source-maps then prints
// `at matmul (src/ops/linalg.ts:87:11)`, not `at Ua`.
function mangledNamesOnly(map, code) {
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const decode = (seg) => {
    const out = [];
    for (let i = 0, v = 0, shift = 0; i < seg.length; i++) {
      const d = B64.indexOf(seg[i]);
      v += (d & 31) << shift;
      if (d & 32) shift += 5;
      else (out.push(v & 1 ? -(v >>> 1) : v >>> 1), (v = 0), (shift = 0));
    }
    return out;
  };
  const encode = (n) => {
    let v = n < 0 ? (-n << 1) | 1 : n << 1, s = "";
    do (s += B64[(v & 31) | (v > 31 ? 32 : 0)]), (v >>>= 5); while (v > 0);
    return s;
  };
  // Absolute [column, source, line, column, name?] per segment.
  const abs = [0, 0, 0, 0];
  const lines = map.mappings.split(";").map((line) => {
    abs[0] = 0;
    return line.split(",").filter(Boolean).map((seg) => {
      const f = decode(seg);
      const out = f.map((d, i) => (abs[i] = (i === 0 || i < 4 ? abs[i] : abs[i] ?? 0) + d));
      return out;
    });
  });
  const text = code.split("\n");
  for (const [l, segs] of lines.entries()) {
    segs.forEach((seg, i) => {
      if (seg.length < 5) return;
      const name = map.names[seg[4]];
      if (text[l].startsWith(name, seg[0])) return void seg.splice(4);
      const prev = segs[i - 1];
      if (prev && prev.length === 4 && /^(async\s*)?function\*?\s*$/.test(text[l].slice(prev[0], seg[0]))) prev.push(seg[4]);
    });
  }
  const names = [];
  const index = new Map();
  const last = [0, 0, 0, 0, 0];
  map.mappings = lines.map((segs) => {
    last[0] = 0;
    return segs.map((seg) => seg.map((v, i) => {
      if (i === 4) {
        const n = map.names[v];
        if (!index.has(n)) (index.set(n, names.length), names.push(n));
        v = index.get(n);
      }
      const d = v - last[i];
      last[i] = v;
      return encode(d);
    }).join("")).join(",");
  }).join(";");
  map.names = names;
  return map;
}
// The published file set (package.json "files") must match what was written.
for (const f of PUBLISHED) if (!existsSync(join(dist, f))) throw new Error(`bundle: dist/${f} was not written`);
for (const f of PUBLISHED.filter((f) => /^keras-wasm(\.node)?\.js$/.test(f))) {
  const code = readFileSync(join(dist, f), "utf8");
  if (!/new URL\("\.\/keras-wasm\.simd\.wasm",\s*import\.meta\.url\)/.test(code) || code.includes("data:application/wasm")) {
    throw new Error(`bundle: dist/${f} lost its new URL("./keras-wasm.simd.wasm", import.meta.url)`);
  }
}
console.log(`bundle: ${PUBLISHED.filter((f) => f.endsWith(".js")).map((f) => `dist/${f}`).join(", ")}`);

// The published package as a user gets it (the files `npm pack` lists):
// bundles with short lines and source maps back to src/, an uncaught error
// that prints a short message naming the src/ file, and the size budget.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { BUDGET_BYTES, LAZY_BUDGET_BYTES, LAZY_CHUNKS, eager, gzipTotal, publishedFiles, root, runnable } from "../../bench/published.mjs";

// Node echoes the whole line that threw; a lint hook rejects lines over 5,000.
const MAX_LINE = 1000;
// A stack and a message, not a dump of the bundle.
const MAX_ERROR_OUTPUT = 3000;

let files: string[] = [];
let app = "";

beforeAll(() => {
  ({ files } = publishedFiles());
  // An app with the package installed from exactly the published files (no src/).
  app = mkdtempSync(join(tmpdir(), "keras-published-"));
  const pkg = join(app, "node_modules", "keras-wasm");
  for (const f of ["package.json", ...files]) {
    mkdirSync(dirname(join(pkg, f)), { recursive: true });
    copyFileSync(join(root, f), join(pkg, f));
  }
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  // Inner dimensions 3 and 2 differ: matmul must throw (Keras: ValueError).
  writeFileSync(join(app, "main.mjs"), `import * as keras from "keras-wasm";\nkeras.ops.matmul(keras.ops.ones([2, 3]), keras.ops.ones([2, 3]));\n`);
}, 60_000);

const bundles = (): string[] => files.filter((f) => /^dist\/[^/]+\.js$/.test(f));

test("every published bundle is line-broken: no line over 1,000 characters", () => {
  expect(bundles()).toContain("dist/keras-wasm-core.js");
  for (const f of bundles()) {
    const lines = readFileSync(join(root, f), "utf8").split("\n");
    const longest = Math.max(...lines.map((l) => l.length));
    expect(longest, `${f}: line ${lines.findIndex((l) => l.length === longest) + 1}`).toBeLessThanOrEqual(MAX_LINE);
  }
});

test("each bundle with code of ours has a published source map into src/, sources embedded", () => {
  const mapped = bundles().filter((f) => !f.includes("rolldown-runtime"));
  expect(mapped.length).toBeGreaterThanOrEqual(4);
  for (const f of mapped) {
    const code = readFileSync(join(root, f), "utf8");
    const name = f.split("/").pop()!;
    expect(code.trimEnd().endsWith(`//# sourceMappingURL=${name}.map`), f).toBe(true);
    expect(files, f).toContain(`${f}.map`);
    const map = JSON.parse(readFileSync(join(root, `${f}.map`), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
    expect(map.sources.length, f).toBeGreaterThan(0);
    // Ours map into src/; the one bundled dependency (fflate, in the lazy saving chunk) into its published file.
    for (const s of map.sources) expect(s, f).toMatch(/^\.\.\/(src\/.+\.[jt]s|node_modules\/fflate\/esm\/[\w.]+\.js)$/);
    // The package does not ship src/: the map must carry it.
    expect(map.sourcesContent?.length, f).toBe(map.sources.length);
    map.sources.forEach((s, i) => expect(map.sourcesContent![i], s).toBe(readFileSync(join(root, "dist", s), "utf8")));
  }
});

function runApp(flags: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [...flags, "main.mjs"], { cwd: app, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test("an uncaught op error under node --enable-source-maps names the src/ file and prints little", () => {
  const { status, output } = runApp(["--enable-source-maps"]);
  expect(status).not.toBe(0);
  expect(output).toMatch(/ValueError: ops\.matmul: Inner dimensions/);
  // The frame of the op that threw, mapped to its TypeScript source inside the installed package.
  expect(output).toMatch(/at \S*matmul \(\S*node_modules\/keras-wasm\/src\/ops\/\w+\.ts:\d+:\d+\)/);
  expect(output.length, output).toBeLessThan(MAX_ERROR_OUTPUT);
});

test("without source maps, the same error still prints little (one short bundle line, not the bundle)", () => {
  const { status, output } = runApp([]);
  expect(status).not.toBe(0);
  expect(output).toMatch(/ValueError: ops\.matmul: Inner dimensions/);
  expect(output).toMatch(/keras-wasm\/dist\/keras-wasm-core\.js:\d+/);
  expect(output.length, output).toBeLessThan(MAX_ERROR_OUTPUT);
});

test("published JS + WASM loaded at import stays within the size budget (BUDGET_BYTES, gzipped)", () => {
  const run = eager(files);
  expect(run).toEqual(expect.arrayContaining(["dist/keras-wasm.node.js", "dist/keras-wasm-core.js", "dist/keras-wasm.simd.wasm"]));
  expect(run.some((f) => f.endsWith(".map"))).toBe(false);
  expect(gzipTotal(run)).toBeLessThanOrEqual(BUDGET_BYTES);
});

test("the lazy chunks are published, within their own budget, and only ever imported dynamically", () => {
  const run = runnable(files);
  expect(run).toEqual(expect.arrayContaining(LAZY_CHUNKS));
  expect(gzipTotal(LAZY_CHUNKS)).toBeLessThanOrEqual(LAZY_BUDGET_BYTES);
  for (const f of run.filter((x) => x.endsWith(".js") && !LAZY_CHUNKS.includes(x))) {
    const code = readFileSync(join(root, f), "utf8");
    for (const lazy of LAZY_CHUNKS) {
      const name = lazy.split("/").pop()!.replace(/\./g, "\\.");
      // `import("./keras-wasm-saving.js")` only: never a static `from "./keras-wasm-saving.js"`.
      expect(code, f).not.toMatch(new RegExp(`from\\s*["']\\./${name}["']`));
    }
  }
  expect(readFileSync(join(root, "dist/keras-wasm-core.js"), "utf8")).toMatch(/import\(\s*["']\.\/keras-wasm-saving\.js["']\s*\)/);
});

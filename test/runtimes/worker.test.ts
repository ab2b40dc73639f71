// Cloudflare Workers (workerd, through Miniflare): a Worker bundled the way
// wrangler bundles one (the `workerd` export condition; `.wasm` imports left
// as compiled-module imports) runs the platform suite; the report must pass
// and its bits must equal Node's.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { expect, test } from "vitest";
import type { PlatformReport } from "../platform/index.js";
import { expectReport } from "./expect-report.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const WASM = "keras-wasm.simd.wasm";
const RELAXED = "keras-wasm.relaxed.wasm";

/** Bundles worker/worker.ts into `outDir`/worker.js with Workers' resolve conditions. */
async function bundleWorker(outDir: string): Promise<string> {
  const { build } = await import("vite");
  await build({
    configFile: false,
    logLevel: "warn",
    resolve: { conditions: ["workerd", "worker", "browser", "module", "import", "default"] },
    plugins: [
      {
        name: "wasm-module-imports",
        enforce: "pre",
        // As wrangler does: a .wasm import stays an import of a compiled module.
        resolveId(source) {
          return source.endsWith(".wasm") ? { id: `./${source.split("/").pop()}`, external: "absolute" } : null;
        },
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      minify: false,
      lib: { entry: join(here, "worker", "worker.ts"), formats: ["es"], fileName: () => "worker.js" },
    },
  });
  for (const f of [WASM, RELAXED]) copyFileSync(join(root, "dist", f), join(outDir, f));
  return readFileSync(join(outDir, "worker.js"), "utf8");
}

function miniflare(out: string): Miniflare {
  return new Miniflare({
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }, { type: "ESModule", include: ["**/*.js"] }],
    compatibilityDate: "2025-01-01",
  });
}

test("a Worker importing keras-wasm through the workerd condition passes the platform suite", async () => {
  const out = mkdtempSync(join(tmpdir(), "keras-worker-"));
  const code = await bundleWorker(out);
  expect(code).toContain(`from "./${WASM}"`);
  expect(code).toContain(`from "./${RELAXED}"`);
  const mf = miniflare(out);
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const body = await res.text();
    expect(res.status, body.slice(0, 2000)).toBe(200);
    const { first, report } = JSON.parse(body) as { first: { kernels: string; state: string }; report: PlatformReport };
    expect(report.runtime).toBe("workerd");
    // Instantiated from the imported module before the first op.
    expect(first).toMatchObject({ kernels: "wasm-simd", state: "ready", relaxedSimd: true });
    expect(report.kernels).toBe("wasm-simd");
    await expectReport(report, { minChecks: 10, digests: true });
  } finally {
    await mf.dispose();
  }
}, 120_000);

test("a Worker loads a Keras 3 .keras archive (the lazy saving chunk: zip and HDF5 in plain JS) and predicts as Keras did", async () => {
  const out = mkdtempSync(join(tmpdir(), "keras-worker-"));
  await bundleWorker(out);
  const mf = miniflare(out);
  const fixtures = join(root, "test", "fixtures", "keras", "models");
  const expected = JSON.parse(readFileSync(join(fixtures, "mlp.expected.json"), "utf8")) as {
    input: { values: number[]; shape: number[]; dtype: string };
    predict: { values: number[] };
  };
  try {
    const res = await mf.dispatchFetch("http://localhost/load", {
      method: "POST",
      body: readFileSync(join(fixtures, "mlp.keras")),
      headers: { "x-input": JSON.stringify(expected.input) },
    });
    const body = await res.text();
    expect(res.status, body.slice(0, 2000)).toBe(200);
    const { predict, reloaded } = JSON.parse(body) as { predict: number[]; reloaded: number[] };
    expect(predict).toHaveLength(expected.predict.values.length);
    predict.forEach((v, i) => expect(Math.abs(v - expected.predict.values[i]!)).toBeLessThanOrEqual(1e-5));
    expect(reloaded).toEqual(predict);
  } finally {
    await mf.dispose();
  }
}, 120_000);

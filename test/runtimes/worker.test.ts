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

test("a Worker importing keras-wasm through the workerd condition passes the platform suite", async () => {
  const out = mkdtempSync(join(tmpdir(), "keras-worker-"));
  const code = await bundleWorker(out);
  expect(code).toContain(`from "./${WASM}"`);
  expect(code).toContain(`from "./${RELAXED}"`);
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
  });
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

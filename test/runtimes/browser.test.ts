// Headless Chromium: the platform suite in a page, and a tiny Vite app
// that imports keras-wasm by its package name. Both pages are built by Vite
// from test/runtimes/web/ against the built package (dist/).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserRun } from "./web/platform.js";
import { expectReport } from "./expect-report.js";
import { buildWeb, launchChromium, serve } from "./serve.js";

const here = dirname(fileURLToPath(import.meta.url));
let browser: Browser;
let server: Server;
let base: string;
let out: string;

// Set up once; each test awaits it, so a missing browser fails every test
// (rather than leaving them reported as skipped).
let setup: Promise<void> | null = null;
function started(): Promise<void> {
  setup ??= (async () => {
    browser = await launchChromium();
    out = mkdtempSync(join(tmpdir(), "keras-web-"));
    await buildWeb(join(here, "web"), out);
    ({ server, url: base } = await serve(out));
  })();
  return setup;
}
beforeAll(() => started().catch(() => undefined), 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Opens `path`; collects uncaught page errors and console errors. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  await started();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${base}/${path}`);
  return { page, errors };
}

describe("headless Chromium", () => {
  test("Vite emits the kernels as .wasm assets (once each), not inlined into the JS", async () => {
    await started();
    const assets = readdirSync(join(out, "assets"));
    expect(assets.filter((f) => /^keras-wasm\.simd-.*\.wasm$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^keras-wasm\.relaxed-.*\.wasm$/.test(f))).toHaveLength(1);
    for (const f of assets.filter((f) => f.endsWith(".js"))) expect(readFileSync(join(out, "assets", f), "utf8")).not.toContain("data:application/wasm");
  }, 120_000);

  test("the platform suite passes before ready() (reference kernels) and after (WASM SIMD), bits equal to Node's", async () => {
    const { page, errors } = await open("platform.html");
    await page.waitForFunction(() => "__platform" in window || "__platformError" in window, null, { timeout: 60_000 });
    const error = await page.evaluate(() => (window as { __platformError?: string }).__platformError);
    expect(error).toBeUndefined();
    const run = (await page.evaluate(() => (window as unknown as { __platform: BrowserRun }).__platform)) as BrowserRun;
    expect(run.afterReady.runtime).toMatch(/Chrome\//);
    // The module compiles asynchronously: ops ran on the reference kernels first.
    expect(run.first).toMatchObject({ kernels: "reference", state: "loading", simd: true });
    expect(run.beforeReady.kernels).toBe("reference");
    expect(run.afterBeforeReady).toMatchObject({ kernels: "reference", state: "loading" });
    await expectReport(run.beforeReady, { minChecks: 5, digests: false });
    expect(run.afterReady.kernels).toBe("wasm-simd");
    expect(run.afterReady.relaxedSimd).toBe(true);
    await expectReport(run.afterReady, { minChecks: 10, digests: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test("a Vite app importing keras-wasm shows the right result", async () => {
    const { page, errors } = await open("index.html");
    const result = page.locator("#result");
    await result.filter({ hasText: "kernels =" }).waitFor({ timeout: 60_000 });
    const text = await result.textContent();
    // x = [[1, 2], [3, 4]]: x @ x.T = [[5, 11], [11, 25]]; softmax([0, ln 3]) = [1/4, 3/4].
    expect(text).toContain("matmul(x, x.T) = [[5,11],[11,25]]");
    expect(text).toContain("before ready = [[5,11],[11,25]]");
    expect(text).toContain("softmax([0, ln 3]) = [0.25,0.75]");
    expect(text).toContain("kernels = wasm-simd");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

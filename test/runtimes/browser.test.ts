// Headless Chromium (found by chromium.ts): the platform suite in a page, and
// a tiny Vite app that imports keras-wasm by its package name. Both pages are
// built by Vite from test/runtimes/web/ against the built package (dist/).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserRun } from "./web/platform.js";
import { expectReport } from "./expect-report.js";
import { launchChromium } from "./chromium.js";
import { buildWeb, serve } from "./serve.js";

const here = dirname(fileURLToPath(import.meta.url));
let browser: Browser | undefined;
let server: Server | undefined;

// Two independent set-ups, each started once and awaited by the tests that
// need it: the Vite build (no browser) and the browser. A missing browser
// fails the page tests (rather than leaving them skipped) and leaves the
// build test alone.
let isolatedServer: Server | undefined;
let site: Promise<{ out: string; base: string; isolated: string }> | null = null;
function built(): Promise<{ out: string; base: string; isolated: string }> {
  site ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), "keras-web-"));
    await buildWeb(join(here, "web"), out);
    const served = await serve(out);
    server = served.server;
    // The same pages, cross-origin isolated (COOP/COEP): worker threads allowed.
    const isolated = await serve(out, true);
    isolatedServer = isolated.server;
    return { out, base: served.url, isolated: isolated.url };
  })();
  return site;
}
let launch: Promise<Browser> | null = null;
function launched(): Promise<Browser> {
  launch ??= launchChromium().then((b) => (browser = b));
  return launch;
}
beforeAll(() => Promise.all([built().catch(() => undefined), launched().catch(() => undefined)]), 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  isolatedServer?.close();
});

/** Opens `path`; collects uncaught page errors and console errors. */
async function open(path: string, isolated = false): Promise<{ page: Page; errors: string[] }> {
  const sites = await built();
  const base = isolated ? sites.isolated : sites.base;
  const page = await (await launched()).newPage();
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
    const { out } = await built();
    const assets = readdirSync(join(out, "assets"));
    expect(assets.filter((f) => /^keras-wasm\.simd-.*\.wasm$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^keras-wasm\.relaxed-.*\.wasm$/.test(f))).toHaveLength(1);
    for (const f of assets.filter((f) => f.endsWith(".js"))) expect(readFileSync(join(out, "assets", f), "utf8")).not.toContain("data:application/wasm");
    // The .keras / HDF5 code stays a chunk of its own, fetched only when the app opens an archive.
    expect(assets.filter((f) => /^keras-wasm-saving-.*\.js$/.test(f))).toHaveLength(1);
  }, 120_000);

  async function platform(isolated: boolean): Promise<BrowserRun> {
    const { page, errors } = await open("platform.html", isolated);
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
    return run;
  }

  test("the platform suite passes before ready() (reference kernels) and after (WASM SIMD), bits equal to Node's; one thread without cross-origin isolation", async () => {
    const run = await platform(false);
    expect(run.threads).toEqual({ isolated: false, threads: 1, workerTasks: 0, sameBits: true });
  }, 120_000);

  test("cross-origin isolated (COOP/COEP): the same suite and bits, and worker threads run split kernels with the bits of one thread", async () => {
    const run = await platform(true);
    expect(run.threads.isolated).toBe(true);
    expect(run.threads.threads).toBe(2);
    expect(run.threads.workerTasks).toBeGreaterThan(0);
    expect(run.threads.sameBits).toBe(true);
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
    // Python Keras's own predictions for the archive it wrote, to 1e-5 (issue 10).
    for (const what of ["mlp.keras predict", "saved and reloaded"]) {
      const diff = Number(new RegExp(`${what} max diff = (\\S+)`).exec(text ?? "")?.[1]);
      expect(diff, what).toBeLessThan(1e-5);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

// The browser half of the main job: examples/browser/ (built by Vite against
// dist/, as a user's app would be) trains the MNIST model in headless Chromium
// for 2 epochs and reports its test accuracy; a digit drawn on its pad gets a
// prediction.
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, expect, test } from "vitest";
import { launchChromium } from "./chromium.js";
import { buildWeb, serve } from "./serve.js";

const page = join(dirname(fileURLToPath(import.meta.url)), "../../examples/browser");
let browser: Browser | undefined;
let server: Server | undefined;

afterAll(async () => {
  await browser?.close();
  server?.close();
});

test("the MNIST page trains 2 epochs to > 85% test accuracy, draws its chart, and predicts a drawn digit", async () => {
  const out = mkdtempSync(join(tmpdir(), "keras-mnist-page-"));
  await buildWeb(page, out, ["index"]);
  const served = await serve(out);
  server = served.server;
  browser = await launchChromium();
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  tab.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await tab.goto(`${served.url}/index.html?epochs=2&autostart=1`);
  await tab.waitForFunction(() => "__mnist" in window || "__mnistError" in window, null, { timeout: 150_000 });
  expect(await tab.evaluate(() => (window as { __mnistError?: string }).__mnistError)).toBeUndefined();

  const report = (await tab.evaluate(() => (window as unknown as { __mnist: { epochs: number; testAccuracy: number; testCount: number; kernels: string } }).__mnist));
  expect(report).toMatchObject({ epochs: 2, testCount: 1756, kernels: "wasm-simd" });
  // Chance is 10%; the Node job's running training accuracy in its second
  // epoch is ~0.91; 85% is issue 9's bar for this page.
  expect(report.testAccuracy).toBeGreaterThan(0.85);
  const shown = await tab.locator("#result").textContent();
  expect(shown).toContain(`test accuracy: ${(report.testAccuracy * 100).toFixed(2)}% on 1756 test digits`);

  // The chart drew something: some non-white pixels inside its frame.
  const inked = await tab.evaluate(() => {
    const c = document.getElementById("chart") as HTMLCanvasElement;
    const { data } = c.getContext("2d")!.getImageData(40, 20, c.width - 60, c.height - 60);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(100);

  // Draw a vertical stroke on the pad and ask for a prediction.
  const box = (await tab.locator("#pad").boundingBox())!;
  await tab.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
  await tab.mouse.down();
  for (let i = 1; i <= 10; i++) await tab.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + 0.06 * i));
  await tab.mouse.up();
  await tab.locator("#predict").click();
  await tab.locator("#prediction").filter({ hasText: "predicted:" }).waitFor({ timeout: 10_000 });
  expect(await tab.locator("#prediction").textContent()).toMatch(/^predicted: \d \(\d+\.\d%\)\nthen \d/);
  expect(errors).toEqual([]);
}, 240_000);

// Where the browser tests get their Chromium (chromium.ts): CHROMIUM_PATH,
// then a system browser, then the packaged one. The packaged one is what a
// fresh machine uses; the browser tests themselves launch it.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { findChromium } from "./chromium.js";

const saved = { CHROMIUM_PATH: process.env.CHROMIUM_PATH, PATH: process.env.PATH };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** A directory holding an executable file called `name`. */
function fakeBrowser(name: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "keras-fake-chromium-"));
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return { dir, path };
}

test("CHROMIUM_PATH comes first", async () => {
  const { dir, path } = fakeBrowser("chromium");
  process.env.CHROMIUM_PATH = path;
  process.env.PATH = dir;
  expect(await findChromium()).toMatchObject({ executablePath: path, source: "CHROMIUM_PATH" });
});

test("a CHROMIUM_PATH that does not exist is an error naming it, not a fall-through", async () => {
  process.env.CHROMIUM_PATH = "/nonexistent/chromium";
  await expect(findChromium()).rejects.toThrow(/CHROMIUM_PATH is \/nonexistent\/chromium, which does not exist/);
});

test("without CHROMIUM_PATH, a system browser on PATH wins over the packaged one", async () => {
  delete process.env.CHROMIUM_PATH;
  const { dir, path } = fakeBrowser("google-chrome");
  process.env.PATH = dir;
  const found = await findChromium();
  expect(found.source).toBe("system");
  // /usr/bin/chromium, where installed, is looked at before PATH.
  expect([path, "/usr/bin/chromium", "/usr/bin/chromium-browser"]).toContain(found.executablePath);
});

test("with no system browser, the packaged @sparticuz/chromium is unpacked once into a versioned temp folder", async () => {
  delete process.env.CHROMIUM_PATH;
  process.env.PATH = mkdtempSync(join(tmpdir(), "keras-empty-path-"));
  const found = await findChromium();
  if (found.source === "system") return; // this machine has /usr/bin/chromium: covered by the test above
  expect(found.source).toMatch(/^@sparticuz\/chromium@\d+\./);
  expect(found.executablePath).toBe(join(tmpdir(), `keras-wasm-chromium-${found.source.split("@").pop()}`, "chromium"));
  expect(found.args).toContain("--no-sandbox");
  expect((await findChromium()).executablePath).toBe(found.executablePath);
}, 120_000);

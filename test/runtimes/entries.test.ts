// The package's own entries, as an app gets them: a fresh Node and a fresh
// Deno process import "keras-wasm" by name from an app directory (the
// package linked into its node_modules), so the export conditions pick the
// entry ("node" and "deno": dist/keras-wasm.node.js, which reads the .wasm
// beside it synchronously). The very first op, with no await before it,
// must already run on WASM; relaxed SIMD must be on exactly in Deno.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, test } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let app = "";

const MAIN = `
import * as keras from "keras-wasm";
const y = keras.ops.matmul(keras.ops.ones([8, 8]), keras.ops.full([8, 8], 2)).data[0];
console.log(JSON.stringify({ resolved: import.meta.resolve("keras-wasm"), y, info: keras.backendInfo() }));
`;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "keras-app-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(root, join(app, "node_modules", "keras-wasm"), "dir");
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  writeFileSync(join(app, "main.mjs"), MAIN);
});

function run(cmd: string, args: string[]): { resolved: string; y: number; info: Record<string, unknown> } {
  const r = spawnSync(cmd, args, { cwd: app, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("Node resolves the node entry; the first op runs on WASM, plain SIMD", () => {
  const out = run(process.execPath, ["main.mjs"]);
  expect(out.resolved).toMatch(/\/dist\/keras-wasm\.node\.js$/);
  expect(out.y).toBe(16); // 8 ones times 2
  expect(out.info).toMatchObject({ kernels: "wasm-simd", state: "ready", simd: true, relaxedSimd: false });
});

test("Deno resolves the node entry through the deno condition; the first op runs on WASM, relaxed SIMD", () => {
  const out = run(join(root, "node_modules", ".bin", "deno"), ["run", "-A", "main.mjs"]);
  expect(out.resolved).toMatch(/\/dist\/keras-wasm\.node\.js$/);
  expect(out.y).toBe(16);
  expect(out.info).toMatchObject({ kernels: "wasm-simd", state: "ready", simd: true, relaxedSimd: true });
}, 60_000);

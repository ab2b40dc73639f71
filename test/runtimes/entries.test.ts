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

// Both entries in one Node process (say one imported through a bundler
// path, the other through the node condition) share one loader. Whichever
// comes first, the kernels load once, from the entry that can read them
// synchronously, and both entries' ops run on them: taking the browser
// entry's URL, which Node cannot fetch, used to move every op to the
// reference kernels (2.3x slower) without a word.
const BOTH = `
import { pathToFileURL } from "node:url";
const dist = process.argv[2];
const [first, second, late] = process.argv.slice(3);
const a = await import(pathToFileURL(dist + "/" + first).href);
const before = a.ops.matmul(a.ops.ones([8, 8]), a.ops.full([8, 8], 2)).data[0];
const b = await import(pathToFileURL(dist + "/" + second).href);
const y = b.ops.add(a.ops.ones([4]), 1).data[0];
console.log(JSON.stringify({ before, y, late: late === "late", info: a.backendInfo(), same: a.backendInfo === b.backendInfo }));
`;

function both(order: [string, string], late: boolean): { y: number; info: Record<string, unknown>; same: boolean; stderr: string } {
  writeFileSync(join(app, "both.mjs"), BOTH);
  const r = spawnSync(process.execPath, ["both.mjs", join(root, "dist"), ...order, late ? "late" : ""], {
    cwd: app, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" },
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return { ...JSON.parse(r.stdout.trim().split("\n").pop()!), stderr: r.stderr };
}

test.each([
  ["the node entry, then the browser entry", ["keras-wasm.node.js", "keras-wasm.js"]],
  ["the browser entry, then the node entry (after an op has started the fetch)", ["keras-wasm.js", "keras-wasm.node.js"]],
] as const)("Node imports %s: one loader, every op on WASM, nothing printed", (_, order) => {
  const out = both([...order], false);
  expect(out.same).toBe(true);
  expect(out.y).toBe(2);
  expect(out.info).toMatchObject({ kernels: "wasm-simd", state: "ready" });
  expect(out.stderr).toBe("");
});

test("the browser entry alone in Node cannot fetch the kernels: ops still run, and it says so once", () => {
  writeFileSync(
    join(app, "browser_only.mjs"),
    `import { pathToFileURL } from "node:url";
const k = await import(pathToFileURL(process.argv[2] + "/keras-wasm.js").href);
k.ops.add(k.ops.ones([4]), 1);
await k.ready();
await k.ready();
console.log(JSON.stringify({ y: k.ops.add(k.ops.ones([4]), 1).data[0], info: k.backendInfo() }));`,
  );
  const r = spawnSync(process.execPath, ["browser_only.mjs", join(root, "dist")], { cwd: app, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  expect(out.y).toBe(2);
  expect(out.info).toMatchObject({ kernels: "reference", state: "unavailable" });
  expect(r.stderr.match(/keras-wasm: could not load the WebAssembly kernels/g)?.length).toBe(1);
  expect(r.stderr).toMatch(/reference kernels/);
});

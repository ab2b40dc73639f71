// Every WASM kernel has a TypeScript twin of the same name, and every twin
// a WASM kernel: the property tests compare them pair by pair.
import { expect, test } from "vitest";
import { reference } from "../../src/backend/reference/index.js";
import { wasmBase64 } from "../../src/backend/generated/wasm-binary.js";

test("kernel exports and reference twins pair up one to one", () => {
  const mod = new WebAssembly.Module(Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0)));
  const runtime = new Set(["memory", "alloc", "free"]);
  const exported = WebAssembly.Module.exports(mod)
    .map((e) => e.name)
    .filter((n) => !runtime.has(n))
    .sort();
  expect(exported.length).toBeGreaterThan(50);
  expect(Object.keys(reference).sort()).toEqual(exported);
});

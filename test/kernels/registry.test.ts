// Every WASM kernel has a TypeScript twin of the same name, and every twin
// a WASM kernel: the property tests compare them pair by pair. The kernel
// table (src/backend/kernels.ts) lists them all, and each export and each
// twin takes exactly the table's number of parameters.
import { expect, test } from "vitest";
import { KERNELS, type KernelName } from "../../src/backend/kernels.js";
import { REFERENCE_ONLY, reference } from "../../src/backend/reference/index.js";
import { readFileSync } from "node:fs";

// The allocator (and its fits query), its start function, and the worker threads' scratch hook (threads.ts).
const RUNTIME = new Set(["memory", "alloc", "free", "fits", "_start", "set_scratch"]);
const instance = new WebAssembly.Instance(
  new WebAssembly.Module(readFileSync(new URL("../../build/keras-wasm.simd.wasm", import.meta.url))),
  { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) } },
);
const exported = Object.keys(instance.exports).filter((n) => !RUNTIME.has(n)).sort();
const tabled = Object.keys(KERNELS).sort();

test("kernel exports, reference twins and the kernel table pair up one to one", () => {
  expect(exported.length).toBeGreaterThan(50);
  // Reference-only kernels (src/backend/reference/wide.ts) have no export by design.
  expect(Object.keys(reference).filter((n) => !REFERENCE_ONLY.has(n)).sort()).toEqual(exported);
  expect(Object.keys(reference).sort()).toEqual(tabled);
  expect(tabled.filter((n) => !REFERENCE_ONLY.has(n))).toEqual(exported);
});

test("each WASM export takes the table's number of parameters", () => {
  const wrong = exported
    .map((n) => [n, (instance.exports[n] as (...a: number[]) => void).length, KERNELS[n as KernelName]?.length] as const)
    .filter(([, got, want]) => got !== want);
  expect(wrong).toEqual([]);
});

test("each reference twin takes the table's number of parameters", () => {
  // A twin written with rest parameters has length 0 and fails here: twins
  // name every parameter, unused ones (scratch) included.
  const wrong = tabled
    .map((n) => [n, reference[n as KernelName].length, KERNELS[n as KernelName].length] as const)
    .filter(([, got, want]) => got !== want);
  expect(wrong).toEqual([]);
});

// The relaxed-SIMD patch (assembly/relaxed.ts) only replaces kernels of the
// main module; it is not validated here (Node 20 lacks relaxed SIMD), so its
// export names are read from the binary's export section.
test("the relaxed-SIMD patch exports only kernels the main module has", () => {
  const bytes = readFileSync(new URL("../../build/keras-wasm.relaxed.wasm", import.meta.url));
  const names = exportNames(bytes);
  expect(names).toEqual(["matmul_f32", "set_scratch"]);
  for (const n of names.filter((n) => !RUNTIME.has(n))) expect(reference[n as KernelName], n).toBeTypeOf("function");
});

/** Names in a module's export section (id 7), read without compiling it. */
function exportNames(b: Uint8Array): string[] {
  let i = 8;
  const leb = (): number => {
    let v = 0;
    for (let s = 0; ; s += 7) {
      const x = b[i++]!;
      v |= (x & 0x7f) << s;
      if (x < 0x80) return v >>> 0;
    }
  };
  while (i < b.length) {
    const id = b[i++]!;
    const size = leb();
    const end = i + size;
    if (id === 7) {
      const out: string[] = [];
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        out.push(new TextDecoder().decode(b.subarray(i, i + len)));
        i += len + 1; // name, kind byte
        leb(); // index
      }
      return out;
    }
    i = end;
  }
  return [];
}

// The backend itself: which kernels run, and WASM memory staying bounded
// without dispose().
import { assert, group } from "./harness.js";

const { check, checks } = group();
export default checks;

check("backend: SIMD is probed and the WASM SIMD kernels are active", (k) => {
  const info = k.backendInfo();
  // Every runtime this package targets (Node 20, Deno 2, Chromium, workerd) has fixed-width SIMD.
  assert(info.simd === true, `backendInfo().simd is ${info.simd}`);
  assert(info.state === "ready", `backendInfo().state is ${info.state}, expected ready`);
  assert(info.kernels === "wasm-simd", `backendInfo().kernels is ${info.kernels}, expected wasm-simd`);
  k.useReferenceKernels(true);
  try {
    assert(k.backendInfo().kernels === "reference", "useReferenceKernels(true) did not switch to the reference kernels");
  } finally {
    k.useReferenceKernels(false);
  }
  assert(k.backendInfo().kernels === "wasm-simd", "useReferenceKernels(false) did not switch back");
}, "wasm");

check("backend: resident bytes stay within the budget without dispose()", (k) => {
  const before = k.memoryStats();
  const budget = before.residentBudget;
  // 1 MiB results, dropped at once: 1.5 x the budget in all.
  const n = 262144;
  const x = k.ops.full([n], 1.5);
  let last = x;
  const rounds = Math.ceil((1.5 * budget) / (4 * n));
  for (let i = 0; i < rounds; i++) last = k.ops.multiply(x, 2);
  assert(last.data[n - 1] === 3, `last result ${last.data[n - 1]}, expected 3`);
  const s = k.memoryStats();
  assert(s.residentBytes <= budget, `resident ${s.residentBytes} B > budget ${budget} B`);
  assert(s.wasmMemoryBytes <= 3 * budget, `WASM memory ${s.wasmMemoryBytes} B > 3 x budget`);
  assert(s.dropsWithRecipe + s.spills + s.finalized > before.dropsWithRecipe + before.spills + before.finalized, "nothing was evicted or freed");
}, "wasm");

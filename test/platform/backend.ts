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

// (module (func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))
const RELAXED_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 0, 32, 0, 253, 133, 2, 11];

check("backend: the relaxed-SIMD kernels are active exactly where f32x4.relaxed_madd validates", (k) => {
  const validates = WebAssembly.validate(new Uint8Array(RELAXED_PROBE));
  const info = k.backendInfo();
  assert(info.relaxedSimd === validates, `backendInfo().relaxedSimd is ${info.relaxedSimd}, but relaxed SIMD ${validates ? "validates" : "does not validate"} here`);
  // A 64 x 64 matmul through the patch module (shared memory and allocator) gives the exact sums of small integers.
  const a = k.ops.reshape(k.ops.cast(k.ops.arange(0, 64 * 64), "float32"), [64, 64]);
  const y = k.ops.matmul(a, k.ops.ones([64, 64])).data;
  // Row i of a holds 64 i .. 64 i + 63: each output is 64 * 64 i + 2016, exact in float32.
  for (let i = 0; i < 64; i++) assert(y[i * 64 + 7] === 4096 * i + 2016, `row ${i}: ${y[i * 64 + 7]}, expected ${4096 * i + 2016}`);
}, "wasm");

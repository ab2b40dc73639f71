// The relaxed-SIMD patch module (keras-wasm.relaxed.wasm, built by
// scripts/build-wasm.mjs with --enable relaxed-simd): only the kernels whose
// relaxed build differs, over the main module's imported memory and heap.
// The loader uses it by probe, in place of those exports of the main module.
export { matmul_f32, set_scratch } from "./linalg/matmul";

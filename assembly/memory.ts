// Raw heap for tensor storage and per-op scratch. The TypeScript side owns
// every block's lifetime (see src/backend/memory.ts); the AssemblyScript
// runtime's TLSF allocator only does the bookkeeping (patched at build:
// scripts/build-wasm.mjs).
import { fitsNow } from "rt/tlsf";

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Whether `alloc(bytes)` would find room without growing the memory. */
export function fits(bytes: usize): bool {
  return fitsNow(bytes);
}

// Raw heap for tensor storage and per-op scratch. The TypeScript side owns
// every block's lifetime (see src/backend/memory.ts); the AssemblyScript
// runtime's TLSF allocator only does the bookkeeping.
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

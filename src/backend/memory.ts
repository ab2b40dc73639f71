// Where tensor data lives, and how it is reclaimed without dispose().
//
// A Storage holds a tensor's elements (several tensors may share one:
// reshape and friends are views). Small storages (< SMALL_BYTES) live only
// on the JS heap, where V8's GC bounds them, and ops copy them through
// per-op scratch in WASM memory. Large storages live in WASM memory
// ("resident") so kernels read and write them in place with no per-op
// allocation or copy. Their blocks come back in three ways:
//  1. a FinalizationRegistry frees the block once the Storage is collected
//     (between tasks, when V8 has run a GC);
//  2. when resident bytes would pass the budget, the oldest resident storage
//     is evicted: dropped at once if its Storage is already gone or it has a
//     JS copy, else spilled (copied to the JS heap) first. This bounds WASM
//     memory in a synchronous loop, where no finalizer can run;
//  3. library code frees temporaries it created and never handed out.
// A spilled storage used again by an op is made resident again.
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import { active, ensureStarted, onActiveChange, type KernelModule } from "./loader.js";

export const SMALL_BYTES = 4096;

/** A block of WASM memory owned by one Storage. `ptr` is -1 once freed. */
export class Slot {
  constructor(
    public ptr: number,
    readonly bytes: number,
  ) {}
}

export class Storage {
  /** JS-heap copy of the elements, or null while they exist only in WASM. */
  js: TypedArray | null = null;
  /** WASM block, or null if never resident. */
  slot: Slot | null = null;
  /** True until a kernel has written it. */
  pending = true;
  /** Exec epoch that pins this storage against eviction. */
  pin = 0;
  constructor(
    readonly dtype: DType,
    readonly length: number,
  ) {}
  get bytes(): number {
    return this.length * STORAGE[this.dtype].bytes;
  }
  get resident(): boolean {
    return this.slot !== null && this.slot.ptr >= 0;
  }
}

// ---- the module, its memory and views --------------------------------------

let mod: KernelModule | null = null;
let buffer: ArrayBuffer | null = null;
let u8 = new Uint8Array(0);

onActiveChange((m) => {
  if (m) mod = m;
});

/** A byte view of WASM memory, refreshed after the memory grew. */
export function heapU8(): Uint8Array {
  const b = mod!.memory.buffer;
  if (b !== buffer) {
    buffer = b;
    u8 = new Uint8Array(b);
  }
  return u8;
}

export function heapView(dtype: DType, ptr: number, length: number): TypedArray {
  heapU8();
  return new STORAGE[dtype].ctor(buffer!, ptr, length);
}

// ---- residency bookkeeping ---------------------------------------------------

let budget = 256 * 1024 * 1024;
let residentBytes = 0;
let spills = 0;
let finalized = 0;
// FIFO of resident storages: weak so the queue does not keep them alive.
let qRefs: WeakRef<Storage>[] = [];
let qSlots: Slot[] = [];
let qHead = 0;

function freeSlot(slot: Slot): void {
  if (slot.ptr < 0) return;
  mod!.free(slot.ptr);
  slot.ptr = -1;
  residentBytes -= slot.bytes;
}

const registry = new FinalizationRegistry<Slot>((slot) => {
  if (slot.ptr >= 0) finalized++;
  if (mod) freeSlot(slot);
});

function compactQueue(): void {
  const refs: WeakRef<Storage>[] = [];
  const slots: Slot[] = [];
  for (let i = qHead; i < qSlots.length; i++) {
    if (qSlots[i]!.ptr >= 0) {
      refs.push(qRefs[i]!);
      slots.push(qSlots[i]!);
    }
  }
  qRefs = refs;
  qSlots = slots;
  qHead = 0;
}

// Evicts the oldest unpinned resident storages until `need` more bytes fit.
function makeRoom(need: number, epoch: number): void {
  let rotated = 0;
  while (residentBytes + need > budget && qHead < qSlots.length) {
    const slot = qSlots[qHead]!;
    const ref = qRefs[qHead]!;
    qHead++;
    if (slot.ptr < 0) continue;
    const s = ref.deref();
    if (s && s.pin === epoch) {
      // In use by the current op: keep it, look further.
      qRefs.push(ref);
      qSlots.push(slot);
      if (++rotated > qSlots.length) break;
      continue;
    }
    if (s && s.js === null) {
      s.js = heapView(s.dtype, slot.ptr, s.length).slice();
      spills++;
    }
    freeSlot(slot);
  }
  if (qHead > 1024 && qHead * 2 > qSlots.length) compactQueue();
}

/** Allocates a WASM block for `s` (evicting if needed) and returns its ptr. */
export function makeResident(s: Storage, epoch: number): number {
  const bytes = s.bytes;
  makeRoom(bytes, epoch);
  const ptr = mod!.alloc(bytes);
  residentBytes += bytes;
  if (s.slot === null) {
    s.slot = new Slot(ptr, bytes);
    registry.register(s, s.slot);
  } else {
    s.slot.ptr = ptr;
  }
  qRefs.push(new WeakRef(s));
  qSlots.push(s.slot);
  if (s.js !== null) heapU8().set(new Uint8Array(s.js.buffer, s.js.byteOffset, bytes), ptr);
  return ptr;
}

/** The elements on the JS heap (copied out of WASM once, then cached). */
export function materialize(s: Storage): TypedArray {
  if (s.js === null) {
    s.js = s.resident ? heapView(s.dtype, s.slot!.ptr, s.length).slice() : new STORAGE[s.dtype].ctor(s.length);
  }
  return s.js;
}

/**
 * Frees a storage that library code created and provably never handed out
 * (a temporary inside a composite op). Never call it on a user's tensor.
 */
export function releaseTemporary(s: Storage): void {
  if (s.slot && mod) freeSlot(s.slot);
  s.js = null;
}

/** Sets the resident-bytes budget (default 256 MiB). */
export function setResidentBudget(bytes: number): void {
  budget = bytes;
}

/** Figures for tests and the benchmark. */
export function memoryStats(): {
  residentBytes: number;
  residentBudget: number;
  wasmMemoryBytes: number;
  spills: number;
  finalized: number;
  queued: number;
} {
  ensureStarted();
  return {
    residentBytes,
    residentBudget: budget,
    wasmMemoryBytes: active ? active.memory.buffer.byteLength : 0,
    spills,
    finalized,
    queued: qSlots.length - qHead,
  };
}

// Where tensor data lives, and how it is reclaimed without dispose().
//
// A Storage holds a tensor's elements (several tensors may share one:
// reshape and friends are views). Small storages (< SMALL_BYTES) live only
// on the JS heap, where V8's GC bounds them; ops copy them through per-op
// scratch in WASM memory. Large storages live in WASM memory ("resident"),
// so kernels read and write them in place with no per-op allocation or
// copy, and their blocks are reused while still warm in cache.
//
// Nothing can tell synchronously that a tensor has become garbage, so WASM
// memory is bounded by a budget on resident bytes. When an op needs room,
// blocks are freed in this order:
//  1. the youngest results that were never used since they were made and
//     have a recipe (the kernel call that produced them, whose inputs are
//     kept), or whose tensors a FinalizationRegistry found collected. A
//     recipe makes eviction free: kernels are deterministic, so running it
//     again gives the same bits if the tensor is ever read. Taking the
//     youngest hands its still-warm block to the next result, which is
//     what keeps a synchronous loop of ops (whose dropped results no
//     finalizer can report) at kernel speed;
//  2. then the least recently used resident storages (a second-chance
//     queue), each freed after nothing if it is dead, has a JS copy or a
//     recipe, and after a copy to the JS heap ("spill") otherwise;
//  3. library code also frees temporaries it created and never handed out,
//     and a scope the library owns (valueAndGrad, a train step) collects the
//     storages created while it is open and releases those it does not
//     return, as dispose() would (see openScope / closeScope).
// A storage used again by an op is made resident again (copied in, or
// recomputed from its recipe).
//
// Recipes never chain: a storage that becomes a recipe input keeps its data
// from then on (its own recipe is dropped and an eviction spills it), so a
// recomputation never needs another one, and a recipe keeps alive only the
// direct inputs of one kernel call.
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import { ValueError, formatShape } from "../errors.js";
import { active, ensureStarted, onActiveChange, type KernelModule } from "./loader.js";

export const SMALL_BYTES = 4096;

/** Storages created while a scope is open (see openScope). */
export class StorageScope {
  readonly created: Storage[] = [];
  constructor(readonly parent: StorageScope | null) {}
}
// The innermost open scope.
let openScopes: StorageScope | null = null;

/**
 * The largest tensor, in bytes: 2^30 - 4 (1 GiB less 4 bytes). Any tensor
 * may have to live in WASM memory (large ones do as soon as an op runs on
 * the WASM kernels, also one made while the reference kernels ran), and
 * the allocator there, AssemblyScript's TLSF, serves at most 2^30 - 4
 * bytes per block (its BLOCK_MAXSIZE: larger requests trap with
 * `unreachable`). The other limits are looser: WASM32 memory is 4 GiB (so
 * three such tensors fit), a JS typed array holds up to 2^32 elements
 * (Node 20), and the resident budget is soft (a larger tensor evicts the
 * others). Checking once, here, keeps sizes of 4 GiB and more from
 * wrapping to a zero-size block in the 32-bit allocator, and every element
 * count within the i32 range the kernels take.
 */
export const MAX_TENSOR_BYTES = 2 ** 30 - 4;

/**
 * Throws Keras's ValueError when `length` elements of `dtype` exceed
 * MAX_TENSOR_BYTES (or are not a valid count), naming the op and the shape.
 * Called before anything is allocated, on every path (Storage's constructor).
 */
export function checkTensorSize(dtype: DType, length: number, where?: string, shape?: readonly number[]): void {
  const bytes = length * STORAGE[dtype].bytes;
  if (bytes <= MAX_TENSOR_BYTES && Number.isInteger(length) && length >= 0) return;
  const what = shape ? `shape ${formatShape(shape)}` : `${length} elements`;
  throw new ValueError(
    `${where ?? "keras-wasm"}: a ${dtype} tensor of ${what} would take ${bytes} bytes; a tensor can hold at most ` +
      `${MAX_TENSOR_BYTES} bytes (1 GiB less 4 bytes, the largest block of the WebAssembly allocator)`,
  );
}

/**
 * The WASM block of one large Storage: `ptr` is -1 while not resident.
 * `refs` counts the live tensors using it and `holders` the live recipes
 * that use it as an input; it is dead (evictable without a copy) once both
 * are 0. `inputs` are the slots its own recipe holds. Slots never point to
 * storages or data, so the registry, which keeps a slot until its callback
 * runs, never keeps tensor data alive.
 */
export class Slot {
  ptr = -1;
  refs = 0;
  holders = 0;
  inputs: Slot[] | null = null;
  /** Every tensor using it is gone: evict without a copy. */
  dead = false;
  constructor(readonly bytes: number) {}
}

/** How to compute a storage again: a kernel and its arguments. */
export interface Recipe {
  name: string;
  args: readonly (Storage | Int32Array | Float32Array | number)[];
}

export class Storage {
  /** JS-heap copy of the elements, or null while they exist only in WASM. */
  js: TypedArray | null = null;
  /** WASM block bookkeeping (large storages only). */
  readonly slot: Slot | null;
  /** The kernel call that produced it, while it may be recomputed. */
  recipe: Recipe | null = null;
  /** True until a kernel has written it. */
  pending = true;
  /** > 0 while an op in progress uses it: not evictable. */
  pins = 0;
  /** Set on use; eviction gives a used storage a second chance. */
  used = false;
  /** Survives the scopes it was created in (a variable's value, a layer's loss). */
  escaped = false;
  /** Set when a scope released it: why, for the error its next user read raises. */
  released: string | null = null;
  readonly bytes: number;
  /** `where` and `shape` only name the op and shape in the size error. */
  constructor(
    readonly dtype: DType,
    readonly length: number,
    where?: string,
    shape?: readonly number[],
  ) {
    checkTensorSize(dtype, length, where, shape);
    this.bytes = length * STORAGE[dtype].bytes;
    this.slot = this.bytes >= SMALL_BYTES ? new Slot(this.bytes) : null;
    if (openScopes !== null) openScopes.created.push(this);
  }
  get resident(): boolean {
    return this.slot !== null && this.slot.ptr >= 0;
  }
  /** Whether the elements exist somewhere now (else only as a recipe). */
  get hasData(): boolean {
    return this.js !== null || this.resident || this.pending;
  }
}

// ---- the module, its memory and views --------------------------------------

let mod: KernelModule | null = null;
let buffer: ArrayBuffer | null = null;
/** Views of WASM memory, by element type; see refreshViews(). */
export const views = {
  u8: new Uint8Array(0), i32: new Int32Array(0), f32: new Float32Array(0), u16: new Uint16Array(0), f64: new Float64Array(0),
};

onActiveChange((m) => {
  if (m) {
    mod = m;
    refreshViews();
  }
});

/** The loaded kernel module (also when the reference kernels are forced). */
export function kernelModule(): KernelModule {
  return mod!;
}

/** Re-creates the views if the memory grew (any alloc may grow it). */
export function refreshViews(): void {
  const b = mod!.memory.buffer;
  if (b !== buffer) {
    buffer = b;
    views.u8 = new Uint8Array(b);
    views.i32 = new Int32Array(b);
    views.f32 = new Float32Array(b);
    views.u16 = new Uint16Array(b);
    views.f64 = new Float64Array(b);
  }
}

/**
 * Allocates a WASM block, keeping the views valid. Pointers are unsigned:
 * the allocator's i32 result is negative above 2 GiB. When the engine
 * refuses to grow the memory, the allocator traps (`unreachable`) before
 * changing any of its state, so the blocks of every tensor stay intact:
 * evict what can be evicted, try once more, then throw a clear error.
 */
export function wasmAlloc(bytes: number): number {
  // Growth is for good (WASM memory never shrinks) and the allocator grows
  // by max(what is needed, an eighth): once that would take the memory past
  // GROWTH x the most bytes ever resident (+ GROWTH_SLACK for scratch),
  // evict until a free block fits instead, while anything is evictable.
  const size = buffer!.byteLength;
  if (size + Math.max(bytes, size / 8) > GROWTH * peak + GROWTH_SLACK) makeRoom(() => !mod!.fits(bytes));
  let p: number;
  try {
    p = mod!.alloc(bytes);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    makeRoom(() => true);
    try {
      p = mod!.alloc(bytes);
    } catch (e2) {
      if (!(e2 instanceof WebAssembly.RuntimeError)) throw e2;
      refreshViews();
      throw new ValueError(
        `keras-wasm: out of WebAssembly memory: cannot allocate ${bytes} bytes (the memory has ${buffer!.byteLength} bytes ` +
          `and the engine refused to grow it; WASM32 memory holds at most 4 GiB). Existing tensors are intact.`,
      );
    }
  }
  refreshViews();
  return p >>> 0;
}

/** The view whose elements match `dtype` (u8 for bool, u16 for the raw halves). */
export function viewFor(dtype: DType): TypedArray {
  switch (dtype) {
    case "float32": return views.f32;
    case "int32": return views.i32;
    case "bool": return views.u8;
    case "float64": return views.f64;
    default: return views.u16;
  }
}

/** Copies `src` into WASM memory at byte offset `ptr` (8-byte elements need an 8-aligned ptr). */
export function copyIn(src: TypedArray | Int32Array | Float32Array, ptr: number): void {
  if (src instanceof Float32Array) views.f32.set(src, ptr >>> 2);
  else if (src instanceof Int32Array) views.i32.set(src, ptr >>> 2);
  else if (src instanceof Uint16Array) views.u16.set(src, ptr >>> 1);
  else if (src instanceof Float64Array) views.f64.set(src, ptr >>> 3);
  else views.u8.set(src, ptr);
}

const SHIFT: Record<DType, number> = { float32: 2, int32: 2, bool: 0, float16: 1, bfloat16: 1, float64: 3 };

/** A JS copy of `length` elements of `dtype` at byte offset `ptr`. */
export function copyOut(dtype: DType, ptr: number, length: number): TypedArray {
  const shift = SHIFT[dtype];
  const start = ptr >>> shift;
  return viewFor(dtype).slice(start, start + length);
}

// ---- residency bookkeeping ---------------------------------------------------

let budget = 64 * 1024 * 1024;
let residentBytes = 0;
/** The most resident bytes ever (with the block being allocated). */
let peak = 0;
const GROWTH = 1.25;
const GROWTH_SLACK = 2 * 1024 * 1024;
const stats = { spills: 0, recomputes: 0, dropsWithRecipe: 0, finalized: 0 };
// Resident storages, oldest first. It holds storages, never tensors, so it
// does not keep tensors alive; the registry watches the tensors.
let queue: Storage[] = [];
let qHead = 0;

function freeSlot(slot: Slot): void {
  if (slot.ptr < 0) return;
  mod!.free(slot.ptr);
  slot.ptr = -1;
  residentBytes -= slot.bytes;
}

// When every tensor using a block has been collected, the registry marks it
// dead: free to evict without a copy. It is not freed at once: freeing
// here would punch holes that the allocator fills with the next results,
// spreading them over cold memory instead of reusing one warm block.
// Cloudflare Workers have no FinalizationRegistry unless the Worker opts in
// (the `enable_weak_ref` compatibility flag): there the budget alone bounds memory.
const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Slot>(collected) : null;

/** @internal The registry's callback: one tensor using `slot` was collected. */
export function collected(slot: Slot): void {
  if (--slot.refs > 0) return;
  // No tensor can read it any more: its recipe is useless too.
  releaseInputs(slot);
  markDeadIfFree(slot);
}

function markDeadIfFree(slot: Slot): void {
  if (slot.refs === 0 && slot.holders === 0 && !slot.dead) {
    slot.dead = true;
    stats.finalized++;
  }
}

// The recipe of `slot`'s storage is gone: its inputs lose a holder.
function releaseInputs(slot: Slot): void {
  const inputs = slot.inputs;
  if (inputs === null) return;
  slot.inputs = null;
  for (const input of inputs) {
    input.holders--;
    markDeadIfFree(input);
  }
}

/** Drops a storage's recipe (it has its data elsewhere, or never will be read). */
function dropRecipe(s: Storage): void {
  s.recipe = null;
  if (s.slot !== null) releaseInputs(s.slot);
}

/** Called by every new tensor: the registry marks the block dead after the last one goes. */
export function track(tensor: object, s: Storage): void {
  const slot = s.slot;
  if (slot === null) return;
  slot.refs++;
  registry?.register(tensor, slot);
}

function compactQueue(): void {
  queue = queue.slice(qHead).filter((s) => s.resident);
  qHead = 0;
}

// A result that was never used since it was made and can be recomputed is
// the cheapest victim, and the youngest one is still in cache: freeing it
// lets the allocator hand the same warm block to the next result, as a
// loop that drops its results would do with dispose().
function dropYoungest(): boolean {
  const stop = Math.max(qHead, queue.length - 16);
  for (let i = queue.length - 1; i >= stop; i--) {
    const s = queue[i]!;
    const slot = s.slot!;
    if (slot.ptr >= 0 && s.pins === 0 && (slot.dead || (!s.used && s.recipe !== null && slot.holders === 0 && s.js === null))) {
      queue.splice(i, 1);
      stats.dropsWithRecipe++;
      freeSlot(slot);
      return true;
    }
  }
  return false;
}

// Evicts while `short()`: first the youngest recomputable results, then the
// least recently used storages (a second-chance queue: a storage used since
// it was queued goes to the back once).
function makeRoom(short: () => boolean): void {
  while (short() && dropYoungest());
  let rotations = 2 * (queue.length - qHead);
  while (short() && qHead < queue.length) {
    const s = queue[qHead]!;
    queue[qHead++] = undefined as unknown as Storage;
    const slot = s.slot!;
    if (slot.ptr < 0) continue;
    if (slot.dead) {
      freeSlot(slot);
      continue;
    }
    if (s.pins > 0 || s.used) {
      s.used = false;
      queue.push(s);
      if (--rotations < 0) break;
      continue;
    }
    // A storage with a recipe is never a recipe input (recipes never chain).
    if (s.js === null) {
      if (s.recipe !== null) stats.dropsWithRecipe++;
      else {
        s.js = copyOut(s.dtype, slot.ptr, s.length);
        stats.spills++;
      }
    }
    freeSlot(slot);
  }
  if (qHead > 1024 && qHead * 2 > queue.length) compactQueue();
}

/**
 * Gives `s` a WASM block (evicting others if needed) and fills it from its
 * JS copy when it has one. The caller fills pending and recipe storages.
 */
export function allocResident(s: Storage): number {
  const bytes = s.bytes;
  makeRoom(() => residentBytes + bytes > budget);
  peak = Math.max(peak, residentBytes + bytes);
  const ptr = wasmAlloc(bytes);
  residentBytes += bytes;
  s.slot!.ptr = ptr;
  s.used = false;
  queue.push(s);
  if (s.js !== null) copyIn(s.js, ptr);
  return ptr;
}

/** Marks the inputs of a new recipe: they keep their data from now on. */
export function holdInputs(args: Recipe["args"], output: Storage): void {
  const held: Slot[] = [];
  for (const a of args) {
    if (a instanceof Storage && a !== output) {
      dropRecipe(a);
      if (a.slot !== null) {
        a.slot.holders++;
        held.push(a.slot);
      }
    }
  }
  output.slot!.inputs = held;
}

// Set by exec.ts: runs a recipe on the WASM kernels into `s`.
let recompute: (s: Storage) => void = () => {
  throw new Error("internal: no recompute hook");
};
export function setRecompute(fn: (s: Storage) => void): void {
  recompute = fn;
}

/** Makes sure the elements exist (recomputing an evicted result). */
export function ensureData(s: Storage): void {
  if (s.released !== null) throw releasedError(s);
  if (!s.hasData) {
    stats.recomputes++;
    recompute(s);
  }
}

/** The elements on the JS heap (copied out of WASM once, then cached). */
export function materialize(s: Storage): TypedArray {
  if (s.released !== null) throw releasedError(s);
  if (s.js === null) {
    ensureData(s);
    s.js = s.resident ? copyOut(s.dtype, s.slot!.ptr, s.length) : new STORAGE[s.dtype].ctor(s.length);
    dropRecipe(s);
  }
  return s.js;
}

/**
 * Frees the temporaries a composite op made on the way to `result` and
 * never handed out (oldest first in `temps`). `result` loses its recipe,
 * since that may read them; it keeps its data and spills if evicted.
 * Never pass a user's tensor in `temps`.
 */
export function releaseTemporaries(result: Storage, temps: readonly Storage[]): void {
  dropRecipe(result);
  for (let i = temps.length - 1; i >= 0; i--) {
    const t = temps[i]!;
    dropRecipe(t);
    if (t.slot !== null && t.slot.holders === 0 && mod) freeSlot(t.slot);
  }
}

/** The error for reading a storage a scope released (`what` names its tensor). */
export function releasedError(s: Storage, what = `A ${s.dtype} tensor of ${s.length} elements`): ValueError {
  return new ValueError(`${what} ${s.released}`);
}

// ---- scopes -------------------------------------------------------------------

/**
 * Opens a scope: every storage created until it is closed is collected.
 * Scopes nest; what the inner one keeps passes to the outer one.
 */
export function openScope(): StorageScope {
  return (openScopes = new StorageScope(openScopes));
}

/** Marks `s` as surviving every open scope (it went into long-lived state). */
export function escape(s: Storage): void {
  if (openScopes !== null) s.escaped = true;
}

/**
 * Closes `scope` (the innermost one) and releases, as dispose() would, each
 * storage it collected that is neither in `keep` nor escaped: its recipe is
 * dropped and its block freed at once. A released storage is never read
 * again: `message(s)` is the error a later read raises. A kept storage
 * whose recipe reads a released one loses that recipe (it keeps its data,
 * and spills if evicted), so nothing released stays held.
 */
export function closeScope(scope: StorageScope, keep: ReadonlySet<Storage>, message: (s: Storage) => string): void {
  if (openScopes !== scope) throw new Error("internal: storage scopes closed out of order");
  openScopes = scope.parent;
  const released: Storage[] = [];
  const kept: Storage[] = [];
  for (const s of scope.created) (s.escaped || keep.has(s) ? kept : released).push(s);
  const releasing = new Set(released);
  for (const s of kept) {
    scope.parent?.created.push(s);
    if (s.recipe !== null && s.recipe.args.some((a) => a instanceof Storage && releasing.has(a))) {
      // A kept result evicted for its recipe is computed again now, while
      // the recipe's inputs still exist: dropping the recipe would lose it.
      if (!s.hasData) ensureData(s);
      dropRecipe(s);
    }
  }
  for (const s of released) s.released = message(s);
  for (const s of released) dropRecipe(s);
  // Youngest first, so the allocator hands the warmest block out next.
  for (let i = released.length - 1; i >= 0; i--) {
    const s = released[i]!;
    if (s.slot === null) continue;
    s.js = null;
    if (mod) freeSlot(s.slot);
  }
}

/**
 * Frees the WASM block of a storage that can never be read again (an
 * optimizer's superseded state, never handed out), unless a recipe still
 * reads it. Never pass a storage a user may hold. `why`, when given, is
 * the error a later read of a freed block raises (a tape's view of a
 * superseded variable value kept past the step).
 */
export function releaseUnreachable(s: Storage, why?: string): void {
  dropRecipe(s);
  if (s.slot !== null && s.slot.holders === 0 && s.pins === 0 && mod) {
    freeSlot(s.slot);
    if (why !== undefined && s.js === null) s.released = why;
  }
}

/** Sets the resident-bytes budget (default 64 MiB). */
export function setResidentBudget(bytes: number): void {
  budget = bytes;
}

/** What `memoryStats()` reports (README "Design" explains the terms). */
export interface MemoryStats {
  /** Bytes of tensor data held in WASM memory now. */
  residentBytes: number;
  /** The most resident bytes kept before blocks are freed (64 MiB by default). */
  residentBudget: number;
  /** The size of the WASM memory (it never shrinks). */
  wasmMemoryBytes: number;
  /** Resident storages in the eviction queue. */
  queued: number;
  /** Evictions that had to copy a block to the JS heap first. */
  spills: number;
  /** Evicted results computed again from their recipe when used. */
  recomputes: number;
  /** Young, unused results freed because their recipe can remake them. */
  dropsWithRecipe: number;
  /** Blocks found dead through the FinalizationRegistry. */
  finalized: number;
}

/**
 * Figures on where tensor data lives, for tests and the benchmark.
 *
 * @example
 * keras.memoryStats().residentBudget; // 67108864 (64 MiB)
 */
export function memoryStats(): MemoryStats {
  ensureStarted();
  return {
    residentBytes,
    residentBudget: budget,
    wasmMemoryBytes: active ? active.memory.buffer.byteLength : mod ? mod.memory.buffer.byteLength : 0,
    queued: queue.length - qHead,
    ...stats,
  };
}

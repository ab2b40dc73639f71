// Loads the WebAssembly kernel modules. This file and memory.ts are the only
// code that touches `WebAssembly.*`.
//
// Zero configuration, one copy of the kernels: the package ships the
// module as a .wasm file, and each runtime's entry (package.json export
// conditions: src/node.ts, src/browser.ts, src/workerd.js) tells this loader how that runtime gets it:
// Node and Deno read the file synchronously, so the very first op runs on
// WASM; browsers fetch and compile it asynchronously while ops run on the
// TypeScript reference kernels; Cloudflare Workers import it as a compiled
// module. Runtimes without SIMD stay on the reference kernels for good.
//
// Relaxed SIMD: where `f32x4.relaxed_madd` validates (Deno, Chromium,
// workerd; not Node 20), a small patch module (keras-wasm.relaxed.wasm,
// assembly/relaxed.ts) replaces the kernels whose relaxed build differs
// (matmul_f32, with fused multiply-adds). It imports the main module's
// memory and allocator, so tensors need not know which kernels ran.
//
// Threads: the module imports its memory, declared shared (asconfig.json),
// so worker threads (threads.ts) can instantiate it over the same memory.
// One build serves every runtime: the memory is a shared
// WebAssembly.Memory wherever the engine makes one (Node, Deno, Chromium
// with or without cross-origin isolation, workerd: measured), whether or
// not any worker ever starts; where it cannot, the module's memory import
// is rewritten to a plain memory before compiling (unshare) and ops run on
// one thread. The kernels use no atomics, so shared memory costs them
// nothing (8-element op and 64x64 matmul measured equal).

import type { ThreadSource } from "./control.js";

/** The raw exports of the kernel module. */
export interface KernelModule {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  /** Whether alloc(bytes) finds a free block without growing the memory (1) or not (0). */
  fits(bytes: number): number;
  [kernel: string]: unknown;
}

/** The module files: "simd" is every kernel; "relaxed" the relaxed-SIMD patch. */
export type KernelFile = "simd" | "relaxed";

/** How a runtime's entry gets the module files. The loader uses the first that applies. */
export interface KernelSource {
  /** How to start worker threads, where the runtime has them (threads.ts). */
  threads?: ThreadSource;
  /** Already compiled modules (Workers, which refuse to compile bytes). */
  compiled?: Record<KernelFile, WebAssembly.Module>;
  /** The file's bytes, read synchronously (Node, Deno). */
  readSync?: (file: KernelFile) => BufferSource;
  /** The file's URL, fetched and compiled asynchronously (browsers, bundlers). */
  url?: (file: KernelFile) => URL;
}

/** What `backendInfo()` reports. */
export interface BackendInfo {
  /** The kernels ops run on now: the WASM SIMD module or the TypeScript reference twins. */
  kernels: "wasm-simd" | "reference";
  /** Whether this runtime validates WebAssembly SIMD. */
  simd: boolean;
  /** Whether the relaxed-SIMD matmul patch is active (fused multiply-adds). */
  relaxedSimd: boolean;
  /** Where loading the WASM module stands. */
  state: KernelState;
  /** The threads kernels may split over (1: none; see `config.setThreads`). */
  threads: number;
  /** Tasks of split kernels that worker threads (not the calling thread) have run so far. */
  workerTasks: number;
}

/** Where loading the WASM kernels stands. */
export type KernelState = "idle" | "loading" | "ready" | "unavailable";
type State = KernelState;
let state: State = "idle";
let source: KernelSource | null = null;
let plain: KernelModule | null = null;
let relaxed: KernelModule | null = null;
let forced = false;
let relaxedWanted = true;
let pending: Promise<void> | null = null;
/** The asynchronous load failed (as opposed to no SIMD, or no entry). */
let loadFailed = false;
/** Why, until the first op that runs on the reference kernels because of it prints it. */
let failure: string | null = null;
let listeners: ((m: KernelModule | null) => void)[] = [];

/** The module ops should use now, or null for the reference kernels. */
export let active: KernelModule | null = null;

/** How the runtime's entry starts worker threads (threads.ts reads it), or null. */
export let threadSource: ThreadSource | null = null;
/** @internal threads.ts's figures and its warm-up, set by it (this file does not import it: that would be a cycle). */
export const threadInfo = { threads: (): number => 1, workerTasks: 0, warm: (): void => {} };

/** What worker threads instantiate: set once the kernels run over shared memory. */
export let poolHost: { main: WebAssembly.Module; relaxed: WebAssembly.Module | null; memory: WebAssembly.Memory } | null = null;

const PAGES = 65536; // the module's maximum (4 GiB)

/** A shared memory for the kernels, or null where the engine has none. */
function sharedMemory(): WebAssembly.Memory | null {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: PAGES, shared: true });
  } catch {
    return null;
  }
}

// The memory import's entry: "env" "memory", kind 2 (memory), limits flag 3 (shared, with a maximum).
const SHARED_IMPORT = [3, 101, 110, 118, 6, 109, 101, 109, 111, 114, 121, 2, 3];

/**
 * The module's bytes with its memory import declared unshared (limits flag
 * 3 -> 1), for engines without shared memory. The import section comes
 * before any code or data, so the first match is that entry.
 */
export function unshare(bytes: BufferSource): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(bytes.byteLength);
  b.set(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes));
  const n = SHARED_IMPORT.length;
  for (let i = 8; i + n <= b.length; i++) {
    let j = 0;
    while (j < n && b[i + j] === SHARED_IMPORT[j]) j++;
    if (j === n) {
      b[i + n - 1] = 1;
      break;
    }
  }
  return b;
}

// Recipes (memory.ts) recompute evicted results on the module active then;
// switching relaxed SIMD on or off in between may change such a result's
// last bits. Tests that switch do it between, not within, computations.
function publish(): void {
  const next = forced ? null : relaxedWanted && relaxed ? relaxed : plain;
  if (next === active) return;
  active = next;
  for (const l of listeners) l(active);
}

/** Whether `m` is the relaxed-SIMD module (worker threads must run the same kernels). */
export function isRelaxed(m: KernelModule): boolean {
  return m === relaxed;
}

/** Called whenever the active module changes (memory.ts resets its views). */
export function onActiveChange(l: (m: KernelModule | null) => void): void {
  listeners.push(l);
}

/**
 * Called by the runtime's entry before any op, with where the module files
 * are. Two entries can load in one process (one imported through a
 * bundler path, the other through the node condition): they share this
 * loader, so the kernels load once and both use them. What each entry
 * offers is kept, and a way that needs no fetch (compiled modules, a
 * synchronous read) is preferred whichever entry came first: the browser
 * entry's URL cannot be fetched in Node, and taking it used to leave every
 * op on the reference kernels, silently. If the kernels are still being
 * fetched (or the fetch failed) when such an entry arrives, they are
 * loaded from it now; once they are ready, later entries change nothing.
 */
export function provideKernels(s: KernelSource): void {
  // Once the importing code has run (a timer that keeps no process alive):
  // threads.ts warms the kernels up on a worker (first calls, issue 11). An
  // entry imports the library, threads.ts included, before it calls this.
  if (s.threads && !threadSource) (setTimeout(threadInfo.warm) as { unref?(): void }).unref?.();
  threadSource ??= s.threads ?? null;
  source = source === null ? s : { compiled: source.compiled ?? s.compiled, readSync: source.readSync ?? s.readSync, url: source.url ?? s.url };
  if ((state === "loading" || (state === "unavailable" && loadFailed)) && (s.compiled || s.readSync)) {
    state = "idle";
    failure = null;
    ensureStarted();
  }
}

function probe(bytes: number[]): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(new Uint8Array(bytes));
  } catch {
    return false;
  }
}

// (module (func (result v128) (v128.const i32x4 0 0 0 0)))
const SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 11,
];
// (module (func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))
const RELAXED_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 0, 32, 0, 253, 133,
  2, 11,
];

/** Whether this runtime runs WebAssembly with fixed-width SIMD. */
export function simdSupported(): boolean {
  return probe(SIMD_PROBE);
}

/** Whether this runtime validates relaxed SIMD (`f32x4.relaxed_madd`). */
export function relaxedSimdSupported(): boolean {
  return probe(RELAXED_PROBE);
}

// A patch that fails to link (an engine quirk) leaves the plain kernels.
// `memory` is null when the modules were compiled unshared (unshare).
function instantiate(main: WebAssembly.Module, patch: WebAssembly.Module | null, shared: WebAssembly.Memory | null): void {
  const memory = shared ?? new WebAssembly.Memory({ initial: 1, maximum: PAGES });
  const base = new WebAssembly.Instance(main, { env: { memory } }).exports as unknown as KernelModule;
  (base._start as () => void)(); // the allocator's start: on this thread only, never in a worker
  plain = base;
  if (patch) {
    try {
      const env = { memory, alloc: base.alloc, free: base.free };
      relaxed = { ...base, ...new WebAssembly.Instance(patch, { env }).exports } as KernelModule;
    } catch {
      relaxed = null;
    }
  }
  if (shared) poolHost = { main, relaxed: relaxed ? patch : null, memory: shared };
  state = "ready";
  publish();
}

// Streaming compile needs the application/wasm type; other servers get the plain path.
async function compileUrl(url: URL, shared: boolean): Promise<WebAssembly.Module> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`keras-wasm: fetching ${url} failed (${res.status})`);
  const type = res.headers.get("content-type") ?? "";
  if (!shared) return WebAssembly.compile(unshare(await res.arrayBuffer()));
  if (typeof WebAssembly.compileStreaming === "function" && type.startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

/**
 * Starts loading if nothing has started yet. Synchronous where the runtime
 * allows it, so the very first op already runs on WASM in Node and Deno.
 */
export function ensureStarted(): void {
  if (state !== "idle") return;
  const src = source;
  if (src === null || !simdSupported()) {
    state = "unavailable";
    return;
  }
  const withPatch = relaxedSimdSupported();
  const shared = sharedMemory();
  // Bytes compiled as shipped (shared memory), or unshared where the engine has none.
  const compile = (bytes: BufferSource) => new WebAssembly.Module(shared ? bytes : unshare(bytes));
  if (src.compiled && shared) {
    instantiate(src.compiled.simd, withPatch ? src.compiled.relaxed : null, shared);
    return;
  }
  if (src.readSync) {
    try {
      const main = compile(src.readSync("simd"));
      instantiate(main, withPatch ? compile(src.readSync("relaxed")) : null, shared);
      return;
    } catch {
      // Fall through to the asynchronous path, if the entry gave one.
    }
  }
  if (!src.url) {
    state = "unavailable";
    return;
  }
  const url = src.url;
  state = "loading";
  const patch = withPatch ? compileUrl(url("relaxed"), shared !== null).catch(() => null) : null;
  pending = Promise.all([compileUrl(url("simd"), shared !== null), patch]).then(
    ([m, p]) => {
      if (state === "loading") instantiate(m, p, shared);
    },
    (e: unknown) => {
      if (state !== "loading") return;
      state = "unavailable";
      loadFailed = true;
      failure =
        `keras-wasm: could not load the WebAssembly kernels from ${url("simd")} (${e instanceof Error ? e.message : String(e)}); ` +
        "ops run on the TypeScript reference kernels. In Node or Deno, import the package's node entry.";
    },
  );
}

/**
 * Called when an op runs on the reference kernels: if that is because the
 * kernels failed to load, says so once (ops keep working, ~2-3x slower).
 * Not at the failure itself: another entry may still provide the kernels
 * (see provideKernels), and then no op ever runs without them.
 */
export function reportFallback(): void {
  if (failure !== null) {
    console.warn(failure);
    failure = null;
  }
}

/**
 * Resolves when the kernels are ready (or known to be unavailable, in which
 * case ops keep running on the reference kernels). Ops never need it: they
 * work before it resolves.
 *
 * @example
 * await keras.ready();
 * keras.backendInfo().kernels; // "wasm-simd"
 */
export async function ready(): Promise<void> {
  ensureStarted();
  if (pending) await pending;
}

/**
 * Forces the plain TypeScript reference kernels (true) or goes back to the
 * WASM kernels when they are available (false). For tests, and to compare.
 *
 * @example
 * keras.useReferenceKernels(true);
 * keras.backendInfo().kernels; // "reference"
 * ops.add([1, 2], 1).toArray(); // [2, 3] (the same values, from the TypeScript twins)
 * keras.useReferenceKernels(false);
 */
export function useReferenceKernels(on: boolean): void {
  forced = on;
  ensureStarted();
  publish();
}

/**
 * Uses the relaxed-SIMD kernels where the runtime has them (true, the
 * default) or the plain SIMD ones, whose results are bit-identical in every
 * runtime (false). For tests that pin bits.
 *
 * @example
 * keras.useRelaxedSimd(false);
 * keras.backendInfo().relaxedSimd; // false
 * keras.useRelaxedSimd(true);
 */
export function useRelaxedSimd(on: boolean): void {
  relaxedWanted = on;
  ensureStarted();
  publish();
}

/**
 * Which kernels ops run on right now; `relaxedSimd`: matmul uses fused multiply-adds.
 *
 * @example
 * const info = keras.backendInfo();
 * info.kernels === "wasm-simd" || info.kernels === "reference"; // true
 */
export function backendInfo(): BackendInfo {
  ensureStarted();
  return {
    kernels: active ? "wasm-simd" : "reference",
    simd: simdSupported(),
    relaxedSimd: active !== null && active === relaxed,
    state,
    threads: active !== null && poolHost !== null ? threadInfo.threads() : 1,
    workerTasks: threadInfo.workerTasks,
  };
}

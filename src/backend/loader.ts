// Loads the WebAssembly kernel module. This file and memory.ts are the only
// code that touches `WebAssembly.*`.
//
// Zero configuration: the module's bytes are embedded (generated/), Node and
// Deno compile them synchronously on the first op, browsers compile
// asynchronously while ops run on the TypeScript reference kernels, and
// runtimes without SIMD stay on the reference kernels for good.
import { wasmBase64 } from "./generated/wasm-binary.js";

/** The raw exports of the kernel module. */
export interface KernelModule {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  [kernel: string]: unknown;
}

type State = "idle" | "loading" | "ready" | "unavailable";
let state: State = "idle";
let module: KernelModule | null = null;
let forced = false;
let pending: Promise<void> | null = null;
let listeners: ((m: KernelModule | null) => void)[] = [];

/** The module ops should use now, or null for the reference kernels. */
export let active: KernelModule | null = null;

function publish(): void {
  const next = forced ? null : module;
  if (next === active) return;
  active = next;
  for (const l of listeners) l(active);
}

/** Called whenever the active module changes (memory.ts resets its views). */
export function onActiveChange(l: (m: KernelModule | null) => void): void {
  listeners.push(l);
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// (module (func (result v128) (v128.const i32x4 0 0 0 0)))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** Whether this runtime runs WebAssembly with fixed-width SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

// Node and Deno allow synchronous compilation of any size; browsers limit it
// on the main thread and Workers forbid compiling bytes at run time.
function canCompileSync(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  return typeof g.Deno === "object" || typeof g.process?.versions?.node === "string";
}

function instantiate(mod: WebAssembly.Module): void {
  const inst = new WebAssembly.Instance(mod, {});
  module = inst.exports as unknown as KernelModule;
  state = "ready";
  publish();
}

/**
 * For runtimes that compile WebAssembly only from imported `.wasm` modules
 * (Cloudflare Workers): the `workerd` entry imports the module and hands it
 * here before any op runs. Instantiating a compiled module is allowed there.
 */
export function useCompiledModule(mod: WebAssembly.Module): void {
  if (state === "ready" || !simdSupported()) return;
  instantiate(mod);
}

/**
 * Starts loading if nothing has started yet. Synchronous where the runtime
 * allows it, so the very first op already runs on WASM in Node and Deno.
 */
export function ensureStarted(): void {
  if (state !== "idle") return;
  if (!simdSupported()) {
    state = "unavailable";
    return;
  }
  const bytes = decodeBase64(wasmBase64);
  if (canCompileSync()) {
    try {
      instantiate(new WebAssembly.Module(bytes));
      return;
    } catch {
      // Fall through to the asynchronous path.
    }
  }
  state = "loading";
  pending = WebAssembly.compile(bytes).then((m) => {
    if (state === "loading") instantiate(m);
  }, () => {
    if (state === "loading") state = "unavailable";
  });
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
 */
export function useReferenceKernels(on: boolean): void {
  forced = on;
  ensureStarted();
  publish();
}

/** Which kernels ops run on right now. */
export function backendInfo(): { kernels: "wasm-simd" | "reference"; simd: boolean; state: State } {
  ensureStarted();
  return { kernels: active ? "wasm-simd" : "reference", simd: simdSupported(), state };
}

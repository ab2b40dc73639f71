// Runs one kernel, on WASM when the module is active, else on its
// TypeScript reference twin. Ops describe a call once, as a list of
// arguments in the kernel's parameter order (typed by the table in
// kernels.ts):
//   Storage                  a tensor's elements (an output while `pending`)
//   Int32Array/Float32Array  a small parameter array (shape, strides, ...)
//   number                   a scalar parameter
// and this file maps each to a pointer (WASM) or to a JS array (reference).
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import { active, ensureStarted, isRelaxed, reportFallback, type KernelModule } from "./loader.js";
import {
  Storage, allocResident, copyIn, copyOut, ensureData, holdInputs, kernelModule, materialize, refreshViews,
  setRecompute, wasmAlloc,
} from "./memory.js";
import type { ArgsOf, KernelName } from "./kernels.js";
import { REFERENCE_ONLY, reference } from "./reference/index.js";
import { runParallel, takeLost } from "./threads.js";

export type Arg = Storage | Int32Array | Float32Array | number;

// Per-op scratch: a bump region allocated once (parameter arrays and small
// tensors fit easily), with the allocator as a fallback for bigger needs.
const SCRATCH_BYTES = 64 * 1024;
let scratchBase = -1;
let scratchTop = 0;
const overflow: number[] = [];
const mapped: number[] = [];
const smallOuts: Storage[] = [];
const smallPtrs: number[] = [];

function scratchAlloc(bytes: number): number {
  const size = (bytes + 15) & ~15;
  if (scratchBase < 0) scratchBase = wasmAlloc(SCRATCH_BYTES);
  if (scratchTop + size <= SCRATCH_BYTES) {
    const p = scratchBase + scratchTop;
    scratchTop += size;
    return p;
  }
  const p = wasmAlloc(size || 16);
  overflow.push(p);
  return p;
}

/**
 * A new, not yet written storage for a kernel's output. Its size is checked
 * first (memory.ts: checkTensorSize); `where` and `shape` name the op and
 * the shape in that error.
 */
export function output(dtype: DType, length: number, where: string, shape?: readonly number[]): Storage {
  return new Storage(dtype, length, where, shape);
}

// > 0 while ops run for their output shapes and dtypes only (symbolic
// execution, see src/symbolic/): kernels are skipped, so outputs stay
// pending storages that never get memory (read, they are zeros).
let specOnly = 0;

/**
 * Runs `fn` with every kernel call skipped: ops still validate their
 * arguments and compute their output shapes and dtypes, but compute and
 * allocate nothing. Keras's `compute_output_spec` without a second
 * implementation of every op's shape rule.
 */
export function withoutKernels<T>(fn: () => T): T {
  specOnly++;
  try {
    return fn();
  } finally {
    specOnly--;
  }
}

/**
 * Runs `fn` with kernels on, even inside `withoutKernels`: creating state
 * (a layer's `build`, weight initializers) must compute real values.
 */
export function withKernels<T>(fn: () => T): T {
  const saved = specOnly;
  specOnly = 0;
  try {
    return fn();
  } finally {
    specOnly = saved;
  }
}

export function exec<K extends KernelName>(name: K, args: ArgsOf<K>): void {
  if (specOnly > 0) return;
  ensureStarted();
  const m = active;
  // Reference-only kernels (src/backend/reference/wide.ts) have no WASM
  // export: they run as TypeScript on either path.
  if (m === null) {
    reportFallback();
    execReference(name, args as readonly Arg[]);
  } else if (REFERENCE_ONLY.has(name)) execReference(name, args as readonly Arg[]);
  else execWasm(m, name, args as readonly Arg[], true);
}

setRecompute((s) => {
  const r = s.recipe!;
  s.pending = true;
  execWasm(kernelModule(), r.name, r.args, false);
});

function scratchCopy(src: Int32Array | Float32Array | TypedArray, bytes: number): number {
  const p = scratchAlloc(bytes);
  if (bytes) copyIn(src, p);
  return p;
}

function execWasm(m: KernelModule, name: string, args: readonly Arg[], record: boolean): void {
  const fn = m[name] as ((...a: number[]) => void) | undefined;
  if (fn === undefined) throw new Error(`internal: no WASM kernel named ${name}`);
  const n = args.length;
  let outs = 0;
  let largeOut: Storage | null = null;
  let missing = false;
  // Only calls with a large tensor (>= SMALL_BYTES) are ever worth splitting:
  // small ones skip the split table altogether.
  let large = false;
  for (let i = 0; i < n; i++) {
    const a = args[i];
    if (a instanceof Storage) {
      a.pins++;
      if (a.slot !== null) large = true;
      if (a.pending) {
        outs++;
        if (a.slot !== null) largeOut = a;
      } else {
        a.used = true;
        if (!a.hasData) missing = true;
      }
    }
  }
  try {
    // Inputs evicted with a recipe are recomputed first (recipes never
    // chain, so this does not recurse further).
    if (missing) for (const a of args) if (a instanceof Storage && !a.pending) ensureData(a);
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (typeof a === "number") mapped[i] = a;
      else if (a instanceof Storage) mapped[i] = mapStorage(a);
      else mapped[i] = scratchCopy(a, a.byteLength);
    }
    // Large enough and parallel (kernels.ts: PARALLEL): split over the threads.
    if (!(large && runParallel(m, name, mapped, n, isRelaxed(m)))) callMapped(fn, mapped, n);
    // A kernel may allocate (and so grow memory) itself.
    refreshViews();
    for (let i = 0; i < smallOuts.length; i++) {
      const s = smallOuts[i]!;
      s.js = copyOut(s.dtype, smallPtrs[i]!, s.length);
    }
  } catch (e) {
    if (takeLost()) {
      // Small outputs and task scratch live in the bump region: a new one from here on.
      scratchBase = -1;
      overflow.length = 0;
      // Its outputs stay pinned: never evicted, never freed, a late write harms nothing.
      for (const a of args) if (a instanceof Storage && a.pending) a.pins++;
    }
    throw e;
  } finally {
    scratchTop = 0;
    if (overflow.length > 0) {
      for (const p of overflow) m.free(p);
      overflow.length = 0;
    }
    if (smallOuts.length > 0) {
      smallOuts.length = 0;
      smallPtrs.length = 0;
    }
    for (let i = 0; i < n; i++) {
      const a = args[i];
      if (a instanceof Storage) {
        a.pins--;
        a.pending = false;
      }
    }
  }
  if (record && outs === 1 && largeOut !== null) {
    const kept = args.map((a) => (a instanceof Int32Array || a instanceof Float32Array ? a.slice() : a));
    holdInputs(kept, largeOut);
    largeOut.recipe = { name, args: kept };
  }
}

function mapStorage(a: Storage): number {
  if (a.resident) return a.slot!.ptr;
  if (a.slot !== null) return allocResident(a); // large: output, or copy in
  if (a.pending) {
    const p = scratchAlloc(a.bytes);
    smallOuts.push(a);
    smallPtrs.push(p);
    return p;
  }
  return scratchCopy(a.js!, a.bytes);
}

// Spread is slow on hot paths; most kernels take at most 8 parameters.
function callMapped(fn: (...a: number[]) => void, a: number[], n: number): void {
  switch (n) {
    case 2: return fn(a[0]!, a[1]!);
    case 3: return fn(a[0]!, a[1]!, a[2]!);
    case 4: return fn(a[0]!, a[1]!, a[2]!, a[3]!);
    case 5: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 6: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
    case 7: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
    case 8: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!);
    case 10: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!); // where
    case 11: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!); // matmul
    default: return fn(...a.slice(0, n));
  }
}

function execReference(name: string, args: readonly Arg[]): void {
  const fn = reference[name as KernelName] as unknown as ((...a: (TypedArray | number)[]) => void) | undefined;
  if (fn === undefined) throw new Error(`internal: no reference kernel named ${name}`);
  const mappedArgs: (TypedArray | number)[] = args.map((a) => {
    if (typeof a === "number") return a;
    if (a instanceof Storage) {
      if (a.pending) {
        a.js = new STORAGE[a.dtype].ctor(a.length);
        return a.js;
      }
      return materialize(a);
    }
    return a;
  });
  fn(...mappedArgs);
  for (const a of args) if (a instanceof Storage) a.pending = false;
}

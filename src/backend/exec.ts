// Runs one kernel, on WASM when the module is active, else on its
// TypeScript reference twin. Ops describe a call once, as a list of
// arguments in the kernel's parameter order:
//   Storage                  a tensor's elements (an output while `pending`)
//   Int32Array/Float32Array  a small parameter array (shape, strides, ...)
//   number                   a scalar parameter
// and this file maps each to a pointer (WASM) or to a JS array (reference).
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import { active, ensureStarted, type KernelModule } from "./loader.js";
import {
  Storage, allocResident, ensureData, heapU8, heapView, holdInputs, kernelModule, materialize,
  setRecompute,
} from "./memory.js";
import { reference } from "./reference/index.js";

export type Arg = Storage | Int32Array | Float32Array | number;

const scratch: number[] = [];
const mapped: number[] = [];
const smallOuts: Storage[] = [];
const smallPtrs: number[] = [];

/** A new, not yet written storage for a kernel's output. */
export function output(dtype: DType, length: number): Storage {
  return new Storage(dtype, length);
}

export function exec(name: string, args: readonly Arg[]): void {
  ensureStarted();
  const m = active;
  if (m === null) execReference(name, args);
  else execWasm(m, name, args, true);
}

setRecompute((s) => {
  const r = s.recipe!;
  s.pending = true;
  execWasm(kernelModule(), r.name, r.args, false);
});

function scratchCopy(m: KernelModule, src: ArrayBufferView, bytes: number): number {
  const p = m.alloc(bytes || 16);
  scratch.push(p);
  if (bytes) heapU8().set(new Uint8Array(src.buffer, src.byteOffset, bytes), p);
  return p;
}

function execWasm(m: KernelModule, name: string, args: readonly Arg[], record: boolean): void {
  const fn = m[name] as ((...a: number[]) => void) | undefined;
  if (fn === undefined) throw new Error(`internal: no WASM kernel named ${name}`);
  let outs = 0;
  let largeOut: Storage | null = null;
  for (const a of args) {
    if (a instanceof Storage) {
      a.pins++;
      a.used = true;
      if (a.pending) {
        outs++;
        if (a.slot !== null) largeOut = a;
      }
    }
  }
  try {
    // Inputs evicted with a recipe are recomputed first (recipes never
    // chain, so this does not recurse further).
    for (const a of args) if (a instanceof Storage && !a.pending) ensureData(a);
    mapped.length = args.length;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (typeof a === "number") mapped[i] = a;
      else if (a instanceof Storage) mapped[i] = mapStorage(m, a);
      else mapped[i] = scratchCopy(m, a, a.byteLength);
    }
    callMapped(fn, mapped);
    for (let i = 0; i < smallOuts.length; i++) {
      const s = smallOuts[i]!;
      s.js = heapView(s.dtype, smallPtrs[i]!, s.length).slice();
    }
  } finally {
    for (const p of scratch) m.free(p);
    scratch.length = 0;
    smallOuts.length = 0;
    smallPtrs.length = 0;
    for (const a of args) {
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

function mapStorage(m: KernelModule, a: Storage): number {
  if (a.resident) return a.slot!.ptr;
  if (a.slot !== null) return allocResident(a); // large: output, or copy in
  if (a.pending) {
    const p = m.alloc(a.bytes || 16);
    scratch.push(p);
    smallOuts.push(a);
    smallPtrs.push(p);
    return p;
  }
  return scratchCopy(m, a.js!, a.bytes);
}

// Spread is slow on hot paths; most kernels take at most 8 parameters.
function callMapped(fn: (...a: number[]) => void, a: number[]): void {
  switch (a.length) {
    case 2: return fn(a[0]!, a[1]!);
    case 3: return fn(a[0]!, a[1]!, a[2]!);
    case 4: return fn(a[0]!, a[1]!, a[2]!, a[3]!);
    case 5: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 6: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
    case 7: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
    case 8: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!);
    default: return fn(...a);
  }
}

function execReference(name: string, args: readonly Arg[]): void {
  const fn = reference[name];
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

// Runs one kernel, on WASM when the module is active, else on its
// TypeScript reference twin. Ops describe a call once, as a list of
// arguments in the kernel's parameter order:
//   Storage     a tensor's elements (an output if still `pending`)
//   Int32Array  a small parameter array (shape, strides, ...)
//   number      a scalar parameter
// and this file maps each to a pointer or to a JS array.
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import { active, ensureStarted } from "./loader.js";
import { SMALL_BYTES, Storage, heapU8, heapView, makeResident, materialize } from "./memory.js";
import { reference } from "./reference/index.js";

export type Arg = Storage | Int32Array | Float32Array | number;

let epoch = 0;
const scratch: number[] = [];
const mapped: number[] = [];
const smallOuts: Storage[] = [];
const smallPtrs: number[] = [];

/** A new, not yet written storage for a kernel's output. */
export function output(dtype: DType, length: number): Storage {
  return new Storage(dtype, length);
}

function scratchCopy(src: ArrayBufferView, bytes: number, alloc: (n: number) => number): number {
  const p = alloc(bytes || 16);
  scratch.push(p);
  if (bytes) heapU8().set(new Uint8Array(src.buffer, src.byteOffset, bytes), p);
  return p;
}

export function exec(name: string, args: readonly Arg[]): void {
  ensureStarted();
  const m = active;
  if (m === null) return execReference(name, args);
  const fn = m[name] as ((...a: number[]) => void) | undefined;
  if (fn === undefined) throw new Error(`internal: no WASM kernel named ${name}`);
  const ep = ++epoch;
  const alloc = m.alloc;
  for (const a of args) if (a instanceof Storage) a.pin = ep;
  mapped.length = args.length;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (typeof a === "number") {
      mapped[i] = a;
    } else if (a instanceof Storage) {
      const bytes = a.bytes;
      if (a.pending) {
        if (bytes >= SMALL_BYTES) {
          mapped[i] = makeResident(a, ep);
        } else {
          const p = alloc(bytes || 16);
          scratch.push(p);
          smallOuts.push(a);
          smallPtrs.push(p);
          mapped[i] = p;
        }
      } else if (a.resident) {
        mapped[i] = a.slot!.ptr;
      } else if (bytes >= SMALL_BYTES) {
        mapped[i] = makeResident(a, ep);
      } else {
        mapped[i] = scratchCopy(a.js!, bytes, alloc);
      }
    } else {
      mapped[i] = scratchCopy(a, a.byteLength, alloc);
    }
  }
  callMapped(fn, mapped);
  for (let i = 0; i < smallOuts.length; i++) {
    const s = smallOuts[i]!;
    s.js = heapView(s.dtype, smallPtrs[i]!, s.length).slice();
  }
  for (const a of args) if (a instanceof Storage) a.pending = false;
  for (const p of scratch) m.free(p);
  scratch.length = 0;
  smallOuts.length = 0;
  smallPtrs.length = 0;
}

// Spread is slow on hot paths; kernels take at most ~12 parameters.
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

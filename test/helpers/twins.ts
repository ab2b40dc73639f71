// Runs one kernel on both paths, WASM and its TypeScript reference twin,
// on identical inputs, and compares the outputs element by element.
import { expect } from "vitest";
import { exec, output, type Arg } from "../../src/backend/exec.js";
import { KERNELS, REFERENCE_ONLY, type KernelName, type Param } from "../../src/backend/kernels.js";
import { Storage, materialize } from "../../src/backend/memory.js";
import { useReferenceKernels, backendInfo } from "../../src/backend/loader.js";
import { STORAGE, type DType, type TypedArray } from "../../src/dtypes.js";

/** A kernel argument: input data, an output to allocate, or a scalar. */
export type TwinArg =
  | { in: TypedArray; dtype: DType }
  | { out: DType; length: number }
  | Int32Array
  | Float32Array
  | number;

export const input = (data: TypedArray, dtype: DType): TwinArg => ({ in: data, dtype });
export const out = (dtype: DType, length: number): TwinArg => ({ out: dtype, length });

/** Fails unless `args` fit kernel `name`'s entry in the table (count and kinds). */
function checkArgs(name: string, args: TwinArg[]): void {
  const params: readonly Param[] | undefined = KERNELS[name as KernelName];
  if (params === undefined) expect.fail(`${name}: not in the kernel table (src/backend/kernels.ts)`);
  expect(args.length, `${name}: argument count`).toBe(params.length);
  params.forEach((p, i) => {
    const a = args[i]!;
    const kind = typeof a === "number" ? (a === 0 ? "0" : "num") : a instanceof Int32Array ? "ints" : a instanceof Float32Array ? "floats" : "in" in a ? "in" : "out";
    const ok: Record<Param["kind"], string[]> = {
      in: ["in"], "in?": ["in", "0"], out: ["out"], "out?": ["out", "0"], ints: ["ints"], "ints?": ["ints", "0"], floats: ["floats"], num: ["num", "0"],
    };
    expect(ok[p.kind], `${name}: argument ${i} is ${kind}, the table says ${p.kind}`).toContain(kind);
  });
}

function runOnce(name: string, args: TwinArg[]): TypedArray[] {
  checkArgs(name, args);
  const outs: Storage[] = [];
  const mapped: Arg[] = args.map((a) => {
    if (typeof a === "number" || a instanceof Int32Array || a instanceof Float32Array) return a.valueOf() as Arg;
    if ("in" in a) {
      const s = new Storage(a.dtype, a.in.length);
      s.js = new STORAGE[a.dtype].ctor(a.in);
      s.pending = false;
      return s;
    }
    const s = output(a.out, a.length, name);
    outs.push(s);
    return s;
  });
  exec(name as KernelName, mapped as never);
  return outs.map((s) => materialize(s));
}

/** The names in a family of twins that have a WASM kernel to compare with (float64 twins have none). */
export const withWasm = (twins: object): string[] => Object.keys(twins).filter((n) => !REFERENCE_ONLY.has(n));

/** Runs `name` on WASM and on its twin; returns [wasmOutputs, refOutputs]. */
export function runBoth(name: string, args: TwinArg[]): [TypedArray[], TypedArray[]] {
  useReferenceKernels(false);
  if (backendInfo().kernels !== "wasm-simd") throw new Error("WASM kernels are not active");
  const w = runOnce(name, args);
  useReferenceKernels(true);
  try {
    return [w, runOnce(name, args)];
  } finally {
    useReferenceKernels(false);
  }
}

/** Same value, NaN equal to NaN, and -0 distinct from +0. */
export function sameValue(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Distance in float32 units in the last place (0 for equal values). */
export function ulpDistance(a: number, b: number): number {
  if (sameValue(a, b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  const ord = (x: number): number => (x < 0 ? -2147483648 - x : x);
  return Math.abs(ord(i[0]!) - ord(i[1]!));
}

/** Asserts the twin and the WASM kernel agree, bit for bit or within `ulps`. */
export function expectTwins(name: string, args: TwinArg[], ulps = 0): void {
  const [w, r] = runBoth(name, args);
  expect(w.length).toBe(r.length);
  for (let k = 0; k < w.length; k++) {
    const a = w[k]!;
    const b = r[k]!;
    expect(a.length, `${name}: output ${k} length`).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      const ok = ulps === 0 ? sameValue(a[i]!, b[i]!) : ulpDistance(a[i]!, b[i]!) <= ulps;
      if (!ok) {
        expect.fail(`${name}: output ${k}[${i}]: wasm ${Object.is(a[i], -0) ? "-0" : a[i]} vs reference ${Object.is(b[i], -0) ? "-0" : b[i]}`);
      }
    }
  }
}

// Reference twins of assembly/reduce/reduce.ts, in the kernel's exact
// accumulation order (see the comment at the top of that file): each block
// of B along the axis alone; in it, 16 lane accumulators for contiguous
// rows, a horizontal combine in a fixed tree, then the tail; columns
// (inner > 1) in row order.
// Math.fround after every f32 add/mul rounds as the f32 instructions do.
import type { TypedArray } from "../../dtypes.js";
import type { RefKernel, Twin } from "./types.js";

const W = 16; // lanes per row iteration (4 vectors of 4 f32/i32); u8 ops are order independent

type Op = (a: number, b: number) => number;
export interface Spec {
  f: Op;
  id: number;
}

const fadd: Op = (a, b) => Math.fround(a + b);
const fmul: Op = (a, b) => Math.fround(a * b);
// float64 (reference-only): the same order, in double.
const dadd: Op = (a, b) => a + b;
const dmul: Op = (a, b) => a * b;

export const SPECS: Record<string, Spec> = {
  reduce_sum_f32: { f: fadd, id: -0 },
  reduce_sum_i32: { f: (a, b) => (a + b) | 0, id: 0 },
  reduce_prod_f32: { f: fmul, id: 1 },
  reduce_prod_i32: { f: Math.imul, id: 1 },
  reduce_max_f32: { f: Math.max, id: -Infinity },
  reduce_max_i32: { f: Math.max, id: -2147483648 },
  reduce_max_u8: { f: Math.max, id: 0 },
  reduce_min_f32: { f: Math.min, id: Infinity },
  reduce_min_i32: { f: Math.min, id: 2147483647 },
  reduce_min_u8: { f: Math.min, id: 255 },
  reduce_sum_f64: { f: dadd, id: -0 },
  reduce_prod_f64: { f: dmul, id: 1 },
  reduce_max_f64: { f: Math.max, id: -Infinity },
  reduce_min_f64: { f: Math.min, id: Infinity },
};

type Read = (v: number) => number;

/** One block as the kernel reduces it: column `at` (a row when inner is 1) of n rows, each element read through `t` (the moments read x - m, (x - m)²). */
export function reduceBlock({ f, id }: Spec, x: TypedArray, at: number, n: number, inner: number, t: Read = (v) => v): number {
  if (inner > 1) {
    let a = id;
    for (let r = 0; r < n; r++) a = f(a, t(x[at + r * inner]!));
    return a;
  }
  // 16 lanes, a fixed tree, the tail.
  const acc = new Array<number>(W).fill(id);
  const m = n - (n % W);
  let i = 0;
  for (; i < m; i++) acc[i % W] = f(acc[i % W]!, t(x[at + i]!));
  const v = [0, 1, 2, 3].map((j) => f(f(acc[j]!, acc[4 + j]!), f(acc[8 + j]!, acc[12 + j]!)));
  let s = f(f(v[0]!, v[1]!), f(v[2]!, v[3]!));
  for (; i < n; i++) s = f(s, t(x[at + i]!));
  return s;
}

/** Calls `fn(at, n, k, j)` for each block of B rows and column j of [outer, R, inner]: its first element, its rows, its index k among all blocks. */
export function eachBlock(outer: number, R: number, inner: number, B: number, fn: (at: number, n: number, k: number, j: number) => void): void {
  const nb = Math.max(1, Math.ceil(R / B));
  for (let k = 0; k < outer * nb; k++) {
    const r = (k % nb) * B;
    for (let j = 0; j < inner; j++) fn((Math.floor(k / nb) * R + r) * inner + j, Math.max(0, Math.min(B, R - r)), k, j);
  }
}

const reduceKernel = (spec: Spec): Twin<"reduce_sum_f32"> => (x, out, outer, R, inner, B) =>
  eachBlock(outer, R, inner, B, (at, n, k, j) => (out[k * inner + j] = reduceBlock(spec, x, at, n, inner)));

// Order-preserving int keys: -0 < +0, NaN above everything (argmin negates the others).
type Elem = "f32" | "f64" | "i32" | "u8";
const bits = new Int32Array(1);
const bitsF = new Float32Array(bits.buffer);
const bits64 = new BigInt64Array(1);
const bitsD = new Float64Array(bits64.buffer);
const NAN64 = 2n ** 63n - 1n;
function key(v: number, e: Elem, neg: boolean): number | bigint {
  if (e === "f64") {
    // The float32 trick on 64-bit patterns (bigint): sign-magnitude to two's complement order.
    if (Number.isNaN(v)) return NAN64; // NaN wins both argmax and argmin, as in NumPy
    bitsD[0] = v;
    const b = bits64[0]!;
    const k = b ^ ((b >> 63n) & NAN64);
    return neg ? ~k : k;
  }
  let k = v;
  if (e === "f32") {
    if (Number.isNaN(v)) return 2147483647;
    bitsF[0] = v;
    const b = bits[0]!;
    k = b ^ ((b >> 31) >>> 1);
  }
  return neg ? ~k : k;
}

function argKernel(e: Elem, neg: boolean): Twin<"reduce_argmax_f32"> {
  return (x, out, outer, R, inner) => {
    if (R === 0) return void out.fill(0);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * R * inner + j;
        let best = key(x[base]!, e, neg);
        let bi = 0;
        for (let r = 1; r < R; r++) {
          const k = key(x[base + r * inner]!, e, neg);
          if (k > best) {
            best = k;
            bi = r;
          }
        }
        out[o * inner + j] = bi;
      }
    }
  };
}

export const reduceKernels: Record<string, RefKernel> = {};
for (const [name, spec] of Object.entries(SPECS)) reduceKernels[name] = reduceKernel(spec);
for (const s of ["f32", "f64", "i32", "u8"] as const) {
  reduceKernels[`reduce_argmax_${s}`] = argKernel(s, false);
  reduceKernels[`reduce_argmin_${s}`] = argKernel(s, true);
}

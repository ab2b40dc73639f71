// Reference twins of assembly/elementwise/unary.ts: (in, out, n) kernels
// and clip. Storing into a Float32Array rounds once like an f32 result.
import type { TypedArray } from "../../dtypes.js";
import { FLOAT32, FLOAT64, type Real } from "./real.js";
import type { RefKernel, Twin } from "./types.js";

type Un = (x: number) => number;

// Float kernels: float32 (storing into a Float32Array rounds once) and
// float64 (reference-only), from one table.
const floats = (m: Real): Record<string, Un> => ({
  negative: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  exp: m.exp,
  log: m.log,
  log1p: m.log1p,
  tanh: m.tanh,
  sigmoid: m.sigmoid,
  relu: (x) => (x < 0 ? 0 : x), // f32x4.pmax(x, 0): NaN and -0 pass through
  softplus: m.softplus,
  erf: m.erf,
  expm1: m.expm1,
});

const I32: Record<string, Un> = {
  negative: (x) => -x | 0,
  abs: (x) => Math.abs(x) | 0,
  square: (x) => Math.imul(x, x),
  relu: (x) => Math.max(x, 0),
};

/** An (in, out, n) twin applying `fn` to each element (unary ops and casts). */
export const map = (fn: Un): Twin<"exp_f32"> => (a, o, n) => {
  for (let i = 0; i < n; i++) o[i] = fn(a[i]!);
};

// The WASM parameters are f32 / i32: JS numbers convert as fround / ToInt32.
const clip = (conv: Un): Twin<"clip_f32"> => (a, o, n, lo, hi) => {
  const l = conv(lo);
  const h = conv(hi);
  for (let i = 0; i < n; i++) o[i] = Math.min(Math.max(a[i]!, l), h);
};

export const unaryKernels: Record<string, RefKernel> = {
  clip_f32: clip(Math.fround),
  clip_i32: clip((x) => x | 0),
  clip_f64: clip((x) => x),
};
for (const [name, fn] of Object.entries(floats(FLOAT32))) unaryKernels[`${name}_f32`] = map(fn);
for (const [name, fn] of Object.entries(floats(FLOAT64))) unaryKernels[`${name}_f64`] = map(fn);
for (const [name, fn] of Object.entries(I32)) unaryKernels[`${name}_i32`] = map(fn);

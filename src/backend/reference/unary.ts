// Reference twins of assembly/elementwise/unary.ts: (in, out, n) kernels
// and clip. Storing into a Float32Array rounds once like an f32 result.
import type { TypedArray } from "../../dtypes.js";
import { erff, expf, expm1f, log1pf, logf, sigmoidf, softplusf, tanhf } from "./mathf.js";
import type { RefKernel, Twin } from "./types.js";

type Un = (x: number) => number;

const F32: Record<string, Un> = {
  negative: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  exp: expf,
  log: logf,
  log1p: log1pf,
  tanh: tanhf,
  sigmoid: sigmoidf,
  relu: (x) => (x < 0 ? 0 : x), // f32x4.pmax(x, 0): NaN and -0 pass through
  softplus: softplusf,
  erf: erff,
  expm1: expm1f,
};

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
};
for (const [name, fn] of Object.entries(F32)) unaryKernels[`${name}_f32`] = map(fn);
for (const [name, fn] of Object.entries(I32)) unaryKernels[`${name}_i32`] = map(fn);

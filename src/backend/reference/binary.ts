// Reference twins of assembly/elementwise/binary.ts: the same broadcast
// walk, in plain TypeScript. Storing into a Float32Array rounds once, which
// is exactly what the f32 instructions do.
import type { TypedArray } from "../../dtypes.js";
import { stridedOffsets } from "./strided.js";
import type { RefKernel, Twin } from "./types.js";

type Bin = (a: number, b: number) => number;

const F32: Record<string, Bin> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  maximum: Math.max,
  minimum: Math.min,
  power: (a, b) => Math.pow(a, b),
};

function powI32(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0;
  let r = 1;
  let base = a;
  for (let e = b; e !== 0; e >>>= 1) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
  }
  return r;
}

const I32: Record<string, Bin> = {
  add: (a, b) => (a + b) | 0,
  subtract: (a, b) => (a - b) | 0,
  multiply: Math.imul,
  maximum: Math.max,
  minimum: Math.min,
  power: powI32,
};

const CMP: Record<string, Bin> = {
  equal: (a, b) => (a === b ? 1 : 0),
  not_equal: (a, b) => (a !== b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greater_equal: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  less_equal: (a, b) => (a <= b ? 1 : 0),
};

const U8: Record<string, Bin> = { maximum: Math.max, minimum: Math.min, ...CMP };

function broadcastKernel(f: Bin): Twin<"add_f32"> {
  return (a, b, out, rank, shape, aStr, bStr, _idx) => {
    const ao = stridedOffsets(shape, aStr, rank);
    const bo = stridedOffsets(shape, bStr, rank);
    for (let i = 0; i < out.length; i++) out[i] = f(a[ao[i]!]!, b[bo[i]!]!);
  };
}

export const binaryKernels: Record<string, RefKernel> = {};
// f64 (reference-only): the float32 functions, stored into a Float64Array unrounded.
for (const [table, suffix] of [[{ ...F32, ...CMP }, "f32"], [{ ...F32, ...CMP }, "f64"], [{ ...I32, ...CMP }, "i32"], [U8, "u8"]] as const) {
  for (const [name, f] of Object.entries(table)) binaryKernels[`${name}_${suffix}`] = broadcastKernel(f);
}

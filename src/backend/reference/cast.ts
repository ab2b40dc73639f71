// Reference twins of assembly/elementwise/cast.ts.
import type { TypedArray } from "../../dtypes.js";
import { truncSat } from "../../numeric.js";
import type { RefKernel } from "./types.js";

const convert = (f: (x: number) => number): RefKernel => (...args) => {
  const [a, o, n] = args as [TypedArray, TypedArray, number];
  for (let i = 0; i < n; i++) o[i] = f(a[i]!);
};

const same = (x: number): number => x;
const toBool = (x: number): number => (x !== 0 ? 1 : 0); // NaN !== 0: true

export const castKernels: Record<string, RefKernel> = {
  cast_f32_i32: convert(truncSat),
  cast_i32_f32: convert(same),
  cast_f32_u8: convert(toBool),
  cast_i32_u8: convert(toBool),
  cast_u8_i32: convert(same),
  cast_u8_f32: convert(same),
};

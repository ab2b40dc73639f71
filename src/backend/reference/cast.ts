// Reference twins of assembly/elementwise/cast.ts.
import { truncSat } from "../../numeric.js";
import type { RefKernel } from "./types.js";
import { map } from "./unary.js";

export const same = (x: number): number => x;
export const toBool = (x: number): number => (x !== 0 ? 1 : 0); // NaN !== 0: true

export const castKernels: Record<string, RefKernel> = {
  cast_f32_i32: map(truncSat),
  cast_i32_f32: map(same),
  cast_f32_u8: map(toBool),
  cast_i32_u8: map(toBool),
  cast_u8_i32: map(same),
  cast_u8_f32: map(same),
};

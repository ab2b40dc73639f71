// REFERENCE-ONLY casts and layout: TypeScript with no WASM export, which
// exec.ts runs on the reference path even while the WASM kernels are
// active (REFERENCE_ONLY in kernels.ts: every kernel on 8-byte elements).
// float64 casts, and layout kernels for 8-byte (float64) elements; the
// float64 arithmetic twins live with their families (binary.ts, ...).
// Nothing here has a twin to compare with; test/kernels/half.test.ts
// checks them by hand and against NumPy rules.
import { truncSat } from "../../numeric.js";
import { same, toBool } from "./cast.js";
import { numberToF16 } from "./half.js";
import { wideLayoutKernels } from "./layout.js";
import type { RefKernel } from "./types.js";
import { map as convert } from "./unary.js";

export const referenceOnlyKernels: Record<string, RefKernel> = {
  cast_f64_f32: convert(same), // the Float32Array store rounds once
  cast_f32_f64: convert(same),
  cast_f64_i32: convert(truncSat),
  cast_i32_f64: convert(same),
  cast_f64_u8: convert(toBool),
  cast_u8_f64: convert(same),
  cast_f64_f16: convert(numberToF16), // rounded once from the double, as NumPy
  ...wideLayoutKernels,
};

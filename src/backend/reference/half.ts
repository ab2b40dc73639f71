// Reference twins of assembly/elementwise/half.ts, on the raw bits (a
// Uint32Array view of the float32 side), so no JS number round trip can
// touch a NaN or a -0. Also the scalar conversions the TypeScript side
// uses to encode and decode halves (tensor(), toArray()).
import type { TypedArray } from "../../dtypes.js";
import type { RefKernel, Twin } from "./types.js";

const F = new Float32Array(1);
const U = new Uint32Array(F.buffer);

const bitsOf32 = (a: TypedArray): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** float32 bits -> float16 bits: nearest, ties to even; NaN -> 0x7E00. */
export function f32BitsToF16(b: number): number {
  const a = b & 0x7fffffff;
  if (a > 0x7f800000) return 0x7e00;
  const sign = (b >>> 16) & 0x8000;
  if (a >= 0x477ff000) return sign | 0x7c00;
  if (a < 0x38800000) {
    U[0] = a;
    F[0] = Math.fround(F[0]! + 0.5); // exact sum rounded once (see half.ts in assembly/)
    return sign | (U[0]! - 0x3f000000);
  }
  return sign | ((a + 0xc8000fff + ((a >>> 13) & 1)) >>> 13);
}

/** float16 bits -> float32 bits (exact). */
export function f16ToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const ah = h & 0x7fff;
  const e = h & 0x7c00;
  if (e === 0x7c00) return (sign | (ah << 13) | 0x7f800000) >>> 0;
  if (e === 0) {
    F[0] = ah * 5.960464477539063e-8;
    return (sign | U[0]!) >>> 0;
  }
  return (sign | ((ah << 13) + 0x38000000)) >>> 0;
}

/** float32 bits -> bfloat16 bits: nearest, ties to even; NaN -> 0x7FC0. */
export function f32BitsToBf16(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return ((x >>> 0) + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

/** The number a float16 pattern holds. */
export function f16ToNumber(h: number): number {
  U[0] = f16ToF32Bits(h);
  return F[0]!;
}

/** The number a bfloat16 pattern holds. */
export function bf16ToNumber(h: number): number {
  U[0] = (h << 16) >>> 0;
  return F[0]!;
}

/**
 * A JS number (a double) -> float16 bits, rounded once from the double as
 * NumPy's `npy_double_to_half` does (no double rounding through float32).
 */
export function numberToF16(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  // Scale so one unit is the half's last place, round half to even.
  let e = a < 6.103515625e-5 ? -14 : Math.floor(Math.log2(a));
  if (a >= 6.103515625e-5) {
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
  }
  const q = a * 2 ** (10 - e); // exact: a power-of-two scale
  let m = Math.floor(q);
  const frac = q - m;
  if (frac > 0.5 || (frac === 0.5 && (m & 1) === 1)) m++;
  if (e === -14 && m < 1024) return sign | m; // subnormal (m === 1024 is the smallest normal)
  if (m === 2048) {
    m = 1024;
    e++;
  }
  return sign | ((e + 15) << 10) | (m - 1024);
}

/** A JS number -> bfloat16 bits, through float32 as ml_dtypes (Eigen) converts. */
export function numberToBf16(x: number): number {
  F[0] = x;
  return f32BitsToBf16(U[0]!);
}

const convert = (f: (x: number) => number, wideIn: boolean, wideOut: boolean): Twin<"cast_f32_f16"> => (a, o, n) => {
  const src = wideIn ? bitsOf32(a) : a;
  const dst = wideOut ? bitsOf32(o) : o;
  for (let i = 0; i < n; i++) dst[i] = f(src[i]!);
};

export const halfKernels: Record<string, RefKernel> = {
  cast_f32_f16: convert(f32BitsToF16, true, false),
  cast_f16_f32: convert(f16ToF32Bits, false, true),
  cast_f32_bf16: convert(f32BitsToBf16, true, false),
  cast_bf16_f32: convert((h) => (h << 16) >>> 0, false, true),
};

import { KerasTypeError, ValueError, describe } from "./errors.js";
import { floatx } from "./config/floatx.js";
import { keepsFloat64, resultTypeOf, type PromotionInput } from "./dtype_promotion.js";

/** The tensor dtypes keras-wasm stores. */
export type DType = "float32" | "float16" | "bfloat16" | "float64" | "int32" | "bool";

export const DTYPES: readonly DType[] = ["float32", "float16", "bfloat16", "float64", "int32", "bool"];

/** The typed arrays that hold tensor data (`Tensor.data`): one per storage type. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Uint16Array | Float64Array;
export type TypedArrayCtor =
  | Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Float64ArrayConstructor;

/**
 * How each dtype is laid out in memory, and the kernel-name suffix.
 *
 * float16 and bfloat16 are stored as their raw 16-bit patterns (Uint16Array):
 * half the bytes of float32, so half the memory traffic for copies and
 * layout ops and twice the tensors per resident budget; arithmetic widens
 * to float32 in one SIMD pass, computes with the float32 kernels and
 * rounds back once (what NumPy does for float16). `tensor.data` is the raw
 * patterns; `toArray()` / `item()` decode them. float64 is a Float64Array
 * with TypeScript-only kernels (arithmetic in double, casts and layout),
 * routed by exec.ts.
 */
export const STORAGE: Record<DType, { ctor: TypedArrayCtor; bytes: number; suffix: "f32" | "f16" | "bf16" | "f64" | "i32" | "u8" }> = {
  float32: { ctor: Float32Array, bytes: 4, suffix: "f32" },
  float16: { ctor: Uint16Array, bytes: 2, suffix: "f16" },
  bfloat16: { ctor: Uint16Array, bytes: 2, suffix: "bf16" },
  float64: { ctor: Float64Array, bytes: 8, suffix: "f64" },
  int32: { ctor: Int32Array, bytes: 4, suffix: "i32" },
  bool: { ctor: Uint8Array, bytes: 1, suffix: "u8" },
};

// Aliases accepted besides the names: Keras's standardize_dtype maps "int"
// to int32; "float" and "boolean" are keras-wasm conveniences.
const ALIASES: Record<string, DType | "floatx"> = { float: "floatx", int: "int32", boolean: "bool" };

/** Keras's `standardize_dtype`: validates a dtype name. */
export function standardizeDtype(dtype: unknown, where = "dtype"): DType {
  if (typeof dtype !== "string") {
    throw new KerasTypeError(`Invalid ${where}: expected a dtype name string, received ${describe(dtype)}`);
  }
  const a = ALIASES[dtype];
  const d = a === "floatx" ? floatx() : a ?? dtype;
  if (!(DTYPES as readonly string[]).includes(d)) {
    throw new ValueError(`Invalid dtype: ${dtype}. Expected one of ${DTYPES.join(", ")}`);
  }
  return d as DType;
}

/** Keras's `is_float_dtype` over keras-wasm's dtypes. */
export function isFloat(d: DType): boolean {
  return d === "float32" || d === "float16" || d === "bfloat16" || d === "float64";
}

/**
 * Dtypes that have no arithmetic kernels: their ops widen to float32, run
 * the float32 kernel and round the result back once (src/ops/core.ts).
 * float64 has its own (reference-only, double precision) kernels.
 */
export function isWideningFloat(d: DType): boolean {
  return d === "float16" || d === "bfloat16";
}

/** The dtype a float reduction of `d` accumulates in: float64 stays float64, the rest use float32. */
export function accumulationDtype(d: DType): "float32" | "float64" {
  return d === "float64" ? "float64" : "float32";
}

/**
 * Keras's `result_type` (keras/src/backend/common/dtypes.py) over tensor
 * dtypes and plain numbers. Numbers are "weak" as Python scalars are in
 * Keras: an integer number keeps the other operand's dtype (bool becomes
 * int32); a non-integer number keeps float dtypes and lifts ints and bools
 * to floatx(). Numbers alone give floatx() (JS numbers are floatx tensors).
 * float16 + float32 -> float32, bfloat16 + float16 -> float32, int32 +
 * float16 -> float16, and 64-bit results become 32-bit as in Keras on
 * non-TensorFlow backends (float64 + float64 -> float32).
 */
export function resultType(...items: (DType | number)[]): DType {
  // Fast paths for what nearly every op asks (this runs once per op).
  if (items.length === 2 && !keepsFloat64()) {
    const [a, b] = items;
    // (float64 is excluded: Keras maps 64-bit results to 32 bits.)
    if (typeof a === "string" && a === b && a !== "float64") return a;
    const d = typeof a === "string" ? a : b;
    const n = typeof a === "string" ? b : a;
    if (typeof d === "string" && d !== "float64" && typeof n === "number" && (isFloat(d) || (d === "int32" && Number.isInteger(n)))) {
      return d;
    }
  }
  const ins: PromotionInput[] = [];
  let strong = false;
  for (const it of items) {
    if (typeof it === "number") ins.push({ weak: Number.isInteger(it) ? "int" : "float" });
    else {
      ins.push(it);
      strong = true;
    }
  }
  if (!strong) return floatx();
  return resultTypeOf(...ins) as DType;
}

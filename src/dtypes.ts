import { KerasTypeError, ValueError, describe } from "./errors.js";

/** The tensor dtypes keras-wasm stores. */
export type DType = "float32" | "int32" | "bool";

export const DTYPES: readonly DType[] = ["float32", "int32", "bool"];

export type TypedArray = Float32Array | Int32Array | Uint8Array;
export type TypedArrayCtor = Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/** How each dtype is laid out in memory, and the kernel-name suffix. */
export const STORAGE: Record<DType, { ctor: TypedArrayCtor; bytes: number; suffix: "f32" | "i32" | "u8" }> = {
  float32: { ctor: Float32Array, bytes: 4, suffix: "f32" },
  int32: { ctor: Int32Array, bytes: 4, suffix: "i32" },
  bool: { ctor: Uint8Array, bytes: 1, suffix: "u8" },
};

// Aliases Keras's standardize_dtype accepts.
const ALIASES: Record<string, DType> = { float: "float32", int: "int32", boolean: "bool" };

/** Keras's `standardize_dtype`: validates a dtype name. */
export function standardizeDtype(dtype: unknown, where = "dtype"): DType {
  if (typeof dtype !== "string") {
    throw new KerasTypeError(`Invalid ${where}: expected a dtype name string, received ${describe(dtype)}`);
  }
  const d = ALIASES[dtype] ?? dtype;
  if (!(DTYPES as readonly string[]).includes(d)) {
    throw new ValueError(`Invalid dtype: ${dtype}. Expected one of ${DTYPES.join(", ")}`);
  }
  return d as DType;
}

export function isFloat(d: DType): boolean {
  return d === "float32";
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/**
 * Keras's `result_type` over the dtypes keras-wasm has: bool < int32 <
 * float32. Plain numbers are "weak" as Python scalars are in Keras: an
 * integer number keeps the other operand's dtype; a non-integer number
 * lifts ints and bools to floatx.
 */
export function resultType(...items: (DType | number)[]): DType {
  let best: DType | null = null;
  let weakFloat = false;
  let weakInt = false;
  for (const it of items) {
    if (typeof it === "number") {
      if (Number.isInteger(it)) weakInt = true;
      else weakFloat = true;
    } else if (best === null || RANK[it] > RANK[best]) best = it;
  }
  if (best === null) return weakFloat ? "float32" : weakInt ? "float32" : "float32";
  if (weakFloat && !isFloat(best)) return "float32";
  if (weakInt && best === "bool") return "int32";
  return best;
}

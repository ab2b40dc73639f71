// Keras's type promotion (keras/src/backend/common/dtypes.py, adapted from
// JAX): a lattice over every Keras dtype plus the weak types "int" and
// "float" (Python scalars; here, plain JS numbers). The result is the least
// upper bound; a weak result takes floatx()'s precision, and 64-bit results
// become 32-bit as on every non-TensorFlow backend (float64 -> float32).
import { ValueError } from "./errors.js";
import { floatx } from "./config/floatx.js";

/** Every dtype name Keras's `standardize_dtype` accepts (ALLOWED_DTYPES). */
export const KERAS_DTYPES: readonly string[] = [
  "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
  "bfloat16", "bool", "string", "float8_e4m3fn", "float8_e5m2", "complex64", "complex128",
];

const LATTICE: Record<string, string[]> = {
  bool: ["int"],
  uint8: ["int16", "uint16"],
  uint16: ["int32", "uint32"],
  uint32: ["int64", "uint64"],
  uint64: ["float"],
  int: ["uint8", "int8", "complex64"],
  int8: ["int16"],
  int16: ["int32"],
  int32: ["int64"],
  int64: ["float"],
  float: ["bfloat16", "float16"],
  bfloat16: ["float32"],
  float16: ["float32"],
  float32: ["float64", "complex64"],
  float64: ["complex128"],
  complex64: ["complex128"],
  complex128: [],
};

// Each node's upper bounds (itself included), computed once.
const UPPER: Record<string, Set<string>> = {};
for (const n of Object.keys(LATTICE)) {
  const ub = new Set([n]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const b of [...ub]) for (const c of LATTICE[b]!) if (!ub.has(c)) ub.add(c), (grew = true);
  }
  UPPER[n] = ub;
}

function leastUpperBound(nodes: Set<string>): string {
  for (const n of nodes) if (!UPPER[n]) throw new ValueError(`dtype='${n}' is not a valid dtype for Keras type promotion.`);
  const sets = [...nodes].map((n) => UPPER[n]!);
  const cub = [...sets[0]!].filter((c) => sets.every((s) => s.has(c)));
  const inN = cub.filter((c) => nodes.has(c));
  const lub = inN.length > 0 ? inN : cub.filter((c) => cub.every((d) => UPPER[c]!.has(d)));
  if (lub.length !== 1) {
    throw new ValueError(
      `Input dtypes (${[...nodes].map((n) => `'${n}'`).join(", ")}) have no available implicit dtype promotion path. ` +
        "Try explicitly casting inputs to the desired output type.",
    );
  }
  return lub[0]!;
}

const weakOf = (d: string): string =>
  d === "bool" ? d : d.includes("float") ? "float" : d.includes("int") ? "int" : d.includes("complex") ? "complex" : d;

function resolveWeak(d: string, precision: string): string {
  const k = d === "bfloat16" ? "f" : d[0];
  return k === "b" ? "bool" : k === "i" ? `int${precision}` : k === "u" ? `uint${precision}` : `float${precision}`;
}

const BIT64_TO_32: Record<string, string> = { int64: "int32", uint64: "uint32", float64: "float32", complex128: "complex64" };

let keep64 = 0;

/**
 * @internal Runs `fn` with float64 results kept float64 (JAX's
 * `enable_x64`, or Keras on TensorFlow, where BIT64_TO_BIT32 leaves
 * float64 alone): float64 with float64, with a weak number or with a
 * narrower float gives float64 instead of float32. Not Keras's default on
 * its other backends, so not public: test/helpers/gradcheck.ts uses it to
 * take finite differences in double precision.
 */
export function withFloat64Results<T>(fn: () => T): T {
  keep64++;
  try {
    return fn();
  } finally {
    keep64--;
  }
}

/** @internal Whether a {@link withFloat64Results} scope is active. */
export const keepsFloat64 = (): boolean => keep64 > 0;

/** One operand: a dtype name, or `{ weak }` for a Python-scalar-like value. */
export type PromotionInput = string | null | { weak: "int" | "float" | "bool" };

/**
 * Keras's `keras.backend.result_type` over dtype names. `null` stands for
 * floatx(); `{ weak: "int" }` / `{ weak: "float" }` for Python `int` / `float`.
 *
 * For instance (internal, so not an `@example`):
 * `resultTypeOf("int32", "float16")` is `"float16"`,
 * `resultTypeOf("bfloat16", "float16")` is `"float32"` and
 * `resultTypeOf("bfloat16", { weak: "int" })` is `"bfloat16"`.
 */
export function resultTypeOf(...items: PromotionInput[]): string {
  if (items.length === 0) return floatx();
  const dts: string[] = [];
  const weak: boolean[] = [];
  for (const it of items) {
    if (it === null) {
      dts.push(floatx());
      weak.push(false);
    } else if (typeof it === "string") {
      if (it.startsWith("float8")) {
        throw new ValueError(`There is no implicit conversions from float8 dtypes to others. You must cast it internally. Received: ${items.map(String).join(", ")}`);
      }
      dts.push(it === "int" ? "int32" : it);
      weak.push(false);
    } else {
      dts.push(it.weak === "int" ? "int32" : it.weak === "float" ? "float32" : "bool");
      weak.push(it.weak !== "bool");
    }
  }
  let out: string;
  let outWeak: boolean;
  if (dts.length === 1) {
    out = dts[0]!;
    outWeak = weak[0]!;
  } else if (new Set(dts).size === 1 && !weak.every(Boolean)) {
    out = dts[0]!;
    outWeak = false;
  } else if (weak.every(Boolean)) {
    out = leastUpperBound(new Set(dts));
    outWeak = true;
  } else {
    out = leastUpperBound(new Set(dts.map((d, i) => (weak[i] ? weakOf(d) : d))));
    outWeak = out === "int" || out === "float";
  }
  if (out !== "bool" && outWeak) out = resolveWeak(out, floatx().slice(-2));
  return out === "float64" && keep64 > 0 ? out : BIT64_TO_32[out] ?? out;
}

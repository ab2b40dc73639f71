/**
 * The error classes keras-wasm throws. They mirror the Python exceptions
 * Keras raises, so messages and handling read the same:
 * `ValueError` for a bad value or shape, `KerasTypeError` (a `TypeError`)
 * for an argument of the wrong kind.
 *
 * @example
 * ops.reshape([1, 2, 3], [2, 2]); // ValueError: ... reshape
 * try { ops.reshape([1, 2, 3], [2, 2]); } catch (e) { console.assert(e instanceof keras.ValueError); }
 */
export class ValueError extends Error {
  /** Always `"ValueError"`, as Python names the exception. */
  override name = "ValueError";
}

/**
 * Thrown where Keras raises `TypeError`. Also `instanceof TypeError`.
 *
 * @example
 * keras.saving.registerKerasSerializable(42); // TypeError: expected a class or a function
 */
export class KerasTypeError extends TypeError {
  /** Always `"TypeError"`, as Python names the exception. */
  override name = "TypeError";
}

/**
 * Thrown where Keras (through NumPy or JAX) raises `OverflowError`: an
 * integer number that does not fit the int dtype it is converted to.
 *
 * @example
 * ops.add(keras.tensor([1], null, "int32"), 2 ** 31); // OverflowError: ops.add: Python integer 2147483648 out of bounds for int32
 */
export class OverflowError extends Error {
  /** Always `"OverflowError"`, as Python names the exception. */
  override name = "OverflowError";
}

/** Thrown for something Keras supports that keras-wasm does not (yet). */
export class NotImplementedError extends Error {
  /** Always `"NotImplementedError"`, as Python names the exception. */
  override name = "NotImplementedError";
}

// The bundles do not keep class names: each error class names itself, so
// Node prints `ValueError: ...`, not the minified identifier.
for (const [cls, name] of [
  [ValueError, "ValueError"], [KerasTypeError, "KerasTypeError"], [OverflowError, "OverflowError"], [NotImplementedError, "NotImplementedError"],
] as const) Object.defineProperty(cls, "name", { value: name });

/** Formats a shape as Keras prints it: `(2, 3)`, `(5,)`, `()`. */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? "None" : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
}

/** Formats a received value for an error message, briefly (nested arrays to a few levels, so cycles end). */
export function describe(value: unknown, depth = 0): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (depth >= 8) return "[...]";
    const inner = value.slice(0, 6).map((v) => describe(v, depth + 1)).join(", ");
    return `[${inner}${value.length > 6 ? ", ..." : ""}]`;
  }
  const ctor = (value as object).constructor as { name?: unknown; className?: unknown } | undefined;
  // A class's own `className` (Tensor, Variable: the bundles rename classes), else its JS name.
  const name = ctor && Object.hasOwn(ctor, "className") ? ctor.className : ctor?.name;
  if (typeof name === "string" && name !== "Object") {
    const shape = (value as { shape?: unknown }).shape;
    return Array.isArray(shape) ? `${name} of shape ${formatShape(shape)}` : `a ${name}`;
  }
  return "an object";
}

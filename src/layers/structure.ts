// Nested structures of tensors (Keras's `tree`): arrays and plain objects
// are containers; anything else is a leaf.
import { Tensor } from "../tensor.js";

/** An array or an object literal (prototype Object.prototype or null). */
export const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/** A shape-and-dtype spec (`{ shape, dtype }`, what computeOutputSpec takes): a leaf, not a dict. */
const isSpec = (x: Record<string, unknown>): boolean => Array.isArray(x.shape) && typeof x.dtype === "string";

/** The leaves of a nested structure, depth first, in order. */
export function flatten(x: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const e of v) walk(e);
    else if (isPlainObject(v) && !isSpec(v)) for (const k of Object.keys(v)) walk(v[k]);
    else out.push(v);
  };
  walk(x);
  return out;
}

/** The same structure with `fn` applied to each leaf. */
export function mapStructure(x: unknown, fn: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(x)) return x.map((e) => mapStructure(e, fn));
  if (isPlainObject(x) && !isSpec(x)) return Object.fromEntries(Object.keys(x).map((k) => [k, mapStructure(x[k], fn)]));
  return fn(x);
}

/** A shape: an array of integers or nulls (empty for a scalar). */
export const isShape = (x: unknown): x is (number | null)[] =>
  Array.isArray(x) && x.every((d) => d === null || (typeof d === "number" && Number.isInteger(d)));

/** Like `mapStructure`, but shapes (arrays of dims) are leaves. */
export function mapShapeStructure(x: unknown, fn: (shape: (number | null)[]) => unknown): unknown {
  if (isShape(x)) return fn(x);
  if (Array.isArray(x)) return x.map((e) => mapShapeStructure(e, fn));
  if (isPlainObject(x)) return Object.fromEntries(Object.keys(x).map((k) => [k, mapShapeStructure(x[k], fn)]));
  return x;
}

/** Whether a nested structure holds at least one tensor. */
export const hasTensor = (x: unknown): boolean => flatten(x).some((v) => v instanceof Tensor);

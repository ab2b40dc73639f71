// Shape arithmetic shared by the ops: validation, broadcasting, axes.
import { ValueError, describe, formatShape } from "./errors.js";

/** Row-major element strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checks a concrete shape: an array of non-negative integers. */
export function checkShape(shape: unknown, where: string, arg = "shape"): number[] {
  if (!Array.isArray(shape)) {
    throw new ValueError(`${where}: argument '${arg}' must be an array of non-negative integers; received ${describe(shape)}`);
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(
        `${where}: argument '${arg}' must contain only non-negative integers; received ${describe(shape)} (bad dimension ${describe(d)})`,
      );
    }
  }
  return shape.slice() as number[];
}

/** NumPy broadcasting of two shapes, with Keras's error text. */
export function broadcastShapes(a: readonly number[], b: readonly number[], where: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ValueError(
        `${where}: cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)}: ` +
          `the failure dim has value ${da}, which cannot be broadcasted to ${db}.`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of `shape` read as broadcast to `out` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const s = stridesOf(shape);
  const off = out.length - shape.length;
  return out.map((d, i) => (i < off || shape[i - off] === 1 ? 0 : s[i - off]!));
}

/**
 * Collapses a broadcast of several inputs to `out` into the fewest
 * dimensions: size-1 dims go, and neighbours merge where every input is
 * contiguous across them (or broadcast across both). Kernels then walk few,
 * long rows.
 */
export function collapse(out: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const shape: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < out.length; d++) {
    const dim = out[d]!;
    if (dim === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[d]! * dim)) {
      shape[last] = shape[last]! * dim;
      strides.forEach((s, k) => (st[k]![last] = s[d]!));
    } else {
      shape.push(dim);
      strides.forEach((s, k) => st[k]!.push(s[d]!));
    }
  }
  if (shape.length === 0 || out.includes(0)) return { shape: [sizeOf(out)], strides: strides.map(() => [1]) };
  return { shape, strides: st };
}

/** Normalizes a possibly negative axis, with Keras's out-of-range message. */
export function normalizeAxis(axis: unknown, ndim: number, where: string, arg = "axis"): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new ValueError(`${where}: argument '${arg}' must be an integer; received ${describe(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new ValueError(
      `${where}: argument '${arg}' is out of bounds: axis ${axis} for a tensor of rank ${ndim} ` +
        `(expected -${ndim} <= axis < ${ndim})`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes `axis` (null, a number or a list) to sorted unique axes. */
export function normalizeAxes(axis: unknown, ndim: number, where: string): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = list.map((a) => normalizeAxis(a, ndim, where));
  if (new Set(out).size !== out.length) {
    throw new ValueError(`${where}: argument 'axis' contains a repeated axis: ${describe(axis)}`);
  }
  return out.sort((x, y) => x - y);
}

/**
 * Keras's `standardize_shape`: checks a shape is a list of non-negative
 * integers (or null for unknown dimensions).
 */
export function standardizeShape(shape: unknown): (number | null)[] {
  if (shape === null || shape === undefined) throw new ValueError("Undefined shapes are not supported.");
  if (!Array.isArray(shape)) throw new ValueError(`Cannot convert '${describe(shape)}' to a shape.`);
  // Formatted only for an error (this runs on every layer call, through InputSpec checks).
  const text = (): string => formatShape(shape.map((d) => (d === null ? null : (d as number))));
  return shape.map((d: unknown) => {
    if (d === null) return null;
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new ValueError(`Cannot convert '${text()}' to a shape. Found invalid dimension '${describe(d)}' of type '${typeof d}'.`);
    }
    if (d < 0) throw new ValueError(`Cannot convert '${text()}' to a shape. Negative dimensions are not allowed.`);
    return d;
  });
}

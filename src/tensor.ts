import type { DType, TypedArray } from "./dtypes.js";
import { stridesOf } from "./shape.js";
import { formatShape } from "./errors.js";
import { materialize, releasedError, track, type Storage } from "./backend/memory.js";
import { bf16ToNumber, f16ToNumber } from "./backend/reference/half.js";

/** Nested JS arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/**
 * An immutable n-dimensional array. Its elements live in WebAssembly
 * memory or on the JS heap (see the README's design section); either way
 * it is an ordinary garbage-collected value: there is nothing to dispose.
 *
 * @example
 * const t = keras.tensor([[1, 2], [3, 4]]);
 * t.shape;      // [2, 2]
 * t.toArray();  // [[1, 2], [3, 4]]
 */
export class Tensor {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "Tensor";
  /** @internal The elements. Views (reshape, ...) share one storage. */
  readonly storage: Storage;
  /**
   * @internal The shape ops read. Never written once the tensor exists
   * (views and results may share it): ops size their reads by it.
   */
  readonly _shape: readonly number[];
  /** The element type: `"float32"`, `"int32"`, `"bool"`, `"float16"`, `"bfloat16"` or `"float64"`. */
  readonly dtype: DType;
  /** The number of elements (the product of `shape`). */
  readonly size: number;

  /** @internal Use `tensor()` or an op to make tensors. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType = storage.dtype) {
    this.storage = storage;
    this._shape = shape;
    this.dtype = dtype;
    this.size = storage.length;
    track(this, storage);
  }

  /**
   * The size of each dimension; `[]` for a scalar. A new array each time:
   * writing to it cannot reach the tensor (the array ops read was once
   * shared and writable, so `x.shape[0] = 4000` made them read past the
   * elements). A copy rather than a frozen array: V8's array builtins take
   * slow paths on frozen arrays (slice ~20x slower), which every op would pay.
   */
  get shape(): number[] {
    return this._shape.slice();
  }

  /** The number of dimensions (`shape.length`). */
  get ndim(): number {
    return this._shape.length;
  }

  /**
   * The elements, flat and row-major. A cached copy: do not mutate it.
   * float16 and bfloat16 give their raw 16-bit patterns (a Uint16Array);
   * `toArray()` and `item()` give their values.
   */
  get data(): TypedArray {
    if (this.storage.released !== null) throw releasedError(this.storage, describeTensor(this));
    return materialize(this.storage);
  }

  /** The elements as nested arrays (`0`/`1` for bool). */
  toArray(): NestedArray {
    const d = valuesOf(this);
    const shape = this._shape;
    if (shape.length === 0) return d[0]!;
    let pos = 0;
    const build = (axis: number): NestedArray[] => {
      const n = shape[axis]!;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = axis === shape.length - 1 ? d[pos++]! : build(axis + 1);
      return out;
    };
    return build(0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new RangeError(`item() needs a tensor with one element; this one has shape ${formatShape(this._shape)} (${this.size} elements)`);
    }
    return valuesOf(this)[0]!;
  }

  /** A readable summary: shape, dtype and the values, as Keras prints a tensor. */
  toString(): string {
    return `Tensor(shape=${formatShape(this._shape)}, dtype=${this.dtype})\n${formatValues(this)}`;
  }
}

/** @internal `Tensor(shape=(2, 3), dtype=float32)`, for error messages. */
export function describeTensor(t: Tensor): string {
  return `Tensor(shape=${formatShape(t.shape)}, dtype=${t.dtype})`;
}

const EDGE = 3;

/** @internal The elements as numbers: the raw halves decoded. */
export function valuesOf(t: Tensor): ArrayLike<number> {
  const d = t.data;
  if (t.dtype !== "float16" && t.dtype !== "bfloat16") return d;
  const decode = t.dtype === "float16" ? f16ToNumber : bf16ToNumber;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = decode(d[i]!);
  return out;
}

function formatValues(t: Tensor): string {
  const d = valuesOf(t);
  const fmt = (v: number): string => {
    if (t.dtype === "bool") return v ? "True" : "False";
    if (t.dtype === "int32") return String(v);
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    return Number.isInteger(v) ? `${v}.` : String(Number(v.toPrecision(6)));
  };
  if (t._shape.length === 0) return fmt(d[0]!);
  const strides = stridesOf(t._shape);
  const rec = (axis: number, off: number, indent: string): string => {
    const n = t._shape[axis]!;
    const idx = n > 2 * EDGE + 1 ? [...range(EDGE), -1, ...range(EDGE).map((i) => n - EDGE + i)] : range(n);
    if (axis === t._shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? "..." : fmt(d[off + i]!))).join(", ")}]`;
    }
    const sep = ",\n" + "\n".repeat(t._shape.length - axis - 2) + indent + " ";
    return `[${idx.map((i) => (i < 0 ? "..." : rec(axis + 1, off + i * strides[axis]!, indent + " "))).join(sep)}]`;
  };
  return rec(0, 0, "");
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

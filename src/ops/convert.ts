// Building tensors from JS values: numbers, nested arrays, typed arrays.
import { STORAGE, isFloat, standardizeDtype, type DType, type TypedArray } from "../dtypes.js";
import { KerasTypeError, OverflowError, ValueError, describe, formatShape } from "../errors.js";
import { Storage, checkTensorSize } from "../backend/memory.js";
import { checkShape, sizeOf } from "../shape.js";
import { Tensor, valuesOf } from "../tensor.js";
import { numberToBf16, numberToF16 } from "../backend/reference/half.js";
import { truncSat } from "../numeric.js";

/** Anything an op accepts where a tensor is expected. */
export type TensorLike = Tensor | number | boolean | NestedInput | ArrayLike<number> | {
  /** A Variable (or anything holding a tensor as `value`) stands for its value. */
  readonly value: Tensor;
};
/** Nested JS arrays of numbers or booleans, as `tensor()` and ops accept them. */
export type NestedInput = readonly (number | boolean | NestedInput)[];

const TYPED_DTYPE = new Map<unknown, DType>([
  [Float32Array, "float32"],
  [Float64Array, "float32"],
  [Int32Array, "int32"],
  [Int16Array, "int32"],
  [Int8Array, "int32"],
  [Uint16Array, "int32"],
  [Uint8Array, "bool"],
  [Uint8ClampedArray, "bool"],
]);

/** Wraps finished elements as a tensor (no copy). */
export function fromData(data: TypedArray, shape: number[], dtype: DType): Tensor {
  const s = new Storage(dtype, data.length);
  s.js = data;
  s.pending = false;
  return new Tensor(s, shape, dtype);
}

/** NumPy's most dimensions (NPY_MAXDIMS since NumPy 2): deeper nesting is refused before any recursion. */
const MAX_RANK = 64;

/** The shape of nested arrays, and whether every element is a boolean (then the dtype is bool, as NumPy infers). */
function inferShape(values: NestedInput, where: string): { shape: number[]; allBool: boolean } {
  const shape: number[] = [];
  const path = new Set<unknown>();
  let v: unknown = values;
  while (Array.isArray(v)) {
    if (path.has(v)) {
      throw new ValueError(`${where}: the nested arrays contain themselves (a cycle) at ${"[0]".repeat(shape.length)}`);
    }
    if (shape.length === MAX_RANK) {
      throw new ValueError(`${where}: the nested arrays are more than ${MAX_RANK} levels deep; a tensor has at most ${MAX_RANK} dimensions (as in NumPy)`);
    }
    path.add(v);
    shape.push(v.length);
    v = v[0];
  }
  let leaves = 0;
  let bools = 0;
  // Check every sub-array against the inferred shape: ragged input is an
  // error. The recursion is at most shape.length (<= MAX_RANK) deep.
  const check = (x: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof x !== "number" && typeof x !== "boolean") {
        throw new KerasTypeError(`${where}: expected a number at ${path || "the top level"}; received ${describe(x)}`);
      }
      leaves++;
      if (typeof x === "boolean") bools++;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[axis]) {
      throw new ValueError(
        `${where}: the nested arrays are ragged: expected ${shape[axis]} elements at ${path || "the top level"}, ` +
          `received ${Array.isArray(x) ? x.length : describe(x)}. Inferred shape: ${formatShape(shape)}`,
      );
    }
    for (let i = 0; i < x.length; i++) check(x[i], axis + 1, `${path}[${i}]`);
  };
  check(values, 0, "");
  return { shape, allBool: leaves > 0 && bools === leaves };
}

function fill(dst: TypedArray, src: ArrayLike<number | boolean> | NestedInput, dtype: DType): void {
  let k = 0;
  // NaN counts as true, as in NumPy.
  const put =
    dtype === "bool"
      ? (x: number | boolean) => (dst[k++] = x !== 0 && x !== false ? 1 : 0)
      : (x: number | boolean) => (dst[k++] = +x);
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else put(x as number | boolean);
  };
  if (Array.isArray(src)) walk(src);
  else for (let i = 0; i < src.length; i++) put(src[i] as number | boolean);
}

/**
 * Makes a tensor from numbers, nested arrays, typed arrays or a tensor (a
 * copy). Plain numbers are float32 whatever their values, booleans bool;
 * `Int32Array` gives int32 and `Uint8Array` bool, unless `dtype` says
 * otherwise. Nested arrays may be at most 64 levels deep.
 *
 * @example
 * keras.tensor([[1, 2], [3, 4]]).dtype;            // "float32"
 * keras.tensor(new Int32Array([1, 2, 3])).dtype;   // "int32"
 * keras.tensor([1, 2, 3, 4, 5, 6], [2, 3]).toArray(); // [[1, 2, 3], [4, 5, 6]]
 * keras.tensor([1, 2], null, "int32").dtype;       // "int32"
 * keras.tensor([true, false]).dtype;             // "bool"
 */
export function tensor(values: TensorLike, shape?: readonly number[] | null, dtype?: DType | string | null): Tensor {
  const where = "tensor";
  const dt = dtype == null ? null : standardizeDtype(dtype);
  let src: ArrayLike<number | boolean> | NestedInput;
  let inferred: number[];
  let srcDtype: DType;
  if (values instanceof Tensor) {
    src = valuesOf(values);
    inferred = values.shape.slice();
    srcDtype = values.dtype;
  } else if (typeof values === "number" || typeof values === "boolean") {
    src = [values];
    inferred = [];
    srcDtype = typeof values === "boolean" ? "bool" : "float32";
  } else if (Array.isArray(values)) {
    const s = inferShape(values, where);
    inferred = s.shape;
    src = values;
    // Booleans alone are bool, as `tensor(true)` and NumPy; with numbers, float32.
    srcDtype = s.allBool ? "bool" : "float32";
  } else if (ArrayBuffer.isView(values) && TYPED_DTYPE.has(values.constructor)) {
    src = values as unknown as ArrayLike<number>;
    inferred = [src.length];
    srcDtype = TYPED_DTYPE.get(values.constructor)!;
  } else if (values !== null && typeof values === "object" && (values as { value?: unknown }).value instanceof Tensor) {
    return tensor((values as { value: Tensor }).value, shape, dtype);
  } else {
    throw new KerasTypeError(
      `${where}: argument 'values' must be a number, a nested array, a typed array or a Tensor; received ${describe(values)}`,
    );
  }
  let outShape = inferred;
  const n = values instanceof Tensor ? values.size : Array.isArray(values) ? sizeOf(inferred) : src.length;
  if (shape != null) {
    outShape = checkShape(shape, where);
    if (sizeOf(outShape) !== n) {
      throw new ValueError(
        `${where}: argument 'shape' ${formatShape(outShape)} needs ${sizeOf(outShape)} values, ` +
          `but the data has ${n} (shape ${formatShape(inferred)})`,
      );
    }
  }
  const out = dt ?? srcDtype;
  checkTensorSize(out, n, where, outShape);
  const data = new STORAGE[out].ctor(n);
  const encode = out === "float16" ? numberToF16 : out === "bfloat16" ? numberToBf16 : null;
  if ((out === "int32" && isFloat(srcDtype)) || encode !== null) {
    // NumPy's float -> int cast truncates; saturate as the cast kernel does.
    // Halves are rounded once from the JS number (see numberToF16).
    const tmp = new Float64Array(n);
    fill(tmp, src, "float64");
    // JS numbers are Python scalars (int32FromNumber); typed arrays and tensors are cast.
    const jsNumbers = typeof values === "number" || Array.isArray(values);
    const f = encode ?? (jsNumbers ? (x: number) => int32FromNumber(x, where) : truncSat);
    for (let i = 0; i < n; i++) data[i] = f(tmp[i]!);
  } else fill(data, src, out);
  return fromData(data, outShape, out);
}

/**
 * A JS number given as an int32 value (a scalar operand of an int32 op, a
 * fill value, nested-array data). An integer number is a Python int here
 * (as in resultType), and Keras converts a Python int that does not fit
 * the int dtype with NumPy 2 / JAX, which raise OverflowError: so does
 * this, rather than wrapping (the scalar ops did) or saturating (tensor()
 * and full() did). Other numbers are floats and convert as the cast
 * kernel does (truncSat). Typed arrays and tensors are cast, never checked.
 */
export function int32FromNumber(x: number, where: string): number {
  if (Number.isInteger(x) && (x > 2147483647 || x < -2147483648)) {
    throw new OverflowError(
      `${where}: Python integer ${x} out of bounds for int32 (int32 holds -2147483648 to 2147483647); ` +
        "use a float32 tensor for larger values",
    );
  }
  return truncSat(x);
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/**
 * `value` converted to `dtype` (as NumPy converts a Python scalar) as a `_4`
 * kernel's 32-bit pattern or a `_1` kernel's byte; `where` names the op in
 * the OverflowError of an integer beyond int32.
 */
export function bitsOf(value: number | boolean, dtype: DType, where: string): number {
  const v = +value;
  if (dtype === "bool") return v !== 0 ? 1 : 0; // NaN is true, as in NumPy
  if (dtype === "int32") return int32FromNumber(v, where);
  // 2-byte kernels take the 16-bit pattern, 8-byte (float64) ones the value.
  if (dtype === "float16") return numberToF16(v);
  if (dtype === "bfloat16") return numberToBf16(v);
  if (dtype === "float64") return v;
  F32[0] = v;
  return F32_BITS[0]!;
}

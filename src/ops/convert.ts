// Building tensors from JS values: numbers, nested arrays, typed arrays.
import { STORAGE, isFloat, standardizeDtype, type DType, type TypedArray } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
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

function inferShape(values: NestedInput, where: string): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  // Check every sub-array against the inferred shape: ragged input is an error.
  const check = (x: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof x !== "number" && typeof x !== "boolean") {
        throw new KerasTypeError(`${where}: expected a number at ${path || "the top level"}; received ${describe(x)}`);
      }
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
  return shape;
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
 * copy). Plain numbers are float32 whatever their values; `Int32Array` gives
 * int32 and `Uint8Array` bool, unless `dtype` says otherwise.
 *
 * @example
 * keras.tensor([[1, 2], [3, 4]]).dtype;            // "float32"
 * keras.tensor(new Int32Array([1, 2, 3])).dtype;   // "int32"
 * keras.tensor([1, 2, 3, 4, 5, 6], [2, 3]).toArray(); // [[1, 2, 3], [4, 5, 6]]
 * keras.tensor([1, 2], null, "int32").dtype;       // "int32"
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
    inferred = inferShape(values, where);
    src = values;
    srcDtype = "float32";
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
    const f = encode ?? truncSat;
    for (let i = 0; i < n; i++) data[i] = f(tmp[i]!);
  } else fill(data, src, out);
  return fromData(data, outShape, out);
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/** `value` converted to `dtype` (as NumPy casts) as a `_4` kernel's 32-bit pattern or a `_1` kernel's byte. */
export function bitsOf(value: number | boolean, dtype: DType): number {
  const v = +value;
  if (dtype === "bool") return v !== 0 ? 1 : 0; // NaN is true, as in NumPy
  if (dtype === "int32") return truncSat(v);
  // 2-byte kernels take the 16-bit pattern, 8-byte (float64) ones the value.
  if (dtype === "float16") return numberToF16(v);
  if (dtype === "bfloat16") return numberToBf16(v);
  if (dtype === "float64") return v;
  F32[0] = v;
  return F32_BITS[0]!;
}

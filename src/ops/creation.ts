// Creation ops: ones, zeros, full (and their *Like forms), eye, arange.
// Each runs one creation kernel (assembly/layout/create.ts).
import { operation } from "../autodiff/registry.js";
import { isWideningFloat, standardizeDtype, type DType } from "../dtypes.js";
import { ValueError, describe } from "../errors.js";
import { exec, output } from "../backend/exec.js";
import { esz } from "../backend/kernels.js";
import { checkShape, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { bitsOf, int32FromNumber, type TensorLike } from "./convert.js";
import { truncSat } from "../numeric.js";
import { cast, kernelName, toTensor } from "./core.js";
import { broadcastTo } from "./shape_ops.js";

function shapeArg(shape: unknown, where: string): number[] {
  return checkShape(typeof shape === "number" ? [shape] : shape, where);
}

function dtypeArg(dtype: DType | string | null | undefined, fallback: DType): DType {
  return dtype == null ? fallback : standardizeDtype(dtype);
}

function filled(shape: number[], value: number | boolean, dtype: DType, where: string): Tensor {
  const n = sizeOf(shape);
  const out = output(dtype, n, where, shape);
  exec(`fill${esz(dtype)}` as const, [out, n, bitsOf(value, dtype, where)]);
  return new Tensor(out, shape, dtype);
}

/**
 * `keras.ops.full`: a tensor of `shape` filled with `fillValue` (a number,
 * or a tensor broadcast to `shape`). dtype defaults to float32 for numbers
 * (JS numbers are floatx), bool for booleans, the tensor's dtype for tensors.
 *
 * @example
 * ops.full([2, 2], 7).toArray(); // [[7, 7], [7, 7]]
 */
export function full(shape: number | readonly number[], fillValue: TensorLike, dtype?: DType | string | null): Tensor {
  const where = "ops.full";
  const s = shapeArg(shape, where);
  if (typeof fillValue === "number" || typeof fillValue === "boolean") {
    return filled(s, fillValue, dtypeArg(dtype, typeof fillValue === "boolean" ? "bool" : "float32"), where);
  }
  const v = toTensor(fillValue, where, "fill_value");
  return broadcastTo(cast(v, dtypeArg(dtype, v.dtype)), s);
}

/**
 * `keras.ops.ones`: a tensor of ones (float32 unless `dtype` says otherwise).
 *
 * @example
 * ops.ones([2, 3]).shape; // [2, 3]
 */
export function ones(shape: number | readonly number[], dtype?: DType | string | null): Tensor {
  return filled(shapeArg(shape, "ops.ones"), 1, dtypeArg(dtype, "float32"), "ops.ones");
}

/**
 * `keras.ops.zeros`: a tensor of zeros (float32 unless `dtype` says otherwise).
 *
 * @example
 * ops.zeros([2], "int32").toArray(); // [0, 0]
 */
export function zeros(shape: number | readonly number[], dtype?: DType | string | null): Tensor {
  return filled(shapeArg(shape, "ops.zeros"), 0, dtypeArg(dtype, "float32"), "ops.zeros");
}

function like(x: TensorLike, value: number | boolean, dtype: DType | string | null | undefined, where: string): Tensor {
  const t = toTensor(x, where, "x");
  return filled(t.shape.slice(), value, dtypeArg(dtype, t.dtype), where);
}

/**
 * `keras.ops.full_like`: `fillValue` in the shape (and by default dtype) of `x`.
 *
 * @example
 * ops.fullLike(new Int32Array([1, 2]), 5).toArray(); // [5, 5]
 * @function
 */
export const fullLike = operation("fullLike", function fullLike(x: TensorLike, fillValue: number | boolean, dtype?: DType | string | null): Tensor {
  return like(x, fillValue, dtype, "ops.fullLike");
});

/**
 * `keras.ops.ones_like`: ones in the shape (and by default dtype) of `x`.
 *
 * @example
 * ops.onesLike([[1, 2]]).toArray(); // [[1, 1]]
 * @function
 */
export const onesLike = operation("onesLike", function onesLike(x: TensorLike, dtype?: DType | string | null): Tensor {
  return like(x, 1, dtype, "ops.onesLike");
});

/**
 * `keras.ops.zeros_like`: zeros in the shape (and by default dtype) of `x`.
 *
 * @example
 * ops.zerosLike([[1, 2]]).toArray(); // [[0, 0]]
 * @function
 */
export const zerosLike = operation("zerosLike", function zerosLike(x: TensorLike, dtype?: DType | string | null): Tensor {
  return like(x, 0, dtype, "ops.zerosLike");
});

function count(v: unknown, where: string, arg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new ValueError(`${where}: argument '${arg}' must be a non-negative integer; received ${describe(v)}`);
  }
  return v;
}

/**
 * `keras.ops.eye`: an N x M matrix with ones on the k-th diagonal (k > 0
 * above the main diagonal, k < 0 below).
 *
 * @example
 * ops.eye(2, 3, 1).toArray(); // [[0, 1, 0], [0, 0, 1]]
 */
export function eye(N: number, M?: number | null, k = 0, dtype?: DType | string | null): Tensor {
  const where = "ops.eye";
  const rows = count(N, where, "N");
  const cols = M == null ? rows : count(M, where, "M");
  if (typeof k !== "number" || !Number.isInteger(k)) throw new ValueError(`${where}: argument 'k' must be an integer; received ${describe(k)}`);
  const dt = dtypeArg(dtype, "float32");
  const out = output(dt, rows * cols, where, [rows, cols]);
  // |k| beyond the matrix just means no diagonal; clamp so it fits an i32.
  const kk = Math.max(-rows, Math.min(cols, k));
  exec(`eye${esz(dt)}` as const, [out, rows, cols, kk, bitsOf(1, dt, where)]);
  return new Tensor(out, [rows, cols], dt);
}

/**
 * `keras.ops.arange`: evenly spaced values in [start, stop), NumPy style:
 * `arange(stop)`, `arange(start, stop)` or `arange(start, stop, step)`;
 * ceil((stop - start) / step) values. float32 unless `dtype` is "int32"
 * (float32 values are start + i * step in double precision, rounded once).
 *
 * @example
 * ops.arange(0, 1, 0.25).toArray(); // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number | null, step = 1, dtype?: DType | string | null): Tensor {
  const where = "ops.arange";
  for (const [arg, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (v != null && (typeof v !== "number" || !Number.isFinite(v))) {
      throw new ValueError(`${where}: argument '${arg}' must be a finite number; received ${describe(v)}`);
    }
  }
  let lo = start;
  let hi = stop;
  if (hi == null) {
    hi = lo;
    lo = 0;
  }
  if (step === 0) throw new ValueError(`${where}: argument 'step' must not be zero (received step=0)`);
  const dt = dtypeArg(dtype, "float32");
  if (dt === "bool") throw new ValueError(`${where}: dtype must be float32 or int32; received "bool"`);
  if (isWideningFloat(dt)) return cast(arange(lo, hi, step, "float32"), dt);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  if (dt === "float32" || dt === "float64") {
    const out = output(dt, n, where, [n]);
    exec(kernelName("arange", dt), [out, n, lo, step]);
    return new Tensor(out, [n], dt);
  }
  // NumPy's integer arange: the first two values converted to the dtype,
  // then a constant difference; every value must fit in int32.
  const first = int32FromNumber(lo, where);
  const diff = truncSat(lo + step) - first;
  if (n > 0) int32FromNumber(first + (n - 1) * diff, where);
  const out = output(dt, n, where, [n]);
  exec("arange_i32", [out, n, first, diff | 0]);
  return new Tensor(out, [n], dt);
}

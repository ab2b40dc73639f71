// What every op shares: turning arguments into tensors, casting, and
// running one kernel into a fresh output tensor.
import { STORAGE, standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, describe } from "../errors.js";
import { exec, output, type Arg } from "../backend/exec.js";
import { Tensor } from "../tensor.js";
import { fromData, tensor, type TensorLike } from "./convert.js";

/** An op argument as a tensor (numbers and arrays become float32). */
export function toTensor(x: TensorLike, where: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  if (x !== null && typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x)) {
    const v = (x as { value?: unknown }).value;
    if (v instanceof Tensor) return v;
  }
  try {
    return tensor(x);
  } catch (e) {
    if (e instanceof KerasTypeError) {
      throw new KerasTypeError(`${where}: argument '${arg}' must be a tensor, a number or a nested array; received ${describe(x)}`);
    }
    throw e;
  }
}

/** A one-element tensor of `dtype` (for scalar operands). */
export function scalar(value: number | boolean, dtype: DType): Tensor {
  const d = new STORAGE[dtype].ctor(1);
  d[0] = dtype === "bool" ? (value !== 0 && value !== false ? 1 : 0) : +value;
  return fromData(d, [], dtype);
}

const SUFFIX = { float32: "f32", int32: "i32", bool: "u8" } as const;

// Kernel names `${op}_${f32|i32|u8}`, built once each (no string building
// on the per-op path).
const NAMES = new Map<string, string>();
export function kernelName(kernel: string, dt: DType): string {
  const key = kernel + dt;
  let name = NAMES.get(key);
  if (name === undefined) NAMES.set(key, (name = `${kernel}_${SUFFIX[dt]}`));
  return name;
}

/** Runs `kernel` (a name without its dtype suffix) into a new tensor. */
export function run(kernel: string, dtypeSuffix: DType, args: Arg[], outShape: number[], outDtype: DType, outIndex: number): Tensor {
  let n = 1;
  for (const d of outShape) n *= d;
  const out = output(outDtype, n);
  args.splice(outIndex, 0, out);
  exec(kernelName(kernel, dtypeSuffix), args);
  return new Tensor(out, outShape, outDtype);
}

/**
 * `keras.ops.cast`: converts to another dtype. float -> int truncates
 * toward zero (saturating, NaN -> 0); -> bool is `x != 0`.
 *
 * @example
 * ops.cast([1.7, -1.7], "int32").toArray(); // [1, -1]
 */
export function cast(x: TensorLike, dtype: DType | string): Tensor {
  const t = toTensor(x, "ops.cast", "x");
  const to = standardizeDtype(dtype);
  if (t.dtype === to) return t;
  const out = output(to, t.size);
  exec(`cast_${SUFFIX[t.dtype]}_${SUFFIX[to]}`, [t.storage, out, t.size]);
  return new Tensor(out, t.shape.slice(), to);
}

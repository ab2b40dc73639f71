// What every op shares: turning arguments into tensors, casting, and
// running one kernel into a fresh output tensor. float16 and bfloat16 have
// no compute kernels: `run()` widens such operands to float32, runs the
// float32 kernel and rounds the result back once, for every op built on it
// (NumPy computes float16 ops the same way: in float32, rounded on output).
// For + - * / and sqrt that single rounding equals exact half arithmetic
// (float32 has more than 2p+2 bits for p = 11 and 8). float64 has
// reference-only kernels computing in double (src/backend/reference/, run
// by exec on either backend); a float64 op without one widens the same way.
import { STORAGE, isFloat, standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, describe } from "../errors.js";
import { exec, output, type Arg } from "../backend/exec.js";
import { OUT_INDEX, type ArgsOf, type ArgsWithoutOut, type KernelName, type NamesOf } from "../backend/kernels.js";
import { Storage, releasedError } from "../backend/memory.js";
import { reference } from "../backend/reference/index.js";
import { numberToBf16, numberToF16 } from "../backend/reference/half.js";
import { Tensor, describeTensor } from "../tensor.js";
import { fromData, int32FromNumber, tensor, type TensorLike } from "./convert.js";
import { differentiable, operation } from "../autodiff/registry.js";

/** An op argument as a tensor (numbers and arrays become float32). */
export function toTensor(x: TensorLike, where: string, arg: string): Tensor {
  if (x instanceof Tensor) {
    if (x.storage.released !== null) throw releasedError(x.storage, `${where}: argument '${arg}', ${describeTensor(x)},`);
    return x;
  }
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

/**
 * A one-element tensor of `dtype` (for the scalar operand of op `where`),
 * rounded to it once; an integer beyond int32 is an OverflowError.
 */
export function scalar(value: number | boolean, dtype: DType, where: string): Tensor {
  const d = new STORAGE[dtype].ctor(1);
  const v = +value;
  d[0] =
    dtype === "bool" ? (v !== 0 ? 1 : 0)
    : dtype === "int32" ? int32FromNumber(v, where)
    : dtype === "float16" ? numberToF16(v)
    : dtype === "bfloat16" ? numberToBf16(v)
    : v;
  return fromData(d, [], dtype);
}

// Kernel names `${op}_${f32|i32|u8|...}`, built once each (no string
// building on the per-op path).
// The name is typed as one of the stem's kernels; which dtypes a stem has
// is the caller's to know (exec throws "internal: no kernel" otherwise).
const NAMES = new Map<string, string>();
export function kernelName<S extends string>(kernel: S, dt: DType): NamesOf<S> {
  const key = kernel + dt;
  let name = NAMES.get(key);
  if (name === undefined) NAMES.set(key, (name = `${kernel}_${STORAGE[dt].suffix}`));
  return name as NamesOf<S>;
}

/** `s` (of a float dtype without the kernel) as a new float32 storage. */
function widen(s: Storage, where: string): Storage {
  const out = output("float32", s.length, where);
  exec(kernelName(`cast_${STORAGE[s.dtype].suffix}` as const, "float32"), [s, out, s.length]);
  return out;
}

/**
 * Runs `kernel` (a name without its dtype suffix) into a new tensor. With a
 * float `dtypeSuffix` that has no such kernel (float16, bfloat16; float64
 * where no double twin exists), storages of that dtype are widened to
 * float32, the float32 kernel runs, and an output of that dtype is rounded
 * back once. `args` are the kernel's without its output, which goes where
 * the kernel table puts it.
 */
export function run<S extends string>(
  kernel: S, dtypeSuffix: DType, args: ArgsWithoutOut<NamesOf<S>>, outShape: readonly number[], outDtype: DType, where: string,
): Tensor {
  const name = kernelName(kernel, dtypeSuffix);
  if (isFloat(dtypeSuffix) && dtypeSuffix !== "float32" && reference[name] === undefined) {
    const wide = (args as Arg[]).map((a) => (a instanceof Storage && a.dtype === dtypeSuffix ? widen(a, where) : a));
    const r = run(kernel, "float32", wide as typeof args, outShape, outDtype === dtypeSuffix ? "float32" : outDtype, where);
    return outDtype === dtypeSuffix ? cast(r, outDtype) : r;
  }
  let n = 1;
  for (const d of outShape) n *= d;
  const out = output(outDtype, n, where, outShape);
  (args as Arg[]).splice(OUT_INDEX[name], 0, out);
  exec(name, args as unknown as ArgsOf<KernelName>);
  return new Tensor(out, outShape, outDtype);
}

/**
 * `keras.ops.cast`: converts to another dtype. float -> int truncates
 * toward zero (saturating, NaN -> 0); -> bool is `x != 0`; -> float16 /
 * bfloat16 rounds to nearest, ties to even (overflow to ±Infinity).
 * Pairs without a direct kernel go through float32, which is exact for
 * every such pair (half -> float32 is exact, and int32 values that
 * float16 can hold are exact in float32), except float64 -> bfloat16,
 * which rounds twice exactly as ml_dtypes does.
 *
 * @example
 * ops.cast([1.7, -1.7], "int32").toArray(); // [1, -1]
 * ops.cast([65519, 1 / 3], "float16").toArray(); // [65504, 0.333251953125]
 */
// Float to float only: int results are not recorded.
const castWithGradient = differentiable("cast", cast, (dy, [x]) => [cast(dy, (x as Tensor).dtype)]);
export { castWithGradient as cast };

function cast(x: TensorLike, dtype: DType | string): Tensor {
  const t = toTensor(x, "ops.cast", "x");
  const to = standardizeDtype(dtype);
  if (t.dtype === to) return t;
  const name = kernelName(`cast_${STORAGE[t.dtype].suffix}` as const, to);
  if (reference[name] === undefined) return cast(cast(t, "float32"), to);
  const out = output(to, t.size, "ops.cast", t._shape);
  exec(name, [t.storage, out, t.size]);
  return new Tensor(out, t._shape, to);
}

/**
 * Keras's `ops.convert_to_tensor`: returns tensors unchanged (or cast when
 * `dtype` differs, so gradients flow through) and converts anything else
 * with `tensor()`.
 *
 * @example
 * const t = keras.tensor([1, 2]);
 * ops.convertToTensor(t) === t; // true
 * ops.convertToTensor([1.5, 2], "int32").toArray(); // [1, 2]
 * @function
 */
export const convertToTensor = operation("convertToTensor", function convertToTensor(x: TensorLike, dtype?: DType | string | null): Tensor {
  if (x instanceof Tensor) return dtype == null ? x : cast(x, dtype);
  return tensor(x, null, dtype);
});

/**
 * `keras.ops.stop_gradient`: the same values (a view, no copy), treated
 * as a constant by `valueAndGrad`: no gradient flows back through it.
 *
 * @example
 * const w = new keras.Variable([1, 2]);
 * keras.grad(() => ops.sum(ops.multiply(w, ops.stopGradient(w))), [w])[0].toArray(); // [1, 2]
 * @function
 */
export const stopGradient = operation("stopGradient", function stopGradient(variable: TensorLike): Tensor {
  const t = toTensor(variable, "ops.stopGradient", "variable");
  return new Tensor(t.storage, t.shape.slice(), t.dtype);
});

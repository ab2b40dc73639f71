// keras.random: normal, uniform, truncatedNormal, dropout. Values come from
// the Philox stream documented in ./philox.ts, keyed by `drawSeed(seed)`.
import { isFloat, standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { fromData, type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { divide, less } from "../ops/elementwise.js";
import { where as whereOp } from "../ops/math.js";
import { broadcastTo } from "../ops/shape_ops.js";
import { zerosLike } from "../ops/creation.js";
import { standardizeShape } from "../shape.js";
import { drawSeed, type Seed } from "./seed_generator.js";
import { checkTensorSize } from "../backend/memory.js";
import { bf16ToNumber, f16ToNumber, numberToBf16, numberToF16 } from "../backend/reference/half.js";
import { normalValues, truncatedNormalValues, uniformBits } from "./philox.js";

/** Options of `normal` and `truncatedNormal`. */
export interface NormalOptions {
  /** Mean of the distribution (default 0). */
  mean?: number;
  /** Standard deviation of the distribution (default 1). */
  stddev?: number;
  /** A float dtype (default `floatx()`). */
  dtype?: DType | string | null;
  /** An integer (the same values on every call), a `SeedGenerator` (new values on each call), or null (the global generator). */
  seed?: Seed;
}

/** Options of `uniform`. */
export interface UniformOptions {
  /** Lower bound, included (default 0). */
  minval?: number;
  /** Upper bound, excluded (default 1). */
  maxval?: number;
  /** A float dtype (default `floatx()`). */
  dtype?: DType | string | null;
  /** An integer, a `SeedGenerator`, or null, as for `normal`. */
  seed?: Seed;
}

function fullShape(shape: unknown, where: string): number[] {
  const s = standardizeShape(typeof shape === "number" ? [shape] : shape);
  if (s.includes(null)) throw new ValueError(`${where}: the shape must be fully defined; received ${describe(shape)}`);
  return s as number[];
}

function number(x: unknown, fallback: number, where: string, arg: string): number {
  if (x === undefined || x === null) return fallback;
  if (typeof x !== "number") throw new KerasTypeError(`${where}: argument '${arg}' must be a number; received ${describe(x)}`);
  return x;
}

/**
 * Checks the size of the result (and of the float32 it is made from)
 * before any sample is drawn.
 */
function checkSize(shape: number[], dtype: DType, where: string): number {
  const n = sizeOf(shape);
  checkTensorSize("float32", n, where, shape);
  checkTensorSize(dtype, n, where, shape);
  return n;
}

/** float32 values from float64 samples, as `mean + stddev * z` rounded once. */
function finish(samples: Float64Array, shape: number[], dtype: DType, a: number, b: number): Tensor {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = a + b * samples[i]!;
  const t = fromData(out, shape, "float32");
  return dtype === "float32" ? t : cast(t, dtype);
}

/** A float format as bit patterns (sign-magnitude; `sign` is the sign bit). */
interface FloatFormat {
  encode(x: number): number;
  decode(bits: number): number;
  sign: number;
}
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const FLOAT32: FloatFormat = {
  encode: (x) => ((F32[0] = x), U32[0]!),
  decode: (b) => ((U32[0] = b), F32[0]!),
  sign: 0x80000000,
};
const HALF: Record<"float16" | "bfloat16", FloatFormat> = {
  float16: { encode: numberToF16, decode: f16ToNumber, sign: 0x8000 },
  bfloat16: { encode: numberToBf16, decode: bf16ToNumber, sign: 0x8000 },
};

/** The next representable value above `bits` (-0 and +0 both step to the smallest positive). */
function stepUp(b: number, sign: number): number {
  if (b === 0 || b === sign) return 1;
  return b & sign ? b - 1 : b + 1;
}

/** The next representable value below `bits`. */
function stepDown(b: number, sign: number): number {
  if (b === 0 || b === sign) return sign | 1;
  return b & sign ? b + 1 : b - 1;
}

/**
 * The smallest value >= minval and the largest < maxval in format `f`, or
 * null when the range holds none (then draws stay as rounded).
 */
function bounds(f: FloatFormat, minval: number, maxval: number): [number, number] | null {
  let lo = f.encode(minval);
  if (f.decode(lo) < minval) lo = stepUp(lo, f.sign);
  let hi = f.encode(maxval);
  if (f.decode(hi) >= maxval) hi = stepDown(hi, f.sign);
  return f.decode(lo) <= f.decode(hi) ? [f.decode(lo), f.decode(hi)] : null;
}

/**
 * Uniform samples on [minval, maxval) in `dtype`. With u in [0, 1) (a
 * 2^-24 grid), minval + (maxval - minval) * u is in range in exact
 * arithmetic, but rounding it to float32, then to a 16-bit float, can leave
 * it: for float16 on [0, 1) every u within 2^-12 of 1 rounds to maxval
 * (~2.4e-4 of the draws), for bfloat16 within 2^-9 (~2e-3); and a minval
 * the dtype cannot hold rounds below itself. Such draws take the nearest
 * value of the dtype inside the range (the one rounding toward it would
 * have given); every other draw keeps the value it had.
 */
function uniformValues(samples: Float64Array, shape: number[], dtype: DType, minval: number, maxval: number): Tensor {
  const n = samples.length;
  const out = new Float32Array(n);
  const range = maxval - minval;
  const b32 = bounds(FLOAT32, minval, maxval);
  for (let i = 0; i < n; i++) {
    out[i] = minval + range * samples[i]!;
    const v = out[i]!; // rounded to float32
    if (b32 !== null && (v < minval || v >= maxval)) out[i] = v < minval ? b32[0] : b32[1];
  }
  if (dtype !== "float16" && dtype !== "bfloat16") {
    const t = fromData(out, shape, "float32");
    return dtype === "float32" ? t : cast(t, dtype); // float64 holds float32 values exactly
  }
  // Encoding a float32 value rounds once, as the cast kernel does.
  const f = HALF[dtype];
  const b = bounds(f, minval, maxval);
  const bits = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const h = f.encode(out[i]!);
    const v = f.decode(h);
    bits[i] = b !== null && (v < minval || v >= maxval) ? f.encode(v < minval ? b[0] : b[1]) : h;
  }
  return fromData(bits, shape, dtype);
}

/**
 * The dtype of a sampling function: float dtypes only. Keras documents
 * "Only floating point types are supported" for normal, uniform and
 * truncated_normal; its uniform raises this error and JAX's normal raises
 * for int dtypes (normal used to accept int32 here and truncate).
 */
function dtypeOf(dtype: unknown, name: string): DType {
  const d = dtype == null ? "float32" : standardizeDtype(dtype, "dtype");
  if (!isFloat(d)) throw new ValueError(`\`keras.random.${name}\` requires a floating point \`dtype\`. Received: dtype=${d} `);
  return d;
}

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * `keras.random.normal`: samples from a normal distribution.
 *
 * @example
 * const a = keras.random.normal([2, 3], { mean: 0, stddev: 1, seed: 42 });
 * const b = keras.random.normal([2, 3], { mean: 0, stddev: 1, seed: 42 });
 * ops.sum(ops.equal(a, b)).item(); // 6 (an integer seed gives the same values every time)
 */
export function normal(shape: readonly number[] | number, options: NormalOptions = {}): Tensor {
  const where = "keras.random.normal";
  const s = fullShape(shape, where);
  const mean = number(options.mean, 0, where, "mean");
  const stddev = number(options.stddev, 1, where, "stddev");
  const dtype = dtypeOf(options.dtype, "normal");
  const n = checkSize(s, dtype, where);
  const key = drawSeed(options.seed);
  return finish(normalValues(key, n), s, dtype, mean, stddev);
}

/**
 * `keras.random.uniform`: samples from a uniform distribution on
 * `[minval, maxval)` (float dtypes only, as Keras).
 *
 * @example
 * const x = keras.random.uniform([4], { minval: -1, maxval: 1, seed: 7 });
 * ops.min(x).item() >= -1 && ops.max(x).item() < 1; // true
 */
export function uniform(shape: readonly number[] | number, options: UniformOptions = {}): Tensor {
  const where = "keras.random.uniform";
  const dtype = dtypeOf(options.dtype, "uniform");
  const s = fullShape(shape, where);
  const minval = number(options.minval, 0, where, "minval");
  const maxval = number(options.maxval, 1, where, "maxval");
  const n = checkSize(s, dtype, where);
  const key = drawSeed(options.seed);
  return uniformValues(uniformBits(key, n), s, dtype, minval, maxval);
}

/**
 * `keras.random.truncated_normal`: normal samples, redrawn until within
 * two standard deviations of the mean.
 *
 * @example
 * const x = keras.random.truncatedNormal([100], { stddev: 0.5, seed: 1 });
 * ops.max(ops.abs(x)).item() <= 1; // true (within two standard deviations)
 */
export function truncatedNormal(shape: readonly number[] | number, options: NormalOptions = {}): Tensor {
  const where = "keras.random.truncated_normal";
  const s = fullShape(shape, where);
  const mean = number(options.mean, 0, where, "mean");
  const stddev = number(options.stddev, 1, where, "stddev");
  const dtype = dtypeOf(options.dtype, "truncated_normal");
  const n = checkSize(s, dtype, where);
  const key = drawSeed(options.seed);
  return finish(truncatedNormalValues(key, n), s, dtype, mean, stddev);
}

/** Options of `dropout`. */
export interface DropoutOptions {
  /** The shape of the keep/drop pattern, broadcast over the input; null entries take the input's size. */
  noiseShape?: readonly (number | null)[] | null;
  /** An integer, a `SeedGenerator`, or null, as for `normal`. */
  seed?: Seed;
}

/**
 * `keras.random.dropout`: zeroes each element with probability `rate` and
 * scales the others by `1 / (1 - rate)`. `noiseShape` (null entries take
 * the input's size) shares one draw across broadcast dimensions.
 *
 * @example
 * const y = keras.random.dropout(keras.ops.ones([2, 4]), 0.5, { seed: 3 });
 * ops.sum(ops.multiply(y, ops.subtract(y, 2))).item(); // 0 (every value is 0, or 1 scaled by 1 / (1 - 0.5))
 */
export function dropout(inputs: TensorLike, rate: number, options: DropoutOptions = {}): Tensor {
  const where = "keras.random.dropout";
  const x = toTensor(inputs, where, "inputs");
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new ValueError(`${where}: argument 'rate' must be a number in [0, 1]; received rate=${describe(rate)}`);
  }
  if (rate === 1) return zerosLike(x);
  if (rate === 0) return x;
  let noise = x.shape;
  if (options.noiseShape != null) {
    const ns = options.noiseShape;
    if (!Array.isArray(ns) || ns.length !== x.ndim) {
      throw new ValueError(`${where}: argument 'noiseShape' must have ${x.ndim} entries (the rank of inputs); received ${describe(ns)}`);
    }
    noise = ns.map((d, i) => (d === null ? x.shape[i]! : d));
  }
  const keep = 1 - rate;
  const mask = broadcastTo(less(uniform(noise, { seed: options.seed }), keep), x.shape);
  const scaled = cast(divide(x, keep), x.dtype);
  return whereOp(mask, scaled, zerosLike(x));
}

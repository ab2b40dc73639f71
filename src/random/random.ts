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

function dtypeOf(dtype: unknown): DType {
  return dtype == null ? "float32" : standardizeDtype(dtype, "dtype");
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
  const dtype = dtypeOf(options.dtype);
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
  if (options.dtype != null && !isFloat(standardizeDtype(options.dtype))) {
    throw new ValueError(`\`keras.random.uniform\` requires a floating point \`dtype\`. Received: dtype=${options.dtype} `);
  }
  const s = fullShape(shape, where);
  const minval = number(options.minval, 0, where, "minval");
  const maxval = number(options.maxval, 1, where, "maxval");
  const n = checkSize(s, dtypeOf(options.dtype), where);
  const key = drawSeed(options.seed);
  return finish(uniformBits(key, n), s, dtypeOf(options.dtype), minval, maxval - minval);
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
  const n = checkSize(s, dtypeOf(options.dtype), where);
  const key = drawSeed(options.seed);
  return finish(truncatedNormalValues(key, n), s, dtypeOf(options.dtype), mean, stddev);
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

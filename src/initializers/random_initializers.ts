// The random initializers (Keras 3's initializers/random_initializers.py).
// Seeds: an integer gives the same values on every call; a SeedGenerator
// advances, so each call differs; no seed draws one integer seed when the
// initializer is built, so one instance repeats itself and two instances differ.
import { type DType } from "../dtypes.js";
import { ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { fromData } from "../ops/convert.js";
import { cast } from "../ops/core.js";
import { normal, truncatedNormal, uniform } from "../random/random.js";
import { SeedGenerator, makeDefaultSeed } from "../random/seed_generator.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization.js";
import { Initializer, checkOptions, initShape, isOptionsObject } from "./initializer.js";
import { orthogonalColumns } from "./qr.js";
import { classNameOf } from "../saving/object_registration.js";

/** An initializer's seed: an integer (the same values on every call), a `SeedGenerator` (new values on each call), its Keras JSON, or null (a random seed picked once, so the initializer still repeats its values). */
export type InitSeed = number | SeedGenerator | Record<string, unknown> | null;

/** Keras's RandomInitializer: the shared seed handling. */
export abstract class RandomInitializer extends Initializer {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "RandomInitializer";
  /** What the random calls use: an integer or a SeedGenerator. */
  readonly seed: number | SeedGenerator;
  readonly #initSeed: InitSeed;

  constructor(seed: InitSeed | undefined) {
    super();
    this.#initSeed = seed ?? null;
    if (seed === null || seed === undefined) this.seed = makeDefaultSeed();
    else if (isOptionsObject(seed)) {
      const s = deserializeKerasObject(seed);
      if (!(s instanceof SeedGenerator)) throw badSeed(seed);
      this.seed = s;
    } else if (seed instanceof SeedGenerator || (typeof seed === "number" && Number.isSafeInteger(seed))) this.seed = seed;
    else throw badSeed(seed);
  }

  override getConfig(): Record<string, unknown> {
    return { seed: serializeKerasObject(this.#initSeed) };
  }
}

function badSeed(seed: unknown): ValueError {
  return new ValueError(
    "`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. " +
      `Received: seed=${describe(seed)}`,
  );
}

/** Options of `RandomNormal` and `TruncatedNormal`. */
export interface NormalInitializerOptions {
  /** Mean of the distribution (default 0). */
  mean?: number;
  /** Standard deviation of the distribution (default 0.05). */
  stddev?: number;
  /** An integer, a `SeedGenerator`, or null (see `InitSeed`). */
  seed?: InitSeed;
}
type MeanStd = NormalInitializerOptions;

/**
 * Samples from a normal distribution (`mean` 0, `stddev` 0.05 by default).
 *
 * @example
 * const init = new keras.initializers.RandomNormal({ mean: 0, stddev: 1, seed: 42 });
 * init.apply([2, 2]).shape; // [2, 2]
 */
export class RandomNormal extends RandomInitializer {
  /** Mean of the distribution (default 0). */
  readonly mean: number;
  /** Standard deviation of the distribution (default 0.05). */
  readonly stddev: number;
  constructor(options: MeanStd = {}) {
    checkOptions("RandomNormal", options, ["mean", "stddev", "seed"]);
    super(options.seed);
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    return normal(initShape(shape, "RandomNormal"), { mean: this.mean, stddev: this.stddev, seed: this.seed, dtype });
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mean: this.mean, stddev: this.stddev };
  }
}

/**
 * Normal samples redrawn until within two standard deviations of the mean.
 *
 * @example
 * const w = new keras.initializers.TruncatedNormal({ stddev: 0.1, seed: 1 }).apply([3, 3]);
 * ops.max(ops.abs(w)).item() <= 0.2; // true (redrawn beyond two standard deviations)
 */
export class TruncatedNormal extends RandomInitializer {
  /** Mean of the distribution before truncation (default 0). */
  readonly mean: number;
  /** Standard deviation before truncation (default 0.05); draws beyond two of them are redrawn. */
  readonly stddev: number;
  constructor(options: MeanStd = {}) {
    checkOptions("TruncatedNormal", options, ["mean", "stddev", "seed"]);
    super(options.seed);
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    return truncatedNormal(initShape(shape, "TruncatedNormal"), { mean: this.mean, stddev: this.stddev, seed: this.seed, dtype });
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mean: this.mean, stddev: this.stddev };
  }
}

/**
 * Samples from a uniform distribution on `[minval, maxval)` (-0.05, 0.05 by default).
 *
 * @example
 * const w = new keras.initializers.RandomUniform({ minval: -1, maxval: 1, seed: 3 }).apply([4]);
 * ops.min(w).item() >= -1 && ops.max(w).item() < 1; // true
 */
export class RandomUniform extends RandomInitializer {
  /** Lower bound, included (default -0.05). */
  readonly minval: number;
  /** Upper bound, excluded (default 0.05). */
  readonly maxval: number;
  constructor(options: { minval?: number; maxval?: number; seed?: InitSeed } = {}) {
    checkOptions("RandomUniform", options, ["minval", "maxval", "seed"]);
    super(options.seed);
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    return uniform(initShape(shape, "RandomUniform"), { minval: this.minval, maxval: this.maxval, seed: this.seed, dtype });
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), minval: this.minval, maxval: this.maxval };
  }
}

/**
 * Keras's `compute_fans`: `[fanIn, fanOut]` of a weight shape. By default
 * the last axis is the output, the one before it the input, and any
 * earlier axes a receptive field multiplying both. `inputAxes` /
 * `outputAxes` (given together) name the axes explicitly.
 *
 * @example
 * keras.initializers.computeFans([3, 3, 4, 8]); // [36, 72]
 */
export function computeFans(shape: readonly number[], inputAxes?: readonly number[] | null, outputAxes?: readonly number[] | null): [number, number] {
  const s = initShape(shape, "computeFans");
  if (inputAxes != null || outputAxes != null) {
    if (inputAxes == null || outputAxes == null) {
      throw new ValueError(
        `computeFans: \`inputAxes\` and \`outputAxes\` must be given together. Received: inputAxes=${describe(inputAxes)}, outputAxes=${describe(outputAxes)}`,
      );
    }
    const prod = (axes: readonly number[], arg: string): number =>
      axes.reduce((acc, a) => {
        const ax = Number.isInteger(a) && a < 0 ? a + s.length : a;
        if (!Number.isInteger(ax) || ax < 0 || ax >= s.length) {
          throw new ValueError(`computeFans: ${arg} entry ${describe(a)} is out of range for shape=${formatShape(s)}`);
        }
        return acc * s[ax]!;
      }, 1);
    return [prod(inputAxes, "inputAxes"), prod(outputAxes, "outputAxes")];
  }
  if (s.length === 0) return [1, 1];
  if (s.length === 1) return [s[0]!, s[0]!];
  const receptive = s.slice(0, -2).reduce((a, b) => a * b, 1);
  return [s[s.length - 2]! * receptive, s[s.length - 1]! * receptive];
}

/** Options of `new VarianceScaling(options)` (Keras's keyword arguments, camelCase). */
export type VarianceScalingOptions = {
  /** Scaling factor, positive (default 1). */
  scale?: number;
  /** Which fan divides `scale`: `"fan_in"` (default), `"fan_out"` or their average `"fan_avg"`. */
  mode?: "fan_in" | "fan_out" | "fan_avg";
  /** The distribution: `"truncated_normal"` (default; `"normal"` is an alias), `"untruncated_normal"` or `"uniform"`. */
  distribution?: "truncated_normal" | "untruncated_normal" | "uniform" | "normal";
  /** An integer, a `SeedGenerator`, or null (see `InitSeed`). */
  seed?: InitSeed;
  /** The axes that count as inputs when computing fans (default: all but the last). */
  inputAxes?: readonly number[] | null;
  /** The axes that count as outputs when computing fans (default: the last). */
  outputAxes?: readonly number[] | null;
};
const MODES = ["fan_in", "fan_out", "fan_avg"];
const DISTRIBUTIONS = ["uniform", "truncated_normal", "untruncated_normal"];

/**
 * Samples with a scale adapted to the weight shape: stddev (or uniform
 * limit) from `scale / n`, `n` the fan-in, fan-out or their mean.
 *
 * @example
 * const init = new keras.initializers.VarianceScaling({ scale: 0.1, mode: "fan_in", distribution: "uniform" });
 * ops.max(ops.abs(init.apply([2, 2]))).item() <= Math.sqrt(3 * 0.1 / 2); // true (limit sqrt(3 * scale / fanIn))
 */
export class VarianceScaling extends RandomInitializer {
  /** The scaling factor. */
  readonly scale: number;
  /** Which fan divides the scale: `"fan_in"`, `"fan_out"` or `"fan_avg"`. */
  readonly mode: string;
  /** `"truncated_normal"`, `"untruncated_normal"` or `"uniform"`. */
  readonly distribution: string;
  /** The axes counted as inputs for the fans, or null for the default. */
  readonly inputAxes: readonly number[] | null;
  /** The axes counted as outputs for the fans, or null for the default. */
  readonly outputAxes: readonly number[] | null;
  constructor(options: VarianceScalingOptions = {}, where = "VarianceScaling") {
    checkOptions(where, options, ["scale", "mode", "distribution", "seed", "inputAxes", "outputAxes"]);
    const scale = options.scale ?? 1;
    if (!(typeof scale === "number" && scale > 0)) {
      throw new ValueError(`Argument \`scale\` must be positive float. Received: scale=${describe(scale)}`);
    }
    const mode = options.mode ?? "fan_in";
    if (!MODES.includes(mode)) {
      throw new ValueError(`Invalid \`mode\` argument: ${describe(mode)}. Please use one of {'fan_in', 'fan_out', 'fan_avg'}`);
    }
    let distribution = String(options.distribution ?? "truncated_normal").toLowerCase();
    if (distribution === "normal") distribution = "truncated_normal";
    if (!DISTRIBUTIONS.includes(distribution)) {
      throw new ValueError(
        `Invalid \`distribution\` argument: ${distribution}.Please use one of {'uniform', 'truncated_normal', 'untruncated_normal'}`,
      );
    }
    super(options.seed);
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.inputAxes = options.inputAxes ?? null;
    this.outputAxes = options.outputAxes ?? null;
  }

  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const s = initShape(shape, classNameOf(this.constructor));
    const [fanIn, fanOut] = computeFans(s, this.inputAxes, this.outputAxes);
    const n = this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    if (this.distribution === "truncated_normal") {
      // 0.8796... is the stddev of a standard normal truncated to [-2, 2].
      return truncatedNormal(s, { mean: 0, stddev: Math.sqrt(scale) / 0.8796256610342398, seed: this.seed, dtype });
    }
    if (this.distribution === "untruncated_normal") return normal(s, { mean: 0, stddev: Math.sqrt(scale), seed: this.seed, dtype });
    const limit = Math.sqrt(3 * scale);
    return uniform(s, { minval: -limit, maxval: limit, seed: this.seed, dtype });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), scale: this.scale, mode: this.mode, distribution: this.distribution,
      inputAxes: this.inputAxes, outputAxes: this.outputAxes,
    };
  }
}

/** Options of the Glorot, He and LeCun initializers (their scale, mode and distribution are fixed). */
export interface FixedScalingOptions {
  /** An integer, a `SeedGenerator`, or null (see `InitSeed`). */
  seed?: InitSeed;
  /** The axes that count as inputs when computing fans (default: all but the last). */
  inputAxes?: readonly number[] | null;
  /** The axes that count as outputs when computing fans (default: the last). */
  outputAxes?: readonly number[] | null;
}
type FixedOptions = FixedScalingOptions;

/** The named members of the VarianceScaling family, from one table. */
function fixed(name: string, scale: number, mode: VarianceScalingOptions["mode"], distribution: VarianceScalingOptions["distribution"]) {
  return class extends VarianceScaling {
    constructor(options: FixedOptions | number | null = {}) {
      const o: FixedOptions = isOptionsObject(options) ? options : { seed: options as number | null };
      checkOptions(name, o, ["seed", "inputAxes", "outputAxes"]);
      super({ ...o, scale, mode, distribution }, name);
    }
    /** The seed and fan axes: scale, mode and distribution are fixed by the class. */
    override getConfig(): Record<string, unknown> {
      const { seed, inputAxes, outputAxes } = super.getConfig();
      return { seed, inputAxes, outputAxes };
    }
  };
}

/** Glorot (Xavier) uniform: limit `sqrt(6 / (fanIn + fanOut))`. @example new keras.initializers.GlorotUniform({ seed: 1 }).apply([3, 4]).shape; // [3, 4] */
export class GlorotUniform extends fixed("GlorotUniform", 1, "fan_avg", "uniform") {}
/** Glorot (Xavier) normal: truncated, stddev `sqrt(2 / (fanIn + fanOut))`. @example new keras.initializers.GlorotNormal().apply([3, 4]).shape; // [3, 4] */
export class GlorotNormal extends fixed("GlorotNormal", 1, "fan_avg", "truncated_normal") {}
/** He uniform: limit `sqrt(6 / fanIn)`. @example new keras.initializers.HeUniform().apply([3, 4]).shape; // [3, 4] */
export class HeUniform extends fixed("HeUniform", 2, "fan_in", "uniform") {}
/** He normal: truncated, stddev `sqrt(2 / fanIn)`. @example new keras.initializers.HeNormal().apply([3, 4]).shape; // [3, 4] */
export class HeNormal extends fixed("HeNormal", 2, "fan_in", "truncated_normal") {}
/** LeCun uniform: limit `sqrt(3 / fanIn)`. @example new keras.initializers.LecunUniform().apply([3, 4]).shape; // [3, 4] */
export class LecunUniform extends fixed("LecunUniform", 1, "fan_in", "uniform") {}
/** LeCun normal: truncated, stddev `sqrt(1 / fanIn)`. @example new keras.initializers.LecunNormal().apply([3, 4]).shape; // [3, 4] */
export class LecunNormal extends fixed("LecunNormal", 1, "fan_in", "truncated_normal") {}

/**
 * An orthogonal matrix (from the QR decomposition of normal samples) times
 * `gain`; shapes of rank > 2 are flattened to `(prod(shape[:-1]), shape[-1])`.
 *
 * @example
 * const q = new keras.initializers.Orthogonal({ gain: 1, seed: 0 }).apply([3, 3]);
 * ops.matmul(ops.transpose(q), q).toArray(); // [[1.000, 0.000, 0.000], [0.000, 1.000, 0.000], [0.000, 0.000, 1.000]]
 */
export class Orthogonal extends RandomInitializer {
  /** Multiplicative factor applied to the orthogonal matrix (default 1). */
  readonly gain: number;
  constructor(options: { gain?: number; seed?: InitSeed } = {}) {
    checkOptions("Orthogonal", options, ["gain", "seed"]);
    super(options.seed);
    this.gain = options.gain ?? 1;
  }
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const s = initShape(shape, "Orthogonal");
    if (s.length < 2) {
      throw new ValueError(`The tensor to initialize must be at least two-dimensional. Received: shape=${formatShape(s)} of rank ${s.length}.`);
    }
    const rows = s.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = s[s.length - 1]!;
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = normal([m, n], { seed: this.seed }).data as Float32Array;
    const q = orthogonalColumns(a, m, n); // m x n, row-major, float64
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows >= cols ? q[i * n + j]! : q[j * n + i]!);
    }
    const t = fromData(out, s, "float32");
    return dtype == null || dtype === "float32" ? t : cast(t, dtype);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), gain: this.gain };
  }
}

// keras.initializers.STFT (Keras 3's constant_initializers.py): the kernel of
// a 1D convolution computing the real or imaginary part of a windowed DFT.
// Values follow Keras's float32 steps (each op rounded to the dtype), with
// the windows of scipy.signal.get_window computed here.
import { standardizeDtype, type DType } from "../dtypes.js";
import { ValueError, describe, formatShape } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import { Initializer, checkOptions, initShape, isOptionsObject } from "./initializer.js";

/** Options of `STFT` (Keras's keyword arguments). */
export interface STFTOptions {
  /** `"real"` (cosine, the default) or `"imag"` (minus sine) part. */
  side?: "real" | "imag";
  /** A window name (`"hann"`, the default, `"hamming"`, `"blackman"`, `"boxcar"`, `"tukey"`), its values (length frame_length), or null for none. */
  window?: string | ArrayLike<number> | null;
  /** Divide the window by its L2 norm (`"density"`, the default), its L1 norm (`"spectrum"`), or not (null). */
  scaling?: "density" | "spectrum" | null;
  /** A periodic window (scipy's `fftbins=True`) instead of a symmetric one (the default). */
  periodic?: boolean;
}

// scipy's cosine-sum windows: w[n] = sum_k (-1)^k a_k cos(2 pi k n / (M - 1)).
const COSINE: Record<string, number[]> = { boxcar: [1], hann: [0.5, 0.5], hamming: [0.54, 0.46], blackman: [0.42, 0.5, 0.08] };
const known = (w: string): boolean => w === "tukey" || Object.hasOwn(COSINE, w);

/** scipy.signal.get_window(name, length, fftbins=periodic): a periodic window is the symmetric one of length + 1, truncated. */
function namedWindow(name: string, length: number, periodic: boolean): number[] {
  const m = length + (periodic ? 1 : 0) - 1;
  return Array.from({ length }, (_, n) => {
    if (length < 2) return 1;
    if (name === "tukey") {
      // alpha = 0.5 (scipy's default): cosine tapers over the first and last quarter.
      const width = Math.floor(m / 4);
      return n <= width ? 0.5 * (1 + Math.cos(Math.PI * (4 * n / m - 1))) : n >= m - width ? 0.5 * (1 + Math.cos(Math.PI * (4 * n / m - 3))) : 1;
    }
    return COSINE[name]!.reduce((s, a, k) => s + (k % 2 ? -a : a) * Math.cos((2 * Math.PI * k * n) / m), 0);
  });
}

/**
 * Initializer of the `[frameLength, 1, fftLength / 2 + 1]` kernel of a
 * Short-Time Fourier Transform as a convolution: `cos` (`side: "real"`) or
 * `-sin` (`"imag"`) of `2 pi t f / fftLength`, times the window divided by
 * its norm. The config keys are Keras's (`side, window, periodic, scaling`).
 *
 * @example
 * const init = new keras.initializers.STFT("real", { window: null });
 * init.apply([2, 1, 2]).toArray(); // [[[1, 1]], [[1, -1]]]
 */
export class STFT extends Initializer {
  /** Which part of the DFT: `"real"` or `"imag"`. */
  readonly side: "real" | "imag";
  /** The window's name, its values, or null. */
  readonly window: string | number[] | null;
  /** The window's normalization: `"density"` (L2), `"spectrum"` (L1) or null. */
  readonly scaling: "density" | "spectrum" | null;
  /** Whether a named window is periodic rather than symmetric. */
  readonly periodic: boolean;
  constructor(side: "real" | "imag" | STFTOptions = "real", options: STFTOptions = {}) {
    super();
    if (isOptionsObject(side)) [options, side] = [side, side.side ?? "real"];
    checkOptions("STFT", options, ["side", "window", "scaling", "periodic"]);
    const { window = "hann", scaling = "density", periodic = false } = options;
    if (side !== "real" && side !== "imag") throw new ValueError(`side should be 'real' or 'imag', not ${side}`);
    if (scaling !== null && scaling !== "density" && scaling !== "spectrum") {
      throw new ValueError(`Scaling is invalid, it must be \`None\`, 'density' or 'spectrum'. Received scaling=${scaling}`);
    }
    if (typeof window === "string" ? !known(window) : window !== null && (typeof window !== "object" || Array.from(window).some((v) => typeof v !== "number"))) {
      throw new ValueError(`STFT: unknown window ${describe(window)}; expected null, an array of numbers, tukey or ${Object.keys(COSINE)}`);
    }
    this.side = side;
    this.window = typeof window === "object" && window !== null ? Array.from(window) : window;
    this.scaling = scaling;
    this.periodic = Boolean(periodic);
  }

  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const s = initShape(shape, "STFT");
    if (s.length !== 3 || s[1] !== 1) {
      throw new ValueError(`STFT: expected a shape [frame_length, 1, bins]; received ${formatShape(s)}`);
    }
    const [frames, , bins] = s as [number, number, number];
    const d = standardizeDtype(dtype ?? "float32");
    const r = d === "float64" ? (x: number) => x : Math.fround;
    const { window, scaling } = this;
    const w = (typeof window === "string" ? namedWindow(window, frames, this.periodic) : window)?.map(r) ?? null;
    if (w !== null && w.length !== frames) {
      throw new ValueError(`The shape of \`window\` must be equal to [frame_length]. Received: window shape=[${w.length}]`);
    }
    const norm = w === null || scaling === null ? 1 : r(scaling === "density" ? Math.sqrt(w.reduce((a, v) => a + v * v, 0)) : w.reduce((a, v) => a + Math.abs(v), 0));
    const n = (bins - 1) * 2; // fft_length; one bin gives 0 / 0 = NaN, as in Keras
    const pi = r(Math.PI);
    const out = new Float64Array(frames * bins);
    for (let t = 0; t < frames; t++) {
      for (let f = 0; f < bins; f++) {
        const arg = r(r(-2 * t * r(f / n)) * pi);
        const v = r(this.side === "real" ? Math.cos(arg) : Math.sin(arg));
        out[t * bins + f] = w === null ? v : r(r(v * w[t]!) / norm);
      }
    }
    return tensor(out, [frames, 1, bins], d);
  }

  override getConfig(): Record<string, unknown> {
    const { side, window, periodic, scaling } = this;
    return { side, window: Array.isArray(window) ? window.slice() : window, periodic, scaling };
  }
}

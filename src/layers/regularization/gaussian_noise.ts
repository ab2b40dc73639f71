// keras.layers.GaussianNoise (keras/src/layers/regularization/gaussian_noise.py).
import type { Tensor } from "../../tensor.js";
import { SeedGenerator, normal } from "../../random/index.js";
import { add } from "../../ops/elementwise.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";
import { numberIn, positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `GaussianNoise` (Keras's keyword arguments, camelCase). */
export interface GaussianNoiseOptions extends LayerOptions {
  /** The standard deviation of the noise, in [0, 1]. */
  stddev?: number;
  /** The seed of the noise (null: random). */
  seed?: number | null;
}

/**
 * Adds zero-centred Gaussian noise of standard deviation `stddev` during
 * training; the identity at inference.
 *
 * @example
 * const noise = new keras.layers.GaussianNoise(0.1, { seed: 3 });
 * noise.apply(keras.ops.zeros([2, 2]), { training: true }); // small random values
 */
export class GaussianNoise extends Layer {
  static override className = "GaussianNoise";
  /** The standard deviation of the noise, in [0, 1]. */
  readonly stddev: number;
  /** The seed of the noise (null: random). */
  readonly seed: number | null;
  /** The generator of the noise (null when `stddev` is 0). */
  seedGenerator: SeedGenerator | null = null;

  constructor(stddev: number | GaussianNoiseOptions, options?: Omit<GaussianNoiseOptions, "stddev">) {
    const [o, base] = splitOptions(positional<GaussianNoiseOptions>(stddev, options, "stddev"), ["stddev", "seed"], "GaussianNoise");
    const s = numberIn(o.stddev, 0, 1, "stddev", "GaussianNoise");
    super(base);
    this.stddev = s;
    this.seed = (o.seed as number | null | undefined) ?? null;
    if (s > 0) this.seedGenerator = new SeedGenerator(this.seed);
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor, { training = false }: CallOptions = {}): Tensor {
    if (training && this.stddev > 0) {
      return add(inputs, normal(inputs.shape, { mean: 0, stddev: this.stddev, dtype: this.computeDtype as never, seed: this.seedGenerator }));
    }
    return inputs;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
registerLayer(GaussianNoise, ["GaussianNoise"]);

// keras.layers.Dropout (keras/src/layers/regularization/dropout.py).
import { ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { SeedGenerator, dropout } from "../../random/index.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";
import { numberIn, positional, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Dropout` (Keras's keyword arguments, camelCase). */
export interface DropoutOptions extends LayerOptions {
  /** The fraction of inputs dropped, in [0, 1]. */
  rate?: number;
  /** The shape of the keep/drop draw, broadcast to the input (`null` entries: the input's size). */
  noiseShape?: readonly (number | null)[] | null;
  /** The seed of the dropout draws (null: random). */
  seed?: number | null;
}

/** Keras's `_validate_noise_shape`: null, or positive integers and nulls. */
export function validateNoiseShape(noiseShape: unknown, cls: string): (number | null)[] | null {
  if (noiseShape === null || noiseShape === undefined) return null;
  if (!Array.isArray(noiseShape)) {
    throw new ValueError(
      `${cls}: Invalid value received for argument \`noise_shape\`. Expected a tuple or list of integers. Received: noise_shape=${describe(noiseShape)}`,
    );
  }
  noiseShape.forEach((d, i) => {
    if (d === null) return;
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new ValueError(
        `${cls}: Invalid value received for argument \`noise_shape\`. Expected all elements to be integers or None. ` +
          `Received element at index ${i}: ${describe(d)}`,
      );
    }
    if (d <= 0) {
      throw new ValueError(
        `${cls}: Invalid value received for argument \`noise_shape\`. Expected all dimensions to be positive integers or None. ` +
          `Received negative or zero value at index ${i}: ${d}`,
      );
    }
  });
  return [...noiseShape];
}

/**
 * Sets each input to 0 with probability `rate` during training and scales
 * the others by `1 / (1 - rate)`; the identity at inference.
 *
 * @example
 * const drop = new keras.layers.Dropout(0.5, { seed: 1 });
 * drop.apply(keras.ops.ones([2, 4]), { training: true }); // each entry 0 or 2
 * drop.apply(keras.ops.ones([2, 4])).toArray();           // all ones
 */
export class Dropout extends Layer {
  static override className = "Dropout";
  /** The fraction of inputs dropped, in [0, 1]. */
  readonly rate: number;
  /** The seed of the dropout draws (null: random). */
  readonly seed: number | null;
  /** The shape of the keep/drop draw, broadcast to the input (`null` entries: the input's size). */
  readonly noiseShape: (number | null)[] | null;
  /** The generator of the dropout draws (null when `rate` is 0). */
  seedGenerator: SeedGenerator | null = null;

  constructor(rate: number | DropoutOptions, options?: Omit<DropoutOptions, "rate">) {
    const [o, base] = splitOptions(positional<DropoutOptions>(rate, options, "rate"), ["rate", "noiseShape", "seed"], "Dropout");
    const r = numberIn(o.rate, 0, 1, "rate", "Dropout");
    const noise = validateNoiseShape(o.noiseShape, "Dropout");
    super(base);
    this.rate = r;
    this.seed = (o.seed as number | null | undefined) ?? null;
    this.noiseShape = noise;
    if (r > 0) this.seedGenerator = new SeedGenerator(this.seed);
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor, { training = false }: CallOptions = {}): Tensor {
    if (training && this.rate > 0) return dropout(inputs, this.rate, { noiseShape: this.noiseShape, seed: this.seedGenerator });
    return inputs;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape };
  }
}
registerLayer(Dropout, ["Dropout"]);

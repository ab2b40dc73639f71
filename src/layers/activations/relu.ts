// keras.layers.ReLU (keras/src/layers/activations/relu.py).
import { ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { relu } from "../../activations/activations.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { registerLayer, splitOptions } from "../layer_options.js";

/** The options of `ReLU` (Keras's keyword arguments, camelCase). */
export interface ReLUOptions extends LayerOptions {
  /** The largest output (null: unbounded). */
  maxValue?: number | null;
  /** The slope below `threshold` (default 0). */
  negativeSlope?: number;
  /** The value below which outputs are damped (default 0). */
  threshold?: number;
}

/**
 * Rectified linear unit: `max(x, 0)` by default; `x` above `threshold`
 * (capped at `maxValue`), `negativeSlope * (x - threshold)` below.
 *
 * @example
 * new keras.layers.ReLU({ maxValue: 1 }).apply([-3, -1, 0, 2]).toArray(); // [0, 0, 0, 1]
 */
export class ReLU extends Layer {
  static override className = "ReLU";
  /** The largest output (null: unbounded). */
  readonly maxValue: number | null;
  /** The slope below `threshold`. */
  readonly negativeSlope: number;
  /** The value below which outputs are damped. */
  readonly threshold: number;

  constructor(options: ReLUOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, ["maxValue", "negativeSlope", "threshold"], "ReLU");
    const maxValue = (o.maxValue as number | null | undefined) ?? null;
    const slope = o.negativeSlope === undefined ? 0 : (o.negativeSlope as number | null);
    const threshold = o.threshold === undefined ? 0 : (o.threshold as number | null);
    if (maxValue !== null && maxValue < 0) throw new ValueError(`max_value of a ReLU layer cannot be a negative value. Received: max_value=${describe(maxValue)}`);
    if (slope === null || slope < 0) throw new ValueError(`negative_slope of a ReLU layer cannot be None or a negative value. Received: negative_slope=${describe(slope)}`);
    if (threshold === null || threshold < 0) throw new ValueError(`threshold of a ReLU layer cannot be None or a negative value. Received: threshold=${describe(threshold)}`);
    super(base);
    this.maxValue = maxValue;
    this.negativeSlope = slope;
    this.threshold = threshold;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return relu(inputs, { negativeSlope: this.negativeSlope, maxValue: this.maxValue, threshold: this.threshold });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}
registerLayer(ReLU, ["ReLU"]);

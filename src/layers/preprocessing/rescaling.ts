// keras.layers.Rescaling (keras/src/layers/preprocessing/rescaling.py).
import { KerasTypeError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { tensor } from "../../ops/convert.js";
import { cast } from "../../ops/core.js";
import { add, multiply } from "../../ops/elementwise.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { positional, splitOptions, registerLayer } from "../layer_options.js";

/** A scale or offset: one number, or one per channel. */
export type RescalingFactor = number | number[];

/** The options of `Rescaling` (Keras's keyword arguments, camelCase). */
export interface RescalingOptions extends LayerOptions {
  /** The factor the inputs are multiplied by (a number or a per-channel list). */
  scale?: RescalingFactor;
  /** The value added after scaling (a number or a per-channel list; default 0). */
  offset?: RescalingFactor;
}

function factor(v: unknown, arg: string): RescalingFactor {
  const ok = typeof v === "number" || (Array.isArray(v) && v.every((e) => typeof e === "number"));
  if (!ok) throw new KerasTypeError(`Rescaling: argument \`${arg}\` must be a number or a list of numbers. Received: ${arg}=${describe(v)}`);
  return Array.isArray(v) ? [...v] : (v as number);
}

/**
 * `inputs * scale + offset`, in the layer's compute dtype (e.g. `scale:
 * 1 / 255` maps bytes to [0, 1]). `scale` and `offset` may be per-channel
 * lists, broadcast against the last axis.
 *
 * @example
 * new keras.layers.Rescaling(1 / 127.5, { offset: -1 }).apply([0, 255]).toArray(); // [-1, 1]
 */
export class Rescaling extends Layer {
  static override className = "Rescaling";
  /** The factor the inputs are multiplied by (a number or a per-channel list). */
  readonly scale: RescalingFactor;
  /** The value added after scaling (a number or a per-channel list; default 0). */
  readonly offset: RescalingFactor;

  constructor(scale: RescalingFactor | RescalingOptions, options?: Omit<RescalingOptions, "scale">) {
    const [o, base] = splitOptions(positional<RescalingOptions>(scale, options, "scale"), ["scale", "offset"], "Rescaling");
    const s = factor(o.scale, "scale");
    const off = factor(o.offset ?? 0.0, "offset");
    super(base);
    this.scale = s;
    this.offset = off;
    this.supportsMasking = true;
  }

  override call(inputs: Tensor): Tensor {
    const dt = this.computeDtype as never;
    const s = typeof this.scale === "number" ? this.scale : tensor(this.scale, null, dt);
    const o = typeof this.offset === "number" ? this.offset : tensor(this.offset, null, dt);
    return add(multiply(cast(inputs, dt), s), o);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }
}
registerLayer(Rescaling, ["Rescaling"]);

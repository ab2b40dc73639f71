// Keras's BaseGlobalPooling (keras/src/layers/pooling/base_global_pooling.py).
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { dataFormat, splitOptions } from "../layer_options.js";

/** The options of `GlobalPooling` (Keras's keyword arguments, camelCase). */
export interface GlobalPoolingOptions extends LayerOptions {
  /** `"channels_last"` (default: steps on axis 1) or `"channels_first"` (steps on the last axis). */
  dataFormat?: "channels_last" | "channels_first" | null;
  /** Whether the pooled axis is kept with size 1 (default false). */
  keepdims?: boolean;
}

/** What the global pooling layers share: data format, keepdims, rank check and output shape. */
export abstract class BaseGlobalPooling extends Layer {
  /** `"channels_last"` (default: steps on axis 1) or `"channels_first"` (steps on the last axis). */
  readonly dataFormat: "channels_last" | "channels_first";
  /** Whether the pooled axis is kept with size 1 (default false). */
  readonly keepdims: boolean;

  constructor(poolDimensions: number, options: GlobalPoolingOptions, cls: string) {
    const [o, base] = splitOptions(options as Record<string, unknown>, ["dataFormat", "keepdims"], cls);
    const df = dataFormat(o.dataFormat, cls);
    super(base);
    this.dataFormat = df;
    this.keepdims = Boolean(o.keepdims ?? false);
    this.inputSpec = new InputSpec({ ndim: poolDimensions + 2 });
    this._buildAtInit();
  }

  /** The axis pooled over (the steps axis in 1D). */
  protected get stepsAxis(): number {
    return this.dataFormat === "channels_last" ? 1 : 2;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const spatial = inputShape.length - 2;
    const ones = Array<number>(spatial).fill(1);
    if (this.dataFormat === "channels_last") {
      return this.keepdims ? [inputShape[0]!, ...ones, inputShape[inputShape.length - 1]!] : [inputShape[0]!, inputShape[inputShape.length - 1]!];
    }
    return this.keepdims ? [inputShape[0]!, inputShape[1]!, ...ones] : [inputShape[0]!, inputShape[1]!];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

// keras.layers.ActivityRegularization (keras/src/layers/regularization/activity_regularization.py).
import type { Tensor } from "../../tensor.js";
import { L1L2 } from "../../regularizers/index.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { splitOptions, registerLayer } from "../layer_options.js";

/** The options of `ActivityRegularization` (Keras's keyword arguments, camelCase). */
export interface ActivityRegularizationOptions extends Omit<LayerOptions, "activityRegularizer"> {
  /** The L1 factor of the activity penalty (default 0). */
  l1?: number;
  /** The L2 factor of the activity penalty (default 0). */
  l2?: number;
}

/**
 * The identity, adding `L1L2(l1, l2)` of its output (divided by the batch
 * size) to `losses`.
 *
 * @example
 * const reg = new keras.layers.ActivityRegularization({ l1: 0.01 });
 * reg.apply(keras.ops.ones([2, 3]));
 * reg.losses[0].item(); // 0.03 (0.01 * 6 / 2)
 */
export class ActivityRegularization extends Layer {
  static override className = "ActivityRegularization";
  /** The L1 factor of the activity penalty (default 0). */
  readonly l1: number;
  /** The L2 factor of the activity penalty (default 0). */
  readonly l2: number;

  constructor(options: ActivityRegularizationOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, ["l1", "l2"], "ActivityRegularization");
    const l1 = (o.l1 as number | undefined) ?? 0.0;
    const l2 = (o.l2 as number | undefined) ?? 0.0;
    super({ ...base, activityRegularizer: new L1L2({ l1, l2 }) });
    this.l1 = l1;
    this.l2 = l2;
    this.supportsMasking = true;
    this._buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    const { activityRegularizer: _dropped, ...base } = super.getConfig();
    return { ...base, l1: this.l1, l2: this.l2 };
  }
}
registerLayer(ActivityRegularization, ["ActivityRegularization"]);

// Keras's MonitorCallback: the improvement test EarlyStopping and
// ReduceLROnPlateau share (mode, min_delta, the "auto" direction).
import { ValueError } from "../errors.js";
import { Callback } from "./callback.js";
import { classNameOf } from "../saving/object_registration.js";

/** `"min"`, `"max"` or `"auto"` (from the monitored name: losses fall, accuracies rise). */
export type MonitorMode = "auto" | "min" | "max";

/** The metric names and directions `"auto"` can tell: Keras's metrics with `_direction`. */
const UP = /(^|_)(accuracy|acc|auc|precision|recall)$/;

/**
 * Base class of callbacks that watch one logged value.
 *
 * @example
 * class Watch extends keras.callbacks.MonitorCallback {}
 * new Watch("val_loss").monitor; // "val_loss"
 */
export class MonitorCallback extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "MonitorCallback";
  /** The logged value watched (`"val_loss"`, `"accuracy"`, ...). */
  readonly monitor: string;
  /** The direction of improvement. */
  readonly mode: MonitorMode;
  /** The best value so far, or the baseline, or null. */
  best: number | null;
  /** The smallest change that counts as an improvement (signed once the direction is known). */
  minDelta: number;
  #op: ((a: number, b: number) => boolean) | null = null;

  constructor(monitor = "val_loss", mode: MonitorMode | string = "auto", baseline: number | null = null, minDelta = 0) {
    super();
    if (!["auto", "min", "max"].includes(mode)) {
      console.warn(`${classNameOf(new.target)} mode '${mode}' is unknown, fallback to auto mode.`);
      mode = "auto";
    }
    this.monitor = monitor;
    this.mode = mode as MonitorMode;
    this.best = baseline;
    this.minDelta = Math.abs(minDelta);
  }

  /** @internal Resolves the direction (Keras's `_set_monitor_op`). */
  protected _setMonitorOp(): void {
    const less = (a: number, b: number) => a < b;
    const greater = (a: number, b: number) => a > b;
    if (this.mode === "min") this.#op = less;
    else if (this.mode === "max") this.#op = greater;
    else {
      const name = this.monitor.replace(/^val_/, "");
      if (name === "loss" || name.endsWith("_loss")) this.#op = less;
      else if (UP.test(name)) this.#op = greater;
      else if (/(^|_)(mse|mae|mape|msle|mean_squared_error|mean_absolute_error|crossentropy|hinge)$/.test(name)) this.#op = less;
      if (this.#op === null) {
        throw new ValueError(
          `${classNameOf(this.constructor)} callback received monitor=${this.monitor}, but Keras isn't able to automatically determine ` +
            "whether that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest " +
            "metric value, or pass `mode='min'` in order to use the lowest value.",
        );
      }
    }
    if (this.#op === less) this.minDelta = -Math.abs(this.minDelta);
  }

  /** Whether `value` improves on `reference` (true when there is none). */
  protected _isImprovement(value: number, reference: number | null): boolean {
    if (this.#op === null) this._setMonitorOp();
    if (reference === null) return true;
    return this.#op!(value - this.minDelta, reference);
  }

  /** @internal Whether the direction is resolved. */
  protected get _monitorOpSet(): boolean {
    return this.#op !== null;
  }
}

// keras.callbacks.History: the per-epoch logs of fit (`fit` returns it).
import { Callback, type Logs } from "./callback.js";

/**
 * Records each epoch's logs: `history.history.loss` is one number per
 * epoch; `history.epoch` the epoch indices. `fit` adds one and returns it.
 *
 * @example
 * const h = new keras.callbacks.History();
 * h.onTrainBegin();
 * h.onEpochEnd(0, { loss: 0.5 });
 * h.history.loss; // [0.5]
 */
export class History extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "History";
  /** Metric name -> one value per epoch. */
  history: Record<string, number[]> = {};
  /** The epochs recorded. */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

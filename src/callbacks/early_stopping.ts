// keras.callbacks.EarlyStopping (keras/src/callbacks/early_stopping.py).
import { ValueError } from "../errors.js";
import type { Logs } from "./callback.js";
import { MonitorCallback, type MonitorMode } from "./monitor_callback.js";

/** Options of `EarlyStopping` (Keras's keyword arguments, camelCase). */
export interface EarlyStoppingOptions {
  /** The logged value to watch (default `"val_loss"`). */
  monitor?: string;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** 1 prints when it stops and restores. */
  verbose?: number;
  /** `"auto"` (default), `"min"` or `"max"`. */
  mode?: MonitorMode;
  /** A value the monitored quantity must beat for the wait to reset. */
  baseline?: number | null;
  /** Put back the weights of the best epoch when training ends. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (default 0). */
  startFromEpoch?: number;
}

const KEYS = ["monitor", "minDelta", "patience", "verbose", "mode", "baseline", "restoreBestWeights", "startFromEpoch"];

/**
 * Stops training when the monitored value has not improved for `patience`
 * epochs; with `restoreBestWeights`, puts back the best epoch's weights.
 *
 * @example
 * const stop = new keras.callbacks.EarlyStopping({ monitor: "loss", patience: 2 });
 * stop.patience; // 2
 */
export class EarlyStopping extends MonitorCallback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "EarlyStopping";
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** 1 prints when it stops and restores. */
  readonly verbose: number;
  /** The value the monitored quantity must beat for the wait to reset. */
  readonly baseline: number | null;
  /** Whether the best epoch's weights are put back at the end. */
  readonly restoreBestWeights: boolean;
  /** Epochs to wait before watching. */
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped (0: not stopped). */
  stoppedEpoch = 0;
  /** The best epoch so far. */
  bestEpoch = 0;
  /** The weights of the best epoch (with `restoreBestWeights`). */
  bestWeights: unknown[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    for (const k of Object.keys(options)) if (!KEYS.includes(k)) throw new ValueError(`EarlyStopping: unrecognized option '${k}'. Expected one of ${KEYS.join(", ")}`);
    super(options.monitor ?? "val_loss", options.mode ?? "auto", null, options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (!this._monitorOpSet) this._setMonitorOp();
    const current = this.#monitorValue(logs);
    if (current === null || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this._isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      if (this.baseline === null || this._isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }

  #monitorValue(logs: Logs): number | null {
    const v = logs[this.monitor];
    if (v === undefined) {
      console.warn(`Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}`);
      return null;
    }
    return v;
  }
}

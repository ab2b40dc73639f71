// keras.callbacks.ReduceLROnPlateau (keras/src/callbacks/reduce_lr_on_plateau.py).
import { ValueError } from "../errors.js";
import type { Logs } from "./callback.js";
import { MonitorCallback, type MonitorMode } from "./monitor_callback.js";

/** Options of `ReduceLROnPlateau` (Keras's keyword arguments, camelCase). */
export interface ReduceLROnPlateauOptions {
  /** The logged value to watch (default `"val_loss"`). */
  monitor?: string;
  /** The factor the rate is multiplied by (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** 1 prints each reduction. */
  verbose?: number;
  /** `"auto"` (default), `"min"` or `"max"`. */
  mode?: MonitorMode;
  /** The smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before watching again (default 0). */
  cooldown?: number;
  /** The lowest rate (default 0). */
  minLr?: number;
}

const KEYS = ["monitor", "factor", "patience", "verbose", "mode", "minDelta", "cooldown", "minLr"];

/**
 * Multiplies the optimizer's learning rate by `factor` when the monitored
 * value has not improved for `patience` epochs; logs `learning_rate`.
 *
 * @example
 * const cb = new keras.callbacks.ReduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 1 });
 * cb.factor; // 0.5
 */
export class ReduceLROnPlateau extends MonitorCallback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "ReduceLROnPlateau";
  /** The factor the rate is multiplied by. */
  readonly factor: number;
  /** The lowest rate. */
  readonly minLr: number;
  /** Epochs without improvement before reducing. */
  readonly patience: number;
  /** 1 prints each reduction. */
  readonly verbose: number;
  /** Epochs to wait after a reduction. */
  readonly cooldown: number;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    for (const k of Object.keys(options)) if (!KEYS.includes(k)) throw new ValueError(`ReduceLROnPlateau: unrecognized option '${k}'. Expected one of ${KEYS.join(", ")}`);
    super(options.monitor ?? "val_loss", options.mode ?? "auto", null, options.minDelta ?? 1e-4);
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${factor}`);
    this.factor = factor;
    this.minLr = options.minLr ?? 0;
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.cooldown = options.cooldown ?? 0;
  }

  override onTrainBegin(): void {
    this.best = null;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  /** Whether a reduction happened less than `cooldown` epochs ago. */
  inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (!this._monitorOpSet) this._setMonitorOp();
    const opt = this.model.optimizer!;
    logs.learning_rate = opt.learningRate as number;
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}.`);
      return;
    }
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this._isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = opt.learningRate as number;
        if (old > Math.fround(this.minLr)) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

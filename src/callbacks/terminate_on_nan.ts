// keras.callbacks.TerminateOnNaN (keras/src/callbacks/terminate_on_nan.py).
import { Callback, type Logs } from "./callback.js";

/**
 * Stops training at the first batch whose loss is NaN or infinite (or
 * throws, with `raiseError`).
 *
 * @example
 * const cb = new keras.callbacks.TerminateOnNaN({ raiseError: true });
 * cb.raiseError; // true
 */
export class TerminateOnNaN extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "TerminateOnNaN";
  /** Throw instead of stopping quietly. */
  readonly raiseError: boolean;

  constructor(options: { raiseError?: boolean } = {}) {
    super();
    this.raiseError = options.raiseError ?? false;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) throw new Error(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately.`);
    console.log(`Batch ${batch}: Invalid loss, terminating training`);
    this.model.stopTraining = true;
  }
}

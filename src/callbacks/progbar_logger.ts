// keras.callbacks.ProgbarLogger: the progress bar of fit / evaluate / predict.
import { Callback, type CallbackParams, type Logs } from "./callback.js";
import { Progbar, defaultWriter, type Writer } from "./progbar.js";

/** Options of `ProgbarLogger` (keras-wasm additions: where the text goes). */
export interface ProgbarLoggerOptions {
  /** Where the text goes (default stdout, or console.log where there is none). */
  write?: Writer;
  /** Redraw in place (default: whether stdout is a terminal). */
  dynamicDisplay?: boolean;
}

/**
 * Prints Keras's progress bar: `Epoch 1/3`, then per batch
 * `12/63 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - accuracy: 0.9100 - loss: 0.3100`
 * redrawn in place (verbose 1), or one line per epoch (verbose 2). `fit`
 * adds one unless `verbose` is 0.
 *
 * @example
 * const lines = [];
 * const logger = new keras.callbacks.ProgbarLogger({ write: (t) => lines.push(t) });
 * logger.setParams({ verbose: 2, epochs: 1, steps: 1 });
 * logger.onEpochBegin(0);
 * logger.onEpochEnd(0, { loss: 0.5 });
 * lines[0].endsWith("- loss: 0.5000\n"); // true
 */
export class ProgbarLogger extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "ProgbarLogger";
  /** Batches seen in the current run. */
  seen = 0;
  /** The bar, while a run is shown. */
  progbar: Progbar | null = null;
  /** Batches per epoch (null: unknown). */
  target: number | null = null;
  /** The verbosity in use. */
  verbose = 1;
  /** The number of epochs. */
  epochs = 1;
  #inFit = false;
  readonly #options: ProgbarLoggerOptions;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.#options = options;
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    this.verbose = params.verbose === "auto" ? 1 : params.verbose;
    this.epochs = params.epochs;
    this.target = params.steps;
  }
  override onTrainBegin(): void {
    this.#inFit = true; // validation inside fit is silent
  }
  override onTestBegin(): void {
    if (!this.#inFit) this.#reset();
  }
  override onPredictBegin(): void {
    this.#reset();
  }
  override onEpochBegin(epoch: number): void {
    this.#reset();
    if (this.verbose && this.epochs > 1) (this.#options.write ?? defaultWriter)(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }
  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.#update(batch, logs);
  }
  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.#inFit) this.#update(batch, logs);
  }
  override onPredictBatchEnd(batch: number): void {
    this.#update(batch);
  }
  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.#finalize(logs);
  }
  override onTestEnd(logs?: Logs): void {
    if (!this.#inFit) this.#finalize(logs);
  }
  override onPredictEnd(logs?: Logs): void {
    this.#finalize(logs);
  }
  override onTrainEnd(): void {
    this.#inFit = false;
  }

  #reset(): void {
    this.seen = 0;
    this.progbar = null;
  }
  #bar(): Progbar {
    if (this.progbar === null) {
      this.progbar = new Progbar(this.target, { verbose: this.verbose, ...this.#options });
    }
    return this.progbar;
  }
  #update(batch: number, logs: Logs = {}): void {
    const bar = this.#bar();
    this.seen = batch + 1;
    if (this.verbose === 1) bar.update(this.seen, Object.entries(logs), false);
  }
  #finalize(logs: Logs = {}): void {
    const bar = this.#bar();
    if (this.target === null) {
      this.target = this.seen;
      bar.target = this.target;
    }
    bar.update(this.target, Object.entries(logs), true);
  }
}

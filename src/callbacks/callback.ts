// keras.callbacks.Callback (keras/src/callbacks/callback.py): the hooks fit,
// evaluate and predict call. The batch hooks of training default to the
// generic `onBatchBegin` / `onBatchEnd`, as in Keras.
import { classNameOf } from "../saving/object_registration.js";

/** The numbers fit/evaluate pass to callbacks: metric name -> value. */
export type Logs = Record<string, number>;

/** What the learning-rate callbacks need from an optimizer. */
export interface CallbackOptimizer {
  /** The current learning rate (settable). */
  learningRate: unknown;
  /** The optimizer's name. */
  name: string;
}

/** What a callback needs from the model it is attached to (a `keras.Model`). */
export interface CallbackModel {
  /** Set to true to stop `fit` after the current batch. */
  stopTraining: boolean;
  /** The compiled optimizer (its `learningRate` is read and set by the LR callbacks). */
  optimizer: CallbackOptimizer | null;
  /** The compiled metrics, for `"auto"` monitor modes. */
  readonly metrics: unknown[];
  /** Copies of the weights. */
  getWeights(): unknown[];
  /** Sets every weight. */
  setWeights(weights: readonly unknown[]): void;
}

/** What `fit` passes to `setParams`: `{ verbose, epochs, steps }`. */
export interface CallbackParams {
  /** The resolved verbosity (0, 1, 2 or "auto"). */
  verbose: number | "auto";
  /** The number of epochs. */
  epochs: number;
  /** Batches per epoch, or null when unknown (an iterable of batches). */
  steps: number | null;
}

/**
 * Base class of callbacks: override the hooks you need. `this.model` is the
 * model being trained, `this.params` the run's `{ verbose, epochs, steps }`.
 *
 * @example
 * class CountBatches extends keras.callbacks.Callback {
 *   count = 0;
 *   onTrainBatchEnd() { this.count++; }
 * }
 * const cb = new CountBatches();
 * cb.onTrainBatchEnd(0, { loss: 1 });
 * cb.count; // 1
 */
export class Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "Callback";
  /** The run's parameters (set by `fit` / `evaluate` / `predict`). */
  params: CallbackParams | Record<string, never> = {};
  #model: CallbackModel | null = null;

  /** Records the run's parameters. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }
  /** Attaches the model. */
  setModel(model: CallbackModel): void {
    this.#model = model;
  }
  /** The model the callback is attached to. */
  get model(): CallbackModel {
    if (this.#model === null) throw new Error(`${classNameOf(this.constructor)}: no model is attached (the callback is used outside fit/evaluate/predict)`);
    return this.#model;
  }

  /** Called at the start of a batch (training, by default). */
  onBatchBegin(_batch: number, _logs?: Logs): void {}
  /** Called at the end of a batch (training, by default). */
  onBatchEnd(_batch: number, _logs?: Logs): void {}
  /** Called at the start of an epoch. */
  onEpochBegin(_epoch: number, _logs?: Logs): void {}
  /** Called at the end of an epoch with its logs (validation ones prefixed `val_`). */
  onEpochEnd(_epoch: number, _logs?: Logs): void {}
  /** Called before each training batch; defaults to `onBatchBegin`. */
  onTrainBatchBegin(batch: number, logs?: Logs): void {
    this.onBatchBegin(batch, logs);
  }
  /** Called after each training batch with the running means; defaults to `onBatchEnd`. */
  onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.onBatchEnd(batch, logs);
  }
  /** Called before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs?: Logs): void {}
  /** Called after each evaluation batch with the running means. */
  onTestBatchEnd(_batch: number, _logs?: Logs): void {}
  /** Called before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): void {}
  /** Called after each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs?: Logs): void {}
  /** Called when training starts. */
  onTrainBegin(_logs?: Logs): void {}
  /** Called when training ends, with the last epoch's logs. */
  onTrainEnd(_logs?: Logs): void {}
  /** Called when evaluation starts. */
  onTestBegin(_logs?: Logs): void {}
  /** Called when evaluation ends, with its logs. */
  onTestEnd(_logs?: Logs): void {}
  /** Called when prediction starts. */
  onPredictBegin(_logs?: Logs): void {}
  /** Called when prediction ends. */
  onPredictEnd(_logs?: Logs): void {}
}

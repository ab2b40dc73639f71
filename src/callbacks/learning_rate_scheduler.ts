// keras.callbacks.LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py).
import { ValueError } from "../errors.js";
import { Callback, type Logs } from "./callback.js";

/** A schedule: `(epoch, currentLearningRate) -> newLearningRate`. */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/**
 * Sets the optimizer's learning rate at the start of each epoch to
 * `schedule(epoch, currentRate)`; logs `learning_rate` at its end.
 *
 * @example
 * const cb = new keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5));
 * cb.schedule(3, 0.1); // 0.05
 */
export class LearningRateScheduler extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "LearningRateScheduler";
  /** The schedule. */
  readonly schedule: EpochSchedule;
  /** 1 prints each new rate. */
  readonly verbose: number;

  constructor(schedule: EpochSchedule, verbose = 0) {
    super();
    if (typeof schedule !== "function") throw new ValueError(`LearningRateScheduler: \`schedule\` must be a function (epoch, lr) => lr; received ${typeof schedule}`);
    this.schedule = schedule;
    this.verbose = verbose;
  }

  override onEpochBegin(epoch: number): void {
    const opt = this.model.optimizer;
    if (opt === null || !("learningRate" in opt)) throw new ValueError('Optimizer must have a "learning_rate" attribute.');
    const lr = this.schedule(epoch, opt.learningRate as number);
    if (typeof lr !== "number" || !Number.isFinite(lr) && !Number.isNaN(lr)) {
      throw new ValueError(`The output of the \`schedule\` function should be a float. Got: ${String(lr)}`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = this.model.optimizer!.learningRate as number;
  }
}

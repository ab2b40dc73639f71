// keras.callbacks.LambdaCallback: a callback from functions.
import { ValueError } from "../errors.js";
import { Callback, type Logs } from "./callback.js";

type Hook = (indexOrLogs?: number | Logs, logs?: Logs) => void;
/** The hooks a `LambdaCallback` takes (any `Callback` hook name). */
export interface LambdaCallbackOptions {
  /** `(epoch, logs)` at the start of an epoch. */
  onEpochBegin?: (epoch: number, logs?: Logs) => void;
  /** `(epoch, logs)` at the end of an epoch. */
  onEpochEnd?: (epoch: number, logs?: Logs) => void;
  /** `(logs)` when training starts. */
  onTrainBegin?: (logs?: Logs) => void;
  /** `(logs)` when training ends. */
  onTrainEnd?: (logs?: Logs) => void;
  /** `(batch, logs)` before each training batch. */
  onTrainBatchBegin?: (batch: number, logs?: Logs) => void;
  /** `(batch, logs)` after each training batch. */
  onTrainBatchEnd?: (batch: number, logs?: Logs) => void;
  /** Any other hook of `Callback`. */
  [hook: string]: ((...args: never[]) => void) | undefined;
}

const HOOKS = new Set(Object.getOwnPropertyNames(Callback.prototype).filter((n) => /^on[A-Z]/.test(n)));

/**
 * A callback whose hooks are the given functions.
 *
 * @example
 * const seen = [];
 * const cb = new keras.callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => seen.push(logs.loss) });
 * cb.onEpochEnd(0, { loss: 2 });
 * seen; // [2]
 */
export class LambdaCallback extends Callback {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "LambdaCallback";
  constructor(hooks: LambdaCallbackOptions = {}) {
    super();
    for (const [name, fn] of Object.entries(hooks)) {
      if (!HOOKS.has(name)) throw new ValueError(`LambdaCallback: unknown hook '${name}'. Expected one of ${[...HOOKS].join(", ")}`);
      if (typeof fn !== "function") throw new ValueError(`LambdaCallback: hook '${name}' must be a function`);
      Object.defineProperty(this, name, { value: fn as Hook, writable: true, configurable: true });
    }
  }
}

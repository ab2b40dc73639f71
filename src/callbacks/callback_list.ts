// Keras's CallbackList: the callbacks of one fit / evaluate / predict run,
// with History and ProgbarLogger added as Keras adds them. Logs reach every
// callback as plain numbers with sorted keys (Keras's pythonify_logs).
import { KerasTypeError, describe } from "../errors.js";
import { Callback, type CallbackModel, type CallbackParams, type Logs } from "./callback.js";
import { History } from "./history.js";
import { ProgbarLogger } from "./progbar_logger.js";

/** Sorted keys, as Keras's `pythonify_logs`. */
export function sortedLogs(logs: Logs | undefined): Logs {
  const out: Logs = {};
  for (const k of Object.keys(logs ?? {}).sort()) out[k] = logs![k]!;
  return out;
}

type HookName = { [K in keyof Callback]: Callback[K] extends (...a: never[]) => void ? K : never }[keyof Callback] & `on${string}`;

/** @internal The callbacks of one run. */
export class CallbackList {
  readonly callbacks: Callback[];
  history: History | null = null;

  constructor(callbacks: readonly Callback[] | null | undefined, options: { addHistory?: boolean; addProgbar?: boolean; model: CallbackModel; params: CallbackParams }) {
    if (callbacks != null && !Array.isArray(callbacks)) throw new KerasTypeError(`\`callbacks\` must be an array of keras.callbacks.Callback; received ${describe(callbacks)}`);
    this.callbacks = [...(callbacks ?? [])];
    this.callbacks.forEach((c, i) => {
      if (!(c instanceof Callback)) throw new KerasTypeError(`callbacks[${i}] must be a keras.callbacks.Callback; received ${describe(c)}`);
    });
    let progbar = this.callbacks.some((c) => c instanceof ProgbarLogger);
    this.history = (this.callbacks.find((c) => c instanceof History) as History | undefined) ?? null;
    if (this.history === null && options.addHistory) this.callbacks.push((this.history = new History()));
    if (!progbar && options.addProgbar) {
      this.callbacks.push(new ProgbarLogger());
      progbar = true;
    }
    for (const c of this.callbacks) {
      c.setModel(options.model);
      c.setParams(options.params);
    }
  }

  /** Calls `hook` on every callback with a sorted copy of the logs. */
  call(hook: HookName, ...args: [number, Logs?] | [Logs?]): void {
    const last = args.length - 1;
    const withIndex = typeof args[0] === "number";
    const logs = sortedLogs((withIndex ? args[1] : args[0]) as Logs | undefined);
    for (const c of this.callbacks) {
      const fn = c[hook] as (...a: unknown[]) => void;
      if (withIndex) fn.call(c, args[0], logs);
      else fn.call(c, logs);
    }
    if (last >= 0 && !withIndex && args[0]) Object.assign(args[0], logs); // callbacks may add entries (learning_rate)
    if (withIndex && args[1]) Object.assign(args[1], logs);
  }
}

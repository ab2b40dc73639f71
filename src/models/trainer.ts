// The loops of fit / evaluate / predict (Keras's backend trainers, eager):
// batches from trainer_data.ts, one train or test step per batch inside a
// memory scope the loop owns (every tensor a step makes is released when it
// ends, except what went into variables), callbacks between batches, and a
// yield to the event loop after each batch so a page stays responsive.
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { concatenate } from "../ops/shape_ops.js";
import { closeScope, openScope, type Storage } from "../backend/memory.js";
import { flatten, mapStructure } from "../layers/structure.js";
import { CallbackList } from "../callbacks/callback_list.js";
import type { Callback, CallbackModel, Logs } from "../callbacks/callback.js";
import type { History } from "../callbacks/history.js";
import { hasStdout, isTerminal } from "../callbacks/progbar.js";
import {
  ArrayBatches, checkCardinality, classWeightToSampleWeights, isBatchSource, iterateSource, toData, trainValidationSplit,
  type BatchSource,
} from "./trainer_data.js";

/** What the loops need from a model (implemented by `Model`). */
export interface Trainable extends CallbackModel {
  _assertCompiled(method: string): void;
  _ensureBuilt(x: unknown): void;
  _resetMetrics(): void;
  _metricsResult(): Logs;
  trainStep(data: [unknown, unknown, unknown]): Record<string, unknown>;
  testStep(data: [unknown, unknown, unknown]): Record<string, unknown>;
  predictStep(data: [unknown, unknown, unknown]): unknown;
  history: History | null;
}

const RELEASED =
  "was created during a train, test or predict step and released when the step ended (a step keeps only what went into " +
  "variables); read what you need inside the step";

/** Runs `fn` in a memory scope: what it creates is released after, except `keep(result)`'s storages and escaped ones. */
export function scoped<T>(fn: () => T, keep: (result: T) => unknown = () => null): T {
  const scope = openScope();
  const kept = new Set<Storage>();
  try {
    const result = fn();
    for (const t of flatten(keep(result))) if (t instanceof Tensor) kept.add(t.storage);
    return result;
  } finally {
    closeScope(scope, kept, () => RELEASED);
  }
}

/** Logs as numbers (Keras's pythonify_logs, keys sorted later). */
export function toLogs(logs: Record<string, unknown>): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) {
    if (v instanceof Tensor) out[k] = v.item();
    else if (typeof v === "number") out[k] = v;
    else if (v !== null && typeof v === "object" && !Array.isArray(v)) Object.assign(out, toLogs(v as Record<string, unknown>));
  }
  return out;
}

const tick: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (f: () => void) => void; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") return () => new Promise<void>((r) => g.setImmediate!(r));
  if (typeof g.MessageChannel === "function") {
    return () => new Promise<void>((r) => {
      const ch = new g.MessageChannel!();
      ch.port1.onmessage = () => { ch.port1.close(); r(); };
      ch.port2.postMessage(null);
    });
  }
  return () => new Promise<void>((r) => setTimeout(r, 0));
})();

/** `"auto"` is 1 on a terminal, 2 on other stdouts (CI, pipes), 0 without one (browsers, Workers). */
export function resolveVerbose(verbose: unknown): number {
  if (verbose === undefined || verbose === "auto") return isTerminal() ? 1 : hasStdout() ? 2 : 0;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ValueError(`\`verbose\` must be "auto", 0, 1 or 2. Received: verbose=${String(verbose)}`);
  return verbose;
}

/** The epochs' batches: arrays sliced per epoch, or an (async) iterable walked once per epoch. */
interface Source {
  steps: number | null;
  epoch(): AsyncIterator<[unknown, unknown, unknown]> | Iterator<[unknown, unknown, unknown]>;
  firstX(): unknown;
}

/** Normalizes fit/evaluate/predict data into batches. */
export function makeSource(x: unknown, y: unknown, sampleWeight: unknown, options: { batchSize?: number | null; shuffle?: boolean; classWeight?: unknown; where: string }): Source {
  if (isBatchSource(x)) {
    if (y != null) throw new ValueError(`${options.where}: when \`x\` is an iterable of batches, \`y\` must not be given (the batches hold the targets).`);
    if (options.batchSize != null) throw new ValueError(`${options.where}: do not pass \`batchSize\` with an iterable of batches (the batches are already made).`);
    const src = x as BatchSource;
    return { steps: null, epoch: () => iterateSource(src, options.where)[Symbol.asyncIterator](), firstX: () => null };
  }
  let xs = toData(x, "x");
  const ys = toData(y, "y");
  let sw = toData(sampleWeight, "sample_weight");
  if (xs === null) throw new ValueError(`${options.where}: argument \`x\` is required.`);
  if (options.classWeight != null) {
    if (sw !== null) throw new ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    if (ys === null) throw new ValueError("`class_weight` needs targets `y`.");
    sw = classWeightToSampleWeights(ys, options.classWeight);
  }
  const n = checkCardinality(xs, ys, sw);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`\`batch_size\` must be a positive integer. Received: batch_size=${batchSize}`);
  const batches = new ArrayBatches([xs, ys, sw], n, batchSize, options.shuffle ?? false);
  xs = batches.data[0];
  return { steps: batches.numBatches, epoch: () => batches.epoch(), firstX: () => xs };
}

/** Options of `fit` (Keras's keyword arguments, camelCase). */
export interface FitOptions {
  /** Samples per batch (default 32); not with an iterable of batches. */
  batchSize?: number | null;
  /** Passes over the data (default 1). */
  epochs?: number;
  /** "auto" (default), 0 (silent), 1 (progress bar) or 2 (one line per epoch). */
  verbose?: "auto" | 0 | 1 | 2;
  /** Callbacks to run (a History is always added and returned). */
  callbacks?: Callback[] | null;
  /** The fraction of the samples (the last ones) held out for validation. */
  validationSplit?: number;
  /** `[x, y]` or `[x, y, sampleWeight]`, or an iterable of batches, to evaluate after each epoch. */
  validationData?: unknown;
  /** Shuffle the samples before each epoch (default true; arrays only). */
  shuffle?: boolean;
  /** Class index -> weight of its samples in the loss. */
  classWeight?: Record<number, number> | Map<number, number> | null;
  /** One weight per sample in the loss. */
  sampleWeight?: unknown;
  /** The epoch to start at (for resuming). */
  initialEpoch?: number;
}

const FIT_KEYS = ["batchSize", "epochs", "verbose", "callbacks", "validationSplit", "validationData", "shuffle", "classWeight", "sampleWeight", "initialEpoch"];

/** Keras's `fit`. */
export async function fit(model: Trainable, x: unknown, y: unknown, options: FitOptions): Promise<History> {
  for (const k of Object.keys(options)) if (!FIT_KEYS.includes(k)) throw new ValueError(`fit: unrecognized option '${k}'. Expected one of ${FIT_KEYS.join(", ")}`);
  model._assertCompiled("fit");
  const epochs = options.epochs ?? 1;
  const verbose = resolveVerbose(options.verbose);
  let data: [unknown, unknown, unknown] = [x, y, options.sampleWeight ?? null];
  let validation = options.validationData ?? null;
  if (options.validationSplit && validation === null) {
    if (isBatchSource(x)) throw new ValueError("`validation_split` is only supported for arrays, not for iterables of batches.");
    const conv: [unknown, unknown, unknown] = [toData(x, "x"), toData(y, "y"), toData(options.sampleWeight, "sample_weight")];
    const n = checkCardinality(...conv);
    const split = trainValidationSplit(conv, options.validationSplit, n);
    data = split.train;
    validation = split.val;
  }
  const source = makeSource(data[0], data[1], data[2], { batchSize: options.batchSize, shuffle: options.shuffle ?? true, classWeight: options.classWeight, where: "fit" });
  const first = source.firstX();
  if (first !== null) model._ensureBuilt(first);
  const callbacks = new CallbackList(options.callbacks, {
    addHistory: true, addProgbar: verbose !== 0, model, params: { verbose, epochs, steps: source.steps },
  });
  model.history = callbacks.history;
  model.stopTraining = false;
  callbacks.call("onTrainBegin");
  let trainingLogs: Logs | undefined;
  for (let epoch = options.initialEpoch ?? 0; epoch < epochs; epoch++) {
    model._resetMetrics();
    callbacks.call("onEpochBegin", epoch);
    const batches = source.epoch();
    for (let step = 0; ; step++) {
      callbacks.call("onTrainBatchBegin", step);
      const logs = await runStep(batches, (batch) => {
        model._ensureBuilt(batch[0]);
        return toLogs(model.trainStep(batch));
      });
      if (logs === null) break;
      callbacks.call("onTrainBatchEnd", step, logs);
      await tick();
      if (model.stopTraining) break;
    }
    const epochLogs = model._metricsResult();
    if (validation !== null) {
      const val = await evaluateLoop(model, validation, { batchSize: options.batchSize, inFit: true });
      for (const [k, v] of Object.entries(val)) epochLogs[`val_${k}`] = v;
    }
    callbacks.call("onEpochEnd", epoch, epochLogs);
    trainingLogs = epochLogs;
    if (model.stopTraining) break;
  }
  callbacks.call("onTrainEnd", trainingLogs);
  return callbacks.history!;
}

type Batches = AsyncIterator<[unknown, unknown, unknown]> | Iterator<[unknown, unknown, unknown]>;

/**
 * The next batch through `step`, in a scope: a batch sliced from arrays is
 * made inside it (and released with the step); one from the user's
 * iterable is awaited first (it is the user's). null when the epoch ends.
 */
async function runStep<T>(batches: Batches, step: (batch: [unknown, unknown, unknown]) => T, keep?: (r: T) => unknown): Promise<T | null> {
  if (Symbol.asyncIterator in batches || !(Symbol.iterator in batches)) {
    const next = await (batches as AsyncIterator<[unknown, unknown, unknown]>).next();
    if (next.done) return null;
    return scoped(() => step(next.value), keep);
  }
  const result = scoped(() => {
    const next = (batches as Iterator<[unknown, unknown, unknown]>).next();
    return next.done ? null : { value: step(next.value) };
  }, keep ? (r) => (r === null ? null : keep(r.value)) : undefined);
  return result === null ? null : result.value;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Samples per batch (default 32); not with an iterable of batches. */
  batchSize?: number | null;
  /** "auto" (default), 0, 1 or 2. */
  verbose?: "auto" | 0 | 1 | 2;
  /** One weight per sample in the loss and the weighted metrics. */
  sampleWeight?: unknown;
  /** Callbacks to run. */
  callbacks?: Callback[] | null;
  /** Return `{ name: value }` instead of `[loss, ...metrics]` (or the loss alone). */
  returnDict?: boolean;
}

/** The evaluation loop (also fit's validation, silent there): the logs after the last batch. */
export async function evaluateLoop(
  model: Trainable, x: unknown,
  options: { y?: unknown; sampleWeight?: unknown; batchSize?: number | null; verbose?: unknown; callbacks?: Callback[] | null; inFit?: boolean },
): Promise<Logs> {
  let xs: unknown = x, ys: unknown = options.y ?? null, sw: unknown = options.sampleWeight ?? null;
  if (options.inFit && !isBatchSource(x)) {
    if (!Array.isArray(x) || x.length < 1 || x.length > 3) {
      throw new ValueError(`\`validation_data\` must be \`[x, y]\`, \`[x, y, sampleWeight]\` or an iterable of batches. Received: ${String(x)}`);
    }
    [xs, ys, sw] = [x[0], x[1] ?? null, x[2] ?? null];
  }
  const source = makeSource(xs, ys, sw, { batchSize: isBatchSource(xs) ? null : options.batchSize, shuffle: false, where: "evaluate" });
  const first = source.firstX();
  if (first !== null) model._ensureBuilt(first);
  const verbose = options.inFit ? 0 : resolveVerbose(options.verbose);
  const callbacks = new CallbackList(options.callbacks ?? null, { addProgbar: verbose !== 0, model, params: { verbose, epochs: 1, steps: source.steps } });
  model._resetMetrics();
  callbacks.call("onTestBegin");
  let logs: Logs = {};
  const batches = source.epoch();
  for (let step = 0; ; step++) {
    callbacks.call("onTestBatchBegin", step);
    const l = await runStep(batches, (batch) => {
      model._ensureBuilt(batch[0]);
      return toLogs(model.testStep(batch));
    });
    if (l === null) break;
    logs = l;
    callbacks.call("onTestBatchEnd", step, logs);
    await tick();
  }
  logs = model._metricsResult();
  callbacks.call("onTestEnd", logs);
  return logs;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Samples per batch (default 32); not with an iterable of batches. */
  batchSize?: number | null;
  /** "auto" (default), 0, 1 or 2. */
  verbose?: "auto" | 0 | 1 | 2;
  /** Callbacks to run. */
  callbacks?: Callback[] | null;
}

/** The prediction loop: each batch's outputs, concatenated along the batch axis. */
export async function predictLoop(model: Trainable, x: unknown, options: PredictOptions): Promise<unknown> {
  const source = makeSource(x, null, null, { batchSize: options.batchSize, shuffle: false, where: "predict" });
  const verbose = resolveVerbose(options.verbose);
  const callbacks = new CallbackList(options.callbacks ?? null, { addProgbar: verbose !== 0, model, params: { verbose, epochs: 1, steps: source.steps } });
  callbacks.call("onPredictBegin");
  const outputs: unknown[] = [];
  const batches = source.epoch();
  for (let step = 0; ; step++) {
    callbacks.call("onPredictBatchBegin", step);
    const out = await runStep(batches, (batch) => {
      model._ensureBuilt(batch[0]);
      return model.predictStep(batch);
    }, (o) => o);
    if (out === null) break;
    outputs.push(out);
    callbacks.call("onPredictBatchEnd", step);
    await tick();
  }
  callbacks.call("onPredictEnd");
  if (outputs.length === 0) throw new ValueError("Unexpected result of `predict_function` (Empty batch_outputs). Please use `Model.compile(..., run_eagerly=True)`, or `tf.data.Dataset` with a non-empty iterator to debug this.");
  if (outputs.length === 1) return outputs[0];
  const flat = outputs.map((o) => flatten(o) as Tensor[]);
  let i = 0;
  return mapStructure(outputs[0], () => {
    const k = i++;
    return concatenate(flat.map((f) => f[k]!), 0);
  });
}

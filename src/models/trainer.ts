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
import { EpochIterator, checkSteps, type Batches, type Source } from "./epoch_iterator.js";

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

/** Normalizes fit/evaluate/predict data into batches. */
export function makeSource(
  x: unknown, y: unknown, sampleWeight: unknown,
  options: { batchSize?: number | null; steps?: number | null; shuffle?: boolean; classWeight?: unknown; where: string },
): Source {
  if (isBatchSource(x)) {
    // Keras's get_data_adapter (raise_unsupported_arg) for a dataset.
    if (y != null) throw new ValueError(`${options.where}: when \`x\` is an iterable of batches, \`y\` must not be given (the batches hold the targets).`);
    if (sampleWeight != null) {
      throw new ValueError(
        "When providing `x` as an iterable of batches, `sample_weight` should not be passed. Instead, the sample weights should be included as part of the iterable of batches.",
      );
    }
    if (options.batchSize != null) throw new ValueError(`${options.where}: do not pass \`batchSize\` with an iterable of batches (the batches are already made).`);
    const src = x as BatchSource;
    const cw = options.classWeight;
    return { steps: null, epoch: () => (cw == null ? iterateSource(src, options.where) : withClassWeight(iterateSource(src, options.where), cw)), firstX: () => null };
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
  // Keras's ArrayDataAdapter: without a batch size, `steps` batches cover the samples.
  const batchSize = options.batchSize ?? (options.steps != null ? Math.ceil(n / options.steps) : 32);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`\`batch_size\` must be a positive integer. Received: batch_size=${batchSize}`);
  const batches = new ArrayBatches([xs, ys, sw], n, batchSize, options.shuffle ?? false);
  xs = batches.data[0];
  return { steps: batches.numBatches, epoch: () => batches.epoch(), firstX: () => xs };
}

/** Keras's `make_class_weight_map_fn`: each batch's sample weights from its labels. */
async function* withClassWeight(batches: AsyncGenerator<[unknown, unknown, unknown]>, classWeight: unknown): AsyncGenerator<[unknown, unknown, unknown]> {
  for await (const [x, y, sw] of batches) {
    if (sw !== null) throw new ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    yield [x, y, classWeightToSampleWeights(y, classWeight)];
  }
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
  /** Batches per epoch; one pass over the data is continued across epochs (default: one pass per epoch). */
  stepsPerEpoch?: number | null;
  /** Validation batches per evaluation, continued across epochs like `stepsPerEpoch` (default: all). */
  validationSteps?: number | null;
  /** Samples per validation batch (default `batchSize`). */
  validationBatchSize?: number | null;
  /** Validate every `n` epochs (default 1), or after the (1-based) epochs listed. */
  validationFreq?: number | number[];
}

const FIT_KEYS = [
  "batchSize", "epochs", "verbose", "callbacks", "validationSplit", "validationData", "shuffle", "classWeight", "sampleWeight", "initialEpoch",
  "stepsPerEpoch", "validationSteps", "validationBatchSize", "validationFreq",
];

/** Keras's `_should_eval`: whether to validate after `epoch` (0-based). */
function shouldEval(epoch: number, freq: unknown): boolean {
  if (typeof freq === "number" && Number.isInteger(freq) && freq > 0) return (epoch + 1) % freq === 0;
  if (Array.isArray(freq)) return freq.includes(epoch + 1);
  throw new ValueError(`Expected \`validation_freq\` to be a list or int. Received: validation_freq=${String(freq)} of the type ${typeof freq}.`);
}

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
  const stepsPerEpoch = checkSteps(options.stepsPerEpoch, "steps_per_epoch");
  const validationSteps = checkSteps(options.validationSteps, "validation_steps");
  const validationFreq = options.validationFreq ?? 1;
  shouldEval(0, validationFreq);
  const source = makeSource(data[0], data[1], data[2], {
    batchSize: options.batchSize, steps: stepsPerEpoch, shuffle: options.shuffle ?? true, classWeight: options.classWeight, where: "fit",
  });
  const iterator = new EpochIterator(source, stepsPerEpoch, runStep);
  // Made once: with validationSteps, evaluation continues through the validation data across epochs (as Keras caches it).
  const valIterator = validation === null ? null : validationIterator(validation, options.validationBatchSize ?? options.batchSize, validationSteps);
  const first = source.firstX();
  if (first !== null) model._ensureBuilt(first);
  const callbacks = new CallbackList(options.callbacks, {
    addHistory: true, addProgbar: verbose !== 0, model, params: { verbose, epochs, steps: iterator.numBatches },
  });
  model.history = callbacks.history;
  model.stopTraining = false;
  callbacks.call("onTrainBegin");
  let trainingLogs: Logs | undefined;
  for (let epoch = options.initialEpoch ?? 0; epoch < epochs; epoch++) {
    model._resetMetrics();
    callbacks.call("onEpochBegin", epoch);
    iterator.beginEpoch();
    for (let step = 0; ; step++) {
      callbacks.call("onTrainBatchBegin", step);
      const logs = await iterator.next((batch) => {
        model._ensureBuilt(batch[0]);
        return toLogs(model.trainStep(batch));
      });
      if (logs === null) break;
      callbacks.call("onTrainBatchEnd", step, logs);
      await tick();
      if (model.stopTraining) break;
    }
    const epochLogs = model._metricsResult();
    if (valIterator !== null && shouldEval(epoch, validationFreq)) {
      // Keras passes fit's callbacks on: their test hooks run during validation (the progress bar stays silent).
      const val = await evaluateLoop(model, null, { iterator: valIterator, inFit: true, callbackList: callbacks });
      for (const [k, v] of Object.entries(val)) epochLogs[`val_${k}`] = v;
    }
    callbacks.call("onEpochEnd", epoch, epochLogs);
    trainingLogs = epochLogs;
    if (model.stopTraining) break;
  }
  callbacks.call("onTrainEnd", trainingLogs);
  return callbacks.history!;
}

/**
 * The next batch through `step`, in a scope: a batch sliced from arrays is
 * made inside it (and released with the step); one from the user's
 * iterable is awaited first (it is the user's). null when the epoch ends.
 */
export async function runStep<T>(batches: Batches, step: (batch: [unknown, unknown, unknown]) => T, keep?: (r: T) => unknown): Promise<T | null> {
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
  /** Batches to evaluate (default: all). */
  steps?: number | null;
}

/** fit's validation data as an iterator, made once per fit. */
function validationIterator(validation: unknown, batchSize: number | null | undefined, steps: number | null): EpochIterator {
  if (!isBatchSource(validation) && (!Array.isArray(validation) || validation.length < 1 || validation.length > 3)) {
    throw new ValueError(`\`validation_data\` must be \`[x, y]\`, \`[x, y, sampleWeight]\` or an iterable of batches. Received: ${String(validation)}`);
  }
  const [xs, ys, sw] = isBatchSource(validation) ? [validation, null, null] : [validation[0], validation[1] ?? null, validation[2] ?? null];
  const source = makeSource(xs, ys, sw, { batchSize: isBatchSource(xs) ? null : batchSize, steps, shuffle: false, where: "evaluate" });
  return new EpochIterator(source, steps, runStep);
}

/** The evaluation loop (also fit's validation, silent there): the logs after the last batch. */
export async function evaluateLoop(
  model: Trainable, x: unknown,
  options: {
    y?: unknown; sampleWeight?: unknown; batchSize?: number | null; steps?: number | null; verbose?: unknown; callbacks?: Callback[] | null;
    inFit?: boolean; iterator?: EpochIterator; callbackList?: CallbackList;
  },
): Promise<Logs> {
  let iterator = options.iterator;
  if (iterator === undefined) {
    const steps = checkSteps(options.steps, "steps");
    const source = makeSource(x, options.y ?? null, options.sampleWeight ?? null, { batchSize: options.batchSize, steps, shuffle: false, where: "evaluate" });
    iterator = new EpochIterator(source, steps, runStep);
  }
  const first = iterator.source.firstX();
  if (first !== null) model._ensureBuilt(first);
  const verbose = options.inFit ? 0 : resolveVerbose(options.verbose);
  const callbacks = options.callbackList ??
    new CallbackList(options.callbacks ?? null, { addProgbar: verbose !== 0, model, params: { verbose, epochs: 1, steps: iterator.numBatches } });
  model._resetMetrics();
  callbacks.call("onTestBegin");
  let logs: Logs = {};
  iterator.beginEpoch();
  for (let step = 0; ; step++) {
    callbacks.call("onTestBatchBegin", step);
    const l = await iterator.next((batch) => {
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
  /** Batches to predict (default: all). */
  steps?: number | null;
}

/** The prediction loop: each batch's outputs, concatenated along the batch axis. */
export async function predictLoop(model: Trainable, x: unknown, options: PredictOptions): Promise<unknown> {
  const steps = checkSteps(options.steps, "steps");
  const iterator = new EpochIterator(makeSource(x, null, null, { batchSize: options.batchSize, steps, shuffle: false, where: "predict" }), steps, runStep);
  const verbose = resolveVerbose(options.verbose);
  const callbacks = new CallbackList(options.callbacks ?? null, { addProgbar: verbose !== 0, model, params: { verbose, epochs: 1, steps: iterator.numBatches } });
  callbacks.call("onPredictBegin");
  const outputs: unknown[] = [];
  iterator.beginEpoch();
  for (let step = 0; ; step++) {
    callbacks.call("onPredictBatchBegin", step);
    const out = await iterator.next((batch) => {
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

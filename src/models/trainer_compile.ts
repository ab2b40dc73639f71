// What compile() sets up (Keras's trainers/compile_utils.py): the loss per
// output with its weight, and the metrics, built on the first batch so that
// "accuracy" / "crossentropy" can resolve from the shapes of y and yPred.
import { ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { add, multiply } from "../ops/elementwise.js";
import { cast, stopGradient } from "../ops/core.js";
import * as lossesModule from "../losses/index.js";
import { Loss, LossFunctionWrapper, type LossFn } from "../losses/index.js";
import * as metricsModule from "../metrics/index.js";
import { BinaryAccuracy, CategoricalAccuracy, Mean, MeanMetricWrapper, Metric, SparseCategoricalAccuracy, type MetricFn } from "../metrics/index.js";
import { flatten, isPlainObject } from "../layers/structure.js";
import { builtinFunctionName } from "../saving/object_registration.js";
import { toSnakeCase } from "../utils/naming.js";

/** Keras's `is_binary_or_sparse_categorical`. */
function kindOf(yTrue: Tensor, yPred: Tensor): { binary: boolean; sparse: boolean } {
  const last = (t: Tensor) => t.shape[t.ndim - 1];
  return {
    binary: last(yPred) === 1,
    sparse: yTrue.ndim < yPred.ndim || (last(yTrue) === 1 && (last(yPred) ?? 0) > 1),
  };
}

const nameOf = (x: unknown): string =>
  typeof x === "function" ? builtinFunctionName(x) ?? toSnakeCase(x.name || "fn") : (x as { name?: string }).name ?? "metric";

/** Keras's `get_loss`: a Loss for an identifier, with `"crossentropy"` / `"ce"` resolved from the shapes. */
export function resolveLoss(identifier: unknown, yTrue: Tensor, yPred: Tensor): Loss | null {
  if (identifier === null || identifier === undefined) return null;
  let loss: unknown;
  const id = typeof identifier === "string" ? identifier.toLowerCase() : null;
  if (id === "crossentropy" || id === "ce") {
    const k = kindOf(yTrue, yPred);
    loss = k.binary ? lossesModule.binaryCrossentropy : k.sparse ? lossesModule.sparseCategoricalCrossentropy : lossesModule.categoricalCrossentropy;
  } else loss = lossesModule.get(identifier);
  if (loss instanceof Loss) return loss;
  if (typeof loss !== "function") throw new ValueError(`Could not interpret loss identifier: ${describe(identifier)}`);
  return new LossFunctionWrapper(loss as LossFn, { name: typeof identifier === "string" ? identifier : nameOf(loss) });
}

/** Keras's `get_metric`: a Metric named as given, with `"accuracy"` / `"acc"` resolved from the shapes. */
export function resolveMetric(identifier: unknown, yTrue: Tensor, yPred: Tensor): Metric {
  if (identifier === null || identifier === undefined) throw new ValueError("Expected metric, received `None`");
  let metric: unknown;
  const id = typeof identifier === "string" ? identifier.toLowerCase() : null;
  if (id === "accuracy" || id === "acc") {
    const k = kindOf(yTrue, yPred);
    const name = identifier as string;
    metric = k.binary ? new BinaryAccuracy({ name }) : k.sparse ? new SparseCategoricalAccuracy({ name }) : new CategoricalAccuracy({ name });
  } else if (typeof identifier === "function" && !(identifier.prototype instanceof Metric)) {
    metric = identifier;
  } else metric = metricsModule.get(identifier);
  if (!(metric instanceof Metric)) {
    if (typeof metric !== "function") throw new ValueError(`Could not interpret metric identifier: ${describe(identifier)}`);
    metric = new MeanMetricWrapper(metric as MetricFn, { name: nameOf(metric) });
  }
  if (typeof identifier === "string") (metric as { name: string }).name = identifier;
  return metric as Metric;
}

/** The outputs of a model as a flat list, with their names when it returns an object. */
function outputsOf(yPred: unknown): { flat: Tensor[]; names: string[] | null } {
  if (yPred instanceof Tensor) return { flat: [yPred], names: null };
  if (isPlainObject(yPred)) return { flat: Object.keys(yPred).map((k) => yPred[k] as Tensor), names: Object.keys(yPred) };
  return { flat: flatten(yPred) as Tensor[], names: null };
}

/** `y` matched to the outputs: an object by output name, a list by position. */
function targetsFor(y: unknown, n: number, names: string[] | null, outputNames: readonly string[]): Tensor[] {
  if (n === 1) return [(y instanceof Tensor ? y : flatten(y)[0]) as Tensor];
  const keys = names ?? outputNames;
  if (isPlainObject(y)) {
    return keys.map((k) => {
      if (!Object.hasOwn(y, k)) throw new ValueError(`Expected \`y\` to have a key for output '${k}'; received keys ${Object.keys(y).join(", ")}`);
      return y[k] as Tensor;
    });
  }
  const flat = flatten(y) as Tensor[];
  if (flat.length !== n) throw new ValueError(`The model has ${n} outputs, but \`y\` holds ${flat.length} arrays.`);
  return flat;
}

/** One entry per output from a list, an object by output name, or one value for every output. */
function perOutput<T>(spec: unknown, n: number, keys: readonly string[], what: string, isSingle: (v: unknown) => boolean): (T | null)[] {
  if (n === 1) return [Array.isArray(spec) && spec.length === 1 && what === "loss" ? (spec[0] as T) : (spec as T)];
  if (isSingle(spec)) return Array.from({ length: n }, () => spec as T);
  if (Array.isArray(spec)) {
    if (spec.length !== n) throw new ValueError(`Expected \`${what}\` to be a list with one entry per output (${n}); received ${spec.length} entries.`);
    return spec as T[];
  }
  if (isPlainObject(spec)) {
    for (const k of Object.keys(spec)) {
      if (!keys.includes(k)) throw new ValueError(`In the dict argument \`${what}\`, key '${k}' does not correspond to any model output. Received:\n${what}=${JSON.stringify(Object.keys(spec))}`);
    }
    return keys.map((k) => (Object.hasOwn(spec, k) ? (spec[k] as T) : null));
  }
  throw new ValueError(`Invalid \`${what}\` for a model with ${n} outputs: ${describe(spec)}`);
}

/** The compiled loss: a weighted sum of one loss per output (Keras's CompileLoss). */
interface BuiltLoss { losses: (Loss | null)[]; weights: number[]; names: string[] | null; trackers: (Mean | null)[] }
interface BuiltMetric { metric: Metric; output: number; weighted: boolean; name: string }

export class CompileLoss {
  #built: BuiltLoss | null = null;
  constructor(readonly loss: unknown, readonly lossWeights: unknown, readonly outputNames: readonly string[] = []) {
    if (lossWeights != null && typeof lossWeights !== "number" && !Array.isArray(lossWeights) && !isPlainObject(lossWeights)) {
      throw new ValueError(
        "Expected `loss_weights` argument to be a float (single output case) or a list, tuple, or dict (multiple output case). " +
          `Received instead: loss_weights=${describe(lossWeights)}`,
      );
    }
  }

  #build(y: unknown, yPred: unknown): BuiltLoss {
    const { flat, names } = outputsOf(yPred);
    const keys = names ?? (this.outputNames.length === flat.length ? this.outputNames : flat.map((_, i) => `output_${i + 1}`));
    const targets = targetsFor(y, flat.length, names, keys);
    const single = (v: unknown) => typeof v === "string" || typeof v === "function" || v instanceof Loss;
    const specs = perOutput<unknown>(this.loss, flat.length, keys, "loss", single);
    const losses = specs.map((s, i) => resolveLoss(s, targets[i]!, flat[i]!));
    const w = this.lossWeights == null ? flat.map(() => 1) : perOutput<number>(this.lossWeights, flat.length, keys, "loss_weights", (v) => typeof v === "number").map((v) => v ?? 1);
    // Keras's CompileLoss.build: with more than one loss, a Mean per loss
    // named "<output>_loss" (the output's name, else the loss's own name).
    const several = losses.filter((l) => l !== null).length > 1;
    const outName = (i: number) => names?.[i] ?? (this.outputNames.length === flat.length ? this.outputNames[i]! : losses[i]!.name);
    const trackers = losses.map((l, i) => (several && l !== null ? new Mean({ name: `${outName(i)}_loss` }) : null));
    return { losses, weights: w as number[], names, trackers };
  }

  /** The per-output loss trackers (`<output>_loss`; only with several losses, after the first batch). */
  get metrics(): Mean[] {
    return (this.#built?.trackers ?? []).filter((t): t is Mean => t !== null);
  }

  /** The total compiled loss for a batch, or null when no output has a loss. */
  apply(y: unknown, yPred: unknown, sampleWeight: unknown): Tensor | null {
    if (y === null || y === undefined) return null;
    const built = (this.#built ??= this.#build(y, yPred));
    const { flat, names } = outputsOf(yPred);
    const targets = targetsFor(y, flat.length, names, this.outputNames);
    const weights = flat.length === 1 || sampleWeight === null || sampleWeight instanceof Tensor ? flat.map(() => sampleWeight) : targetsFor(sampleWeight, flat.length, names, this.outputNames);
    let total: Tensor | null = null;
    built.losses.forEach((loss, i) => {
      if (loss === null) return;
      let v = loss.apply(targets[i]!, flat[i]!, (weights[i] as Tensor | null) ?? null);
      // Unweighted, counted by the batch size (Keras records it before loss_weights).
      built.trackers[i]?.updateState(stopGradient(v), flat[i]!.shape[0] ?? 1);
      if (built.weights[i] !== 1) v = multiply(v, built.weights[i]!);
      total = total === null ? v : add(total, v);
    });
    return total;
  }
}

/** The compiled metrics of every output, in Keras's naming (Keras's CompileMetrics). */
export class CompileMetrics {
  #metrics: BuiltMetric[] | null = null;
  constructor(readonly metrics: unknown, readonly weightedMetrics: unknown, readonly outputNames: readonly string[] = []) {
    for (const [arg, v] of [["metrics", metrics], ["weighted_metrics", weightedMetrics]] as const) {
      if (v != null && !Array.isArray(v) && !isPlainObject(v)) {
        throw new ValueError(`Expected \`${arg}\` argument to be a list, tuple, or dict. Received instead: ${arg}=${describe(v)} of type ${typeof v}`);
      }
    }
  }

  /** The metric objects (after the first batch). */
  get list(): Metric[] {
    return (this.#metrics ?? []).map((m) => m.metric);
  }

  #build(y: unknown, yPred: unknown): void {
    const { flat, names } = outputsOf(yPred);
    const keys = names ?? (this.outputNames.length === flat.length ? this.outputNames : flat.map((_, i) => `output_${i + 1}`));
    const targets = targetsFor(y, flat.length, names, keys);
    const out: BuiltMetric[] = [];
    const seen = new Map<string, number>();
    for (const [spec, weighted] of [[this.metrics, false], [this.weightedMetrics, true]] as const) {
      if (spec == null) continue;
      const lists = flat.length === 1 ? [flatten(spec)] : perOutput<unknown>(spec, flat.length, keys, weighted ? "weighted_metrics" : "metrics", () => false);
      lists.forEach((l, i) => {
        if (l == null) return;
        for (const id of Array.isArray(l) ? l : [l]) {
          const metric = resolveMetric(id, targets[i]!, flat[i]!);
          let name = flat.length > 1 ? `${keys[i]}_${metric.name}` : metric.name;
          if (seen.has(name)) {
            if (weighted) name = flat.length > 1 ? `${keys[i]}_weighted_${metric.name}` : `weighted_${metric.name}`;
            const c = seen.get(name);
            if (c !== undefined) {
              seen.set(name, c + 1);
              name = `${name}_${c}`;
            }
          }
          if (!seen.has(name)) seen.set(name, 1);
          out.push({ metric, output: i, weighted, name });
        }
      });
    }
    this.#metrics = out;
  }

  /** Updates every metric with a batch (only weighted metrics see the sample weights). */
  updateState(y: unknown, yPred: unknown, sampleWeight: unknown): void {
    if (y === null || y === undefined) return;
    if (this.#metrics === null) this.#build(y, yPred);
    const { flat, names } = outputsOf(yPred);
    const targets = targetsFor(y, flat.length, names, this.outputNames);
    for (const m of this.#metrics!) {
      const sw = m.weighted && sampleWeight != null ? (sampleWeight instanceof Tensor ? sampleWeight : targetsFor(sampleWeight, flat.length, names, this.outputNames)[m.output]) : null;
      m.metric.updateState(targets[m.output]!, flat[m.output]!, sw);
    }
  }

  /** Clears every metric. */
  resetState(): void {
    for (const m of this.#metrics ?? []) m.metric.resetState();
  }

  /** Name -> current value of each metric. */
  result(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const m of this.#metrics ?? []) out[m.name] = m.metric.result();
    return out;
  }
}

/** Keras's `_aggregate_additional_loss`: a float sum of an added loss. */
export function additionalLoss(loss: Tensor, floatx: string): Tensor {
  return loss.dtype.startsWith("float") || loss.dtype === "bfloat16" ? loss : cast(loss, floatx);
}

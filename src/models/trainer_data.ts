// The data side of fit / evaluate / predict (Keras's data adapters and
// epoch iterator, for what JS has): arrays of samples (tensors, nested JS
// arrays, typed arrays, lists or objects of them) sliced into batches, or an
// (async) iterable of ready batches, the JS counterpart of tf.data.
import { KerasTypeError, ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import { argmax } from "../ops/reduction.js";
import { squeeze, slice, take } from "../ops/shape_ops.js";
import { flatten, isPlainObject, mapStructure } from "../layers/structure.js";
import { hostRandom } from "../random/seed_generator.js";

/** Model inputs or targets: a tensor, nested JS arrays, a typed array, or an array / object of them (one per input). */
export type DataLike = unknown;
/** A batch: `[x, y?, sampleWeight?]`. */
export type Batch = readonly [unknown, unknown?, unknown?];
/** An (async) iterable of batches `[x, y]` or `[x, y, sampleWeight]` (or bare `x` for predict). */
export type BatchSource = Iterable<unknown> | AsyncIterable<unknown>;

/** Whether `v` is an iterable of batches rather than data (arrays, typed arrays and tensors are data). */
export function isBatchSource(v: unknown): v is BatchSource {
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Tensor) return false;
  return Symbol.asyncIterator in v || Symbol.iterator in v;
}

const isNumeric = (x: unknown): boolean => typeof x === "number" || typeof x === "boolean" || (Array.isArray(x) && x.every(isNumeric));

/**
 * One array of samples as a tensor; a list or object of them (several
 * inputs or outputs) mapped leaf by leaf. `arg` names it in errors.
 */
export function toData(v: unknown, arg: string): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Tensor) return v;
  if (ArrayBuffer.isView(v) || isNumeric(v)) return tensor(v as never);
  if (Array.isArray(v) || isPlainObject(v)) {
    const leaves = flatten(v);
    if (leaves.length > 0 && leaves.every((l) => l instanceof Tensor || ArrayBuffer.isView(l) || (Array.isArray(l) && isNumeric(l)))) {
      return mapStructure(v, (l) => (l instanceof Tensor ? l : tensor(l as never)));
    }
    // A list whose elements are arrays of samples (several inputs).
    if (Array.isArray(v)) return v.map((e, i) => toData(e, `${arg}[${i}]`));
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, toData(e, `${arg}.${k}`)]));
  }
  const hint = typeof v === "object" && v !== null && (v as { value?: unknown }).value instanceof Tensor ? " (pass variable.value)" : "";
  throw new ValueError(
    `Expected all elements of \`${arg}\` to be array-like (a Tensor, nested arrays of numbers, a typed array, or an array / object of them)${hint}. ` +
      `Received invalid types: ${arg}=${describe(v)}`,
  );
}

const leaves = (d: unknown): Tensor[] => flatten(d).filter((t): t is Tensor => t instanceof Tensor);

/** Keras's `check_data_cardinality`: every array has the same number of samples. */
export function checkCardinality(x: unknown, y: unknown, sampleWeight: unknown): number {
  const parts = [["x", x], ["y", y], ["sample_weight", sampleWeight]] as const;
  for (const [label, d] of parts) {
    for (const t of leaves(d)) {
      if (t.ndim === 0) throw new ValueError(`Expected \`${label}\` to have a batch axis (one entry per sample); received a scalar tensor.`);
    }
  }
  const sizes = new Set(parts.flatMap(([, d]) => leaves(d).map((t) => t.shape[0]!)));
  if (sizes.size > 1) {
    let msg = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.";
    for (const [label, d] of parts) if (d !== null && d !== undefined) msg += `'${label}' sizes: ${leaves(d).map((t) => t.shape[0]).join(", ")}\n`;
    throw new ValueError(msg);
  }
  if (sizes.size === 0) throw new ValueError("Expected `x` to hold at least one array of samples; received none.");
  return [...sizes][0]!;
}

/** Keras's `class_weight_to_sample_weights`: one weight per sample from its class (argmax of one-hot labels). */
export function classWeightToSampleWeights(y: unknown, classWeight: unknown): Tensor {
  if (classWeight === null || typeof classWeight !== "object" || Array.isArray(classWeight)) {
    throw new ValueError(`\`class_weight\` must be a dict-like mapping of class indices to weights. Received: class_weight=${describe(classWeight)}.`);
  }
  const map = new Map<number, number>();
  const entries = classWeight instanceof Map ? [...classWeight.entries()] : Object.entries(classWeight as Record<string, unknown>);
  for (const [k, w] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i)) {
      throw new ValueError(`\`class_weight\` must be a dictionary with integer keys representing class indices. Received an invalid key: '${String(k)}' of type ${typeof k}.`);
    }
    map.set(i, Number(w));
  }
  if (!(y instanceof Tensor)) throw new ValueError("`class_weight` is only supported for Models with a single output.");
  let labels = y;
  if (labels.ndim > 1) labels = labels.shape[labels.ndim - 1] !== 1 ? argmax(labels, -1) : squeeze(labels, -1);
  const values = Array.from(labels.data as ArrayLike<number>, (v) => map.get(Math.round(v)) ?? 1);
  return tensor(Float32Array.from(values));
}

/** Rows `start .. start + size` (or the rows at `indices`) of every array in `d`. */
function rows(d: unknown, start: number, size: number, indices: Int32Array | null): unknown {
  return mapStructure(d, (t) => {
    if (!(t instanceof Tensor)) return t;
    if (indices !== null) return take(t, indices.subarray(start, start + size), 0);
    if (start === 0 && size === t.shape[0]) return t;
    return slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]);
  });
}

/** Keras's `train_validation_split`: the last `split` fraction of the samples validates. */
export function trainValidationSplit(data: [unknown, unknown, unknown], split: number, n: number): { train: [unknown, unknown, unknown]; val: [unknown, unknown, unknown] } {
  if (!(split > 0 && split < 1)) throw new ValueError(`\`validation_split\` must be between 0 and 1. Received: validation_split=${split}`);
  const at = Math.floor(n * (1 - split));
  if (at === 0 || at === n) {
    throw new ValueError(
      `Training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by ` +
        `\`validation_split=${split}\`. Either provide more data, or a different value for the \`validation_split\` argument.`,
    );
  }
  const part = (s: number, size: number) => data.map((d) => (d === null ? null : rows(d, s, size, null))) as [unknown, unknown, unknown];
  return { train: part(0, at), val: part(at, n - at) };
}

/** Batches of arrays held in memory: `numBatches` per epoch, shuffled per epoch when asked. */
export class ArrayBatches {
  readonly numBatches: number;
  constructor(readonly data: [unknown, unknown, unknown], readonly numSamples: number, readonly batchSize: number, readonly shuffle: boolean) {
    this.numBatches = Math.ceil(numSamples / batchSize);
  }

  /** One epoch of `[x, y, sampleWeight]` batches (the last one partial). */
  *epoch(): Generator<[unknown, unknown, unknown]> {
    let indices: Int32Array | null = null;
    if (this.shuffle) {
      indices = Int32Array.from({ length: this.numSamples }, (_, i) => i);
      for (let i = indices.length - 1; i > 0; i--) {
        const j = Math.floor(hostRandom() * (i + 1));
        [indices[i], indices[j]] = [indices[j]!, indices[i]!];
      }
    }
    for (let b = 0; b < this.numBatches; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, this.numSamples - start);
      yield this.data.map((d) => (d === null ? null : rows(d, start, size, indices))) as [unknown, unknown, unknown];
    }
  }
}

/** A user's batch as `[x, y, sampleWeight]` (Keras's `unpack_x_y_sample_weight`), converted. */
export function unpackBatch(batch: unknown, where: string): [unknown, unknown, unknown] {
  // [x, y] / [x, y, sampleWeight] / [x]: an array of 1 to 3 arrays of samples (never of bare numbers).
  if (Array.isArray(batch) && batch.length >= 1 && batch.length <= 3 && batch.every((e) => e === null || (typeof e === "object" && e !== undefined))) {
    const [x, y = null, sw = null] = batch as unknown[];
    return [toData(x, "x"), toData(y, "y"), toData(sw, "sample_weight")];
  }
  if (isPlainObject(batch) || batch instanceof Tensor) return [toData(batch, "x"), null, null];
  throw new KerasTypeError(
    `${where}: each element of the iterable must be a batch \`[x, y]\` or \`[x, y, sampleWeight]\` (or \`x\` alone); received ${describe(batch)}`,
  );
}

/** Batches from an (async) iterable, one pass per epoch (an iterator that is its own iterable is consumed once). */
export async function* iterateSource(source: BatchSource, where: string): AsyncGenerator<[unknown, unknown, unknown]> {
  if (Symbol.asyncIterator in source) {
    for await (const b of source as AsyncIterable<unknown>) yield unpackBatch(b, where);
  } else {
    for (const b of source as Iterable<unknown>) yield unpackBatch(b, where);
  }
}

/** The number of samples in a batch: the first axis of its first input. */
export function batchSizeOf(x: unknown): number {
  const first = leaves(x)[0];
  return first === undefined ? 0 : first.shape[0] ?? 1;
}

/** One batch `[x, y, sampleWeight]` for `trainOnBatch` / `testOnBatch`: converted, class weights applied, sizes checked. */
export function batchOf(x: unknown, y: unknown, sampleWeight: unknown, classWeight: unknown): [unknown, unknown, unknown] {
  const xs = toData(x, "x");
  const ys = toData(y ?? null, "y");
  let sw = toData(sampleWeight ?? null, "sample_weight");
  if (classWeight != null) {
    if (sw !== null) throw new ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    sw = classWeightToSampleWeights(ys, classWeight);
  }
  checkCardinality(xs, ys, sw);
  return [xs, ys, sw];
}

// keras.InputSpec and the input checks a layer runs before and after build
// (Keras 3's layers/input_spec.py): same check order, same messages.
import { standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { standardizeShape } from "../variables.js";
import { checkOptions } from "../initializers/initializer.js";
import { registerBuiltin } from "../saving/object_registration.js";
import { flatten, isPlainObject } from "./structure.js";

/** Options of `new InputSpec(options)` (Keras's keyword arguments, camelCase). */
export interface InputSpecOptions {
  /** The dtype the input must have. */
  dtype?: DType | string | null;
  /** The full shape the input must have, batch axis included; null matches any size. */
  shape?: readonly (number | null)[] | null;
  /** The rank the input must have. */
  ndim?: number | null;
  /** The highest rank accepted. */
  maxNdim?: number | null;
  /** The lowest rank accepted. */
  minNdim?: number | null;
  /** Axis -> required dimension, e.g. `{ [-1]: 3 }` (keys may be strings, as in JSON). */
  axes?: Record<string | number, number | null> | Map<number, number | null> | null;
  /** Also accept one more trailing axis of size 1 on the input, or one fewer when the spec's last axis is 1. */
  allowLastAxisSqueeze?: boolean;
  /** The key of this input when inputs come as an object. */
  name?: string | null;
  /** Whether the input may be absent (null). */
  optional?: boolean;
}
const OPTION_KEYS = ["dtype", "shape", "ndim", "maxNdim", "minNdim", "axes", "allowLastAxisSqueeze", "name", "optional"];

/**
 * Specifies the rank, dtype and shape of every input to a layer. A layer
 * with an `inputSpec` checks its first input against it on each `apply`,
 * before and after `build`. A null dimension matches any size.
 *
 * @example
 * class MyLayer extends keras.Layer {
 *   constructor() { super(); this.inputSpec = new keras.InputSpec({ ndim: 2, axes: { [-1]: 3 } }); }
 *   call(x) { return x; }
 * }
 * new MyLayer().apply(keras.ops.ones([2, 3, 4])); // ValueError: ... expected ndim=2, found ndim=3 ...
 */
export class InputSpec {
  /** The required dtype, or null. */
  readonly dtype: DType | null;
  /** The required shape, or null. */
  readonly shape: (number | null)[] | null;
  /** The required rank (from `ndim` or `shape`), or null. */
  readonly ndim: number | null;
  /** The highest rank accepted, or null. */
  readonly maxNdim: number | null;
  /** The lowest rank accepted, or null. */
  readonly minNdim: number | null;
  /** The key of this input when inputs come as an object, or null. */
  readonly name: string | null;
  /** Whether the input may be absent. */
  readonly optional: boolean;
  /** Whether a trailing axis of size 1 may be added or dropped. */
  readonly allowLastAxisSqueeze: boolean;
  /** Axis -> dimension, keys as integers (entries in the order given). */
  readonly axes: Map<number, number | null>;

  constructor(options: InputSpecOptions = {}) {
    if (!isPlainObject(options as unknown)) throw new KerasTypeError(`InputSpec: expected an options object; received ${describe(options)}`);
    checkOptions("InputSpec", options, OPTION_KEYS);
    this.dtype = options.dtype == null ? null : standardizeDtype(options.dtype, "InputSpec dtype");
    if (options.shape != null) {
      this.shape = standardizeShape(options.shape);
      this.ndim = this.shape.length;
    } else {
      this.shape = null;
      this.ndim = options.ndim ?? null;
    }
    this.maxNdim = options.maxNdim ?? null;
    this.minNdim = options.minNdim ?? null;
    this.name = options.name ?? null;
    this.optional = options.optional ?? false;
    this.allowLastAxisSqueeze = options.allowLastAxisSqueeze ?? false;
    this.axes = new Map();
    const entries = options.axes instanceof Map ? [...options.axes.entries()] : Object.entries(options.axes ?? {});
    for (const [k, v] of entries) {
      const axis = typeof k === "number" ? k : /^-?\d+$/.test(k) ? Number(k) : NaN;
      if (!Number.isInteger(axis)) {
        throw new KerasTypeError(`Argument \`axes\` must be a dict with integer keys. Received: axes=${describeAxes(entries)}`);
      }
      this.axes.set(axis, v);
    }
    if (this.axes.size > 0 && (this.ndim !== null || this.maxNdim !== null)) {
      const maxDim = (this.ndim ? this.ndim : this.maxNdim!) - 1;
      const maxAxis = Math.max(...this.axes.keys());
      if (maxAxis > maxDim) throw new ValueError(`Axis ${maxAxis} is greater than the maximum allowed value: ${maxDim}`);
    }
  }

  /** `InputSpec(ndim=2, axes={-1: 3})`, as Keras prints it. */
  toString(): string {
    const parts = [
      this.dtype ? `dtype=${this.dtype}` : "",
      this.shape ? `shape=${formatShape(this.shape)}` : "",
      this.ndim ? `ndim=${this.ndim}` : "",
      this.maxNdim ? `max_ndim=${this.maxNdim}` : "",
      this.minNdim ? `min_ndim=${this.minNdim}` : "",
      this.axes.size ? `axes=${describeAxes([...this.axes.entries()])}` : "",
    ];
    return `InputSpec(${parts.filter((p) => p).join(", ")})`;
  }

  /** Keras's keys in Keras's order; `axes` keys become strings, as in JSON. */
  getConfig(): Record<string, unknown> {
    return {
      dtype: this.dtype,
      shape: this.shape === null ? null : this.shape.slice(),
      ndim: this.ndim,
      maxNdim: this.maxNdim,
      minNdim: this.minNdim,
      axes: Object.fromEntries([...this.axes.entries()].map(([k, v]) => [String(k), v])),
      optional: this.optional,
    };
  }

  /** Rebuilds a spec from `getConfig()`'s output. */
  static fromConfig(config: Record<string, unknown>): InputSpec {
    return new InputSpec(config as InputSpecOptions);
  }
}
registerBuiltin(InputSpec, "keras.layers", ["InputSpec"]);
registerBuiltin(InputSpec, "keras", ["InputSpec"]);

const describeAxes = (entries: [string | number, unknown][]): string =>
  `{${entries.map(([k, v]) => `${typeof k === "string" && !/^-?\d+$/.test(k) ? `'${k}'` : k}: ${v === null ? "None" : String(v)}`).join(", ")}}`;

const hasShape = (x: unknown): x is { shape: readonly (number | null)[]; dtype?: string } =>
  x !== null && typeof x === "object" && Array.isArray((x as { shape?: unknown }).shape);

/** Python's repr of a list of strings: `['a', 'b']`. */
const pyList = (xs: readonly unknown[]): string => `[${xs.map((x) => (typeof x === "string" ? `'${x}'` : String(x))).join(", ")}]`;

/** Checks one input against one spec (Keras's `_check_input_spec`). */
function checkOne(spec: InputSpec, x: unknown, index: number, layerName: string): void {
  if (!hasShape(x)) {
    throw new ValueError(`Inputs to a layer should be tensors. Got '${describe(x)}' (of type ${typeof x}) as input for layer '${layerName}'.`);
  }
  let shape = standardizeShape(x.shape);
  const ndim = shape.length;
  // Built only when an error is thrown (this runs on every layer call).
  const head = (): string => `Input ${index}${spec.name ? ` with name '${spec.name}'` : ""} of layer "${layerName}" is incompatible with the layer: `;
  if (spec.ndim !== null && !spec.allowLastAxisSqueeze && ndim !== spec.ndim) {
    throw new ValueError(`${head()}expected ndim=${spec.ndim}, found ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
  }
  if (spec.maxNdim !== null && ndim > spec.maxNdim) {
    throw new ValueError(`${head()}expected max_ndim=${spec.maxNdim}, found ndim=${ndim}`);
  }
  if (spec.minNdim !== null && ndim < spec.minNdim) {
    throw new ValueError(`${head()}expected min_ndim=${spec.minNdim}, found ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
  }
  if (spec.dtype !== null) {
    const dtype = standardizeDtype(x.dtype);
    if (dtype !== spec.dtype) throw new ValueError(`${head()}expected dtype=${spec.dtype}, found dtype=${dtype}`);
  }
  for (const [axis, value] of spec.axes) {
    if (value === null) continue;
    if (axis < -ndim || axis >= ndim) {
      throw new ValueError(`${head()}axis ${axis} is out of bounds for an input with ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
    }
    const d = shape[axis < 0 ? ndim + axis : axis];
    if (d !== value && d !== null) {
      throw new ValueError(`${head()}expected axis ${axis} of input shape to have value ${value}, but received input with shape ${formatShape(shape)}`);
    }
  }
  if (spec.shape !== null) {
    let specShape = spec.shape;
    if (spec.allowLastAxisSqueeze) {
      if (shape.length === specShape.length + 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
      else if (specShape.length === shape.length + 1 && specShape[specShape.length - 1] === 1) specShape = specShape.slice(0, -1);
    }
    const n = Math.min(specShape.length, shape.length);
    for (let i = 0; i < n; i++) {
      const s = specShape[i]!;
      const d = shape[i]!;
      if (s !== null && d !== null && s !== d) {
        throw new ValueError(`${head()}expected shape=${formatShape(spec.shape)}, found shape=${formatShape(shape)}`);
      }
    }
  }
}

/**
 * Keras's `assert_input_compatibility`: checks `inputs` (a tensor, or a
 * nested structure of tensors; anything with a `shape`) against the spec(s).
 * A dict of inputs is matched to the specs by their names when all have one.
 *
 * @example
 * const spec = new keras.InputSpec({ ndim: 2 });
 * keras.layers.assertInputCompatibility(spec, ops.ones([2, 3]), "dense"); // undefined (compatible)
 * keras.layers.assertInputCompatibility(spec, ops.ones([3]), "dense"); // ValueError: ... expected ndim=2, found ndim=1
 */
export function assertInputCompatibility(inputSpec: unknown, inputs: unknown, layerName: string): void {
  if (inputSpec === null || inputSpec === undefined) return;
  if (Array.isArray(inputSpec) && inputSpec.length === 0) return;
  const nested = Array.isArray(inputs) || isPlainObject(inputs);
  if (inputSpec instanceof InputSpec && !nested) {
    if ((inputs === null || inputs === undefined) && inputSpec.optional) return;
    checkOne(inputSpec, inputs, 0, layerName);
    return;
  }
  const specs = flatten(inputSpec) as (InputSpec | null)[];
  let list: unknown = inputs;
  if (isPlainObject(inputs)) {
    const names = specs.map((s) => s?.name ?? null);
    if (names.every((n) => n)) {
      list = names.map((n) => {
        if (!Object.hasOwn(inputs, n!)) {
          throw new ValueError(
            `Missing data for input "${n}". You passed a data dictionary with keys ${pyList(Object.keys(inputs))}. ` +
              `Expected the following keys: ${pyList(names)}`,
          );
        }
        return inputs[n!];
      });
    }
  }
  const flat = flatten(list);
  if (flat.length !== specs.length) {
    const names = specs.filter((s) => s !== null).map((s) => s!.name);
    if (names.length === specs.length && names.every((n) => n)) {
      throw new ValueError(
        `Layer "${layerName}" expects ${specs.length} named input(s) with keys ${pyList(names)}, but it received ` +
          `${flat.length} input tensors. Pass inputs as a dict, e.g. \`layer.apply({${names.map((n) => `${n}: ...`).join(", ")}})\`.`,
      );
    }
    throw new ValueError(
      `Layer "${layerName}" expects ${specs.length} input(s), but it received ${flat.length} input tensors. ` +
        `Inputs received: ${describe(flat)}`,
    );
  }
  flat.forEach((x, i) => {
    const spec = specs[i];
    if (spec === null || spec === undefined) return;
    if ((x === null || x === undefined) && spec.optional) return;
    checkOne(spec, x, i, layerName);
  });
}

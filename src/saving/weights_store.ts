// Keras 3's saving_lib state walk (`_save_state` / `_load_state`,
// `_walk_saveable`, `_save_container_state`): which HDF5 group holds which
// variables. Every layer and optimizer gets `<path>/vars` with a `name`
// attribute and its own variables as datasets "0", "1", ...; the walk goes
// through a Sequential's or Functional's `layers` first, then through the
// object's other attributes in sorted order (private `_x` ones last), and a
// list's members are keyed by snake_case class name plus a counter
// (`dense`, `dense_1`), never by the layer's name.
//
// Loading validates everything (each group, count, shape, dtype) before a
// single variable is assigned, so a bad file leaves the model untouched.
import { NotImplementedError, ValueError } from "../errors.js";
import { Layer } from "../layers/layer.js";
import { Optimizer } from "../optimizers/base_optimizer.js";
import { Variable } from "../variables.js";
import { Tensor } from "../tensor.js";
import { fromData, tensor } from "../ops/convert.js";
import { f16ToNumber } from "../backend/reference/half.js";
import { toSnakeCase } from "../utils/naming.js";
import type { DType } from "../dtypes.js";
import { builtinNameOf, classNameOf } from "./object_registration.js";
import { camelToSnake } from "./serialization.js";
import type { H5Dataset, H5Dtype, H5Group } from "./h5/tree.js";

type Saveable = Layer | Optimizer;
const isSaveable = (x: unknown): x is Saveable => x instanceof Layer || x instanceof Optimizer;

/** A group being written: the tree's shape with mutable members. */
interface MutableGroup extends H5Group {
  readonly children: Map<string, MutableGroup | H5Dataset>;
  readonly attrs: Record<string, string>;
}
const newGroup = (attrs: Record<string, string> = {}): MutableGroup => ({ kind: "group", children: new Map(), attrs });

const hasBuiltinAncestor = (obj: object, className: string): boolean => {
  for (let p = Object.getPrototypeOf(obj); p !== null; p = Object.getPrototypeOf(p)) {
    if (builtinNameOf(p.constructor)?.className === className) return true;
  }
  return false;
};

/** Property names along the prototype chain, stopping before `stop`. */
function namesBefore(obj: object, stop: object | null): Set<string> {
  const out = new Set<string>();
  for (let p: object | null = obj; p !== null && p !== stop && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) out.add(k);
  }
  return out;
}

let layerSkip: Set<string> | null = null;
let optimizerSkip: Set<string> | null = null;
/** Keras's `get_attr_skipset`: what a bare Layer / Optimizer already has (its `dir()`). */
function skipSet(s: Saveable): Set<string> {
  if (s instanceof Layer) {
    // A bare Layer's only own string key is `build` (its state lives under symbols).
    layerSkip ??= new Set([...namesBefore(Layer.prototype, null), "build", "constructor"]);
    return layerSkip;
  }
  optimizerSkip ??= new Set([...namesBefore(Optimizer.prototype, null), "constructor", "variables"]);
  return optimizerSkip;
}

/** `_name_key`: private attributes are visited last. */
const nameKey = (n: string): string => (n.startsWith("_") ? `~${n}` : n);

/** `_walk_saveable`: [attribute path, value] pairs (values read lazily; a getter that throws is skipped). */
function* walkSaveable(s: Saveable): Generator<[string, unknown]> {
  const functional = s instanceof Layer && "_graph" in s;
  const sequential = s instanceof Layer && hasBuiltinAncestor(s, "Sequential");
  if (functional || sequential) yield ["layers", (s as unknown as { layers: Layer[] }).layers];
  const skip = skipSet(s);
  const extraSkip = functional ? ["operations", "_operations"] : sequential ? ["_functional"] : [];
  // JS attribute names are camelCase; Keras's are snake_case (`innerOptimizer` is `inner_optimizer`).
  const names = [...namesBefore(s, null)]
    .filter((n) => !n.startsWith("__") && !skip.has(n) && !extraSkip.includes(n))
    .map((n) => [camelToSnake(n), n] as const)
    .sort(([a], [b]) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : 0));
  for (const [key, n] of names) {
    let v: unknown;
    try {
      v = (s as unknown as Record<string, unknown>)[n];
    } catch {
      continue;
    }
    if (typeof v !== "function") yield [key, v];
  }
}

const join = (a: string, b: string): string => (a === "" ? b : `${a}/${b}`);

/** The saveables of a container (array, plain object, Map, Set) with their `_save_container_state` keys. */
function containerMembers(container: unknown): [string, Saveable][] {
  let items: unknown[];
  if (Array.isArray(container)) items = container;
  else if (container instanceof Map || container instanceof Set) items = [...container.values()];
  else if (container !== null && typeof container === "object" && Object.getPrototypeOf(container) === Object.prototype) items = Object.values(container);
  else return [];
  const used = new Map<string, number>();
  const out: [string, Saveable][] = [];
  for (const item of items) {
    if (!isSaveable(item)) continue;
    let name = toSnakeCase(classNameOf(item.constructor));
    const n = used.get(name);
    used.set(name, n === undefined ? 0 : n + 1);
    if (n !== undefined) name = `${name}_${n + 1}`;
    out.push([name, item]);
  }
  return out;
}

/** Every saveable under `root`, with its path, in Keras's visiting order (each once). */
export function saveablePaths(root: Saveable): [string, Saveable][] {
  const out: [string, Saveable][] = [];
  const visited = new Set<Saveable>();
  const visit = (s: Saveable, path: string): void => {
    if (visited.has(s)) return;
    visited.add(s);
    out.push([path, s]);
    for (const [attr, child] of walkSaveable(s)) {
      if (isSaveable(child)) visit(child, join(path, attr));
      else for (const [key, member] of containerMembers(child)) visit(member, join(join(path, attr), key));
    }
  };
  visit(root, "");
  return out;
}

/** The variables `save_own_variables` writes: a layer's own (trainable, then not); an optimizer's all. */
function ownVariables(s: Saveable): Variable[] {
  if (s instanceof Optimizer) return s.variables;
  return [...s._trainableVariables, ...s._nonTrainableVariables];
}

const H5_OF: Partial<Record<DType, H5Dtype>> = { float32: "float32", float64: "float64", float16: "float16", int32: "int32", bool: "bool" };

function datasetOf(v: Variable, asInt64: boolean): H5Dataset {
  const value = v.value;
  const shape = value.shape;
  if (asInt64) {
    const src = value.data;
    return { kind: "dataset", shape, dtype: "int64", data: BigInt64Array.from(src as ArrayLike<number>, (x) => BigInt(x)), attrs: {} };
  }
  const dtype = H5_OF[value.dtype];
  if (dtype === undefined) {
    throw new NotImplementedError(`Saving weights: variable '${v.path}' has dtype ${value.dtype}, which keras-wasm cannot write to HDF5 yet.`);
  }
  const src = value.data;
  const data = dtype === "bool" ? Uint8Array.from(src as ArrayLike<number>) : (src as Float32Array).slice();
  return { kind: "dataset", shape, dtype, data, attrs: {} };
}

/** The weights tree Keras writes for `root` (`model.weights.h5` / `.weights.h5`). */
export function saveState(root: Saveable): H5Group {
  const file = newGroup();
  for (const [path, s] of saveablePaths(root)) {
    let parent = file;
    for (const part of path === "" ? [] : path.split("/")) {
      let next = parent.children.get(part);
      if (next === undefined || next.kind !== "group") parent.children.set(part, (next = newGroup()));
      parent = next;
    }
    const vars = newGroup(typeof s.name === "string" ? { name: s.name } : {});
    parent.children.set("vars", vars);
    // Keras's optimizer counters (`iteration`, LossScaleOptimizer's `step_counter`) have dtype "int",
    // written as int64 (TensorFlow's choice; ours count in int32).
    ownVariables(s).forEach((v, i) => vars.children.set(String(i), datasetOf(v, s instanceof Optimizer && v.dtype === "int32")));
  }
  return file;
}

/** `<path>/vars` in `file`, or null when the file has none (Keras reads that as an empty store). */
function varsGroup(file: H5Group, path: string): H5Group | null {
  let g: H5Group | H5Dataset | undefined = file;
  for (const part of [...(path === "" ? [] : path.split("/")), "vars"]) {
    g = g.kind === "group" ? g.children.get(part) : undefined;
    if (g === undefined) return null;
  }
  return g.kind === "group" ? g : null;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const fmt = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** The dataset's elements as a tensor of the variable's dtype (made only after every check passed). */
function valueFor(v: Variable, ds: H5Dataset): Tensor {
  const shape = ds.shape.slice();
  // Same element type: the raw elements (float16 as its bits).
  if (ds.dtype === v.dtype && (ds.dtype === "float32" || ds.dtype === "int32" || ds.dtype === "float16" || ds.dtype === "float64")) {
    return fromData((ds.data as Float32Array).slice(), shape, v.dtype);
  }
  // Otherwise through numbers (int64 counters, float64 weights, ...), cast as `tensor` casts.
  const n = ds.data.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = ds.data[i]!;
    values[i] = ds.dtype === "float16" ? f16ToNumber(x as number) : Number(x);
  }
  return tensor(values, shape, v.dtype);
}

const NUMERIC = new Set<H5Dtype>(["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "bool"]);

/** One checked assignment. */
interface Planned { variable: Variable; dataset: H5Dataset }

/**
 * `_load_state`: reads `file` into `root`'s variables. Every group, count,
 * shape and dtype is checked first; only then is anything assigned.
 * `where` names the file in messages (`model.weights.h5`).
 */
export function loadState(root: Saveable, file: H5Group, where: string): void {
  const plan: Planned[] = [];
  const errors: string[] = [];
  for (const [path, s] of saveablePaths(root)) {
    const vars = ownVariables(s);
    const group = varsGroup(file, path);
    const h5Path = `/${join(path, "vars")}`;
    const keys = group === null ? [] : [...group.children.keys()];
    if (keys.length !== vars.length) {
      if (s instanceof Optimizer) {
        // Keras warns and skips the optimizer (it may not have been built yet).
        console.warn(
          `Skipping variable loading for optimizer '${s.name}', because it has ${vars.length} variables whereas the saved optimizer has ${keys.length} variables.`,
        );
        continue;
      }
      errors.push(
        `Layer '${s.name}' expected ${vars.length} variables, but received ${keys.length} variables during loading ` +
          `(${where}: ${h5Path}${group === null ? " is missing" : ""}). Expected: [${vars.map((v) => `'${v.name}'`).join(", ")}]`,
      );
      continue;
    }
    vars.forEach((v, i) => {
      const ds = group!.children.get(String(i));
      const at = `${where}: ${h5Path}/${i}`;
      if (ds === undefined || ds.kind !== "dataset") errors.push(`${at}: missing weight for variable '${v.path}'`);
      else if (!sameShape(ds.shape, v.shape)) {
        errors.push(`${at}: the shape of variable '${v.path}' is ${fmt(v.shape)} but the file holds ${fmt(ds.shape)}`);
      } else if (!NUMERIC.has(ds.dtype)) errors.push(`${at}: unsupported dataset dtype ${String(ds.dtype)}`);
      else plan.push({ variable: v, dataset: ds });
    });
  }
  if (errors.length > 0) {
    throw new ValueError(`A total of ${errors.length} weights could not be loaded; nothing was loaded. ${errors.slice(0, 5).join("; ")}${errors.length > 5 ? "; ..." : ""}`);
  }
  const values = plan.map(({ variable, dataset }) => valueFor(variable, dataset));
  plan.forEach(({ variable }, i) => variable.assign(values[i]!));
}

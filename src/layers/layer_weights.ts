// A layer's weights, losses and config (the state half of Keras's layer.py).
import { standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { escape } from "../backend/memory.js";
import { tensor } from "../ops/convert.js";
import { Variable, standardizeShape, type Aggregation, type VariableInitializer } from "../variables.js";
import { get as getInitializer } from "../initializers/index.js";
import { get as getRegularizer, type Regularizer } from "../regularizers/index.js";
import { get as getConstraint } from "../constraints/index.js";
import { checkBoolean, checkKeywords } from "./validation.js";
import { openScope } from "./call_context.js";
import { flatten, isPlainObject } from "./structure.js";
import { stateOf, stores, type LayerHandle as Layer, type Penalty } from "./layer_state.js";

/** Options of `layer.addWeight(options)` (Keras's `add_weight` keyword arguments, camelCase). */
export interface AddWeightOptions {
  /** The weight's shape (default `[]`, a scalar). */
  shape?: readonly number[] | null;
  /** `"glorot_uniform"` for float dtypes and `"zeros"` otherwise, by default; any initializer, name or function. */
  initializer?: VariableInitializer | null;
  /** The weight's dtype (default: the layer's variable dtype). */
  dtype?: DType | string | null;
  /** Whether gradients update it (default true). */
  trainable?: boolean;
  /** Whether the layer reads it in its compute dtype under mixed precision (default true). */
  autocast?: boolean;
  /** A regularizer (object, name or JSON) whose penalty of the weight joins the layer's `losses`. */
  regularizer?: unknown;
  /** A constraint (object, name or JSON) applied after each optimizer update. */
  constraint?: unknown;
  /** How replicas' values combine (default `"none"`). */
  aggregation?: Aggregation | null;
  /** Whether an optimizer overwrites it with its gradient (default false). */
  overwriteWithGradient?: boolean;
  /** The weight's name; its path is `<layer path>/<name>`. */
  name?: string | null;
}
const ADD_WEIGHT_KEYS: ReadonlySet<string> = new Set([
  "shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint", "aggregation", "overwriteWithGradient", "name",
]);

/** Runs `fn`; an error from it is re-thrown (same class) with the layer and weight it concerns in front. */
function forWeight<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !e.message.startsWith(where)) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

/** Keras's `add_weight`. */
export function addWeight(layer: Layer, options: AddWeightOptions): Variable {
  const s = stateOf(layer);
  const where = `addWeight on layer '${s.name}'`;
  if (!isPlainObject(options as unknown)) throw new KerasTypeError(`${where}: expected an options object; received ${describe(options)}`);
  checkKeywords(options, ADD_WEIGHT_KEYS, where, "type", false);
  if (s.tracker.locked) throw new ValueError(s.tracker.lockMessage);
  const at = `${where}, weight '${options.name ?? "(unnamed)"}'`;
  const trainable = options.trainable ?? true;
  const autocast = options.autocast ?? true;
  const overwrite = options.overwriteWithGradient ?? false;
  const { shape, dtype, init, regularizer, constraint } = forWeight(at, () => {
    checkBoolean("trainable", trainable, "addWeight");
    checkBoolean("autocast", autocast, "addWeight");
    checkBoolean("overwriteWithGradient", overwrite, "addWeight");
    const dtype = options.dtype != null ? standardizeDtype(options.dtype) : layer.variableDtype;
    return {
      shape: standardizeShape(options.shape ?? []) as number[],
      dtype,
      init: getInitializer(options.initializer ?? (dtype.includes("float") ? "glorot_uniform" : "zeros")),
      regularizer: getRegularizer(options.regularizer ?? null),
      constraint: getConstraint(options.constraint ?? null),
    };
  });
  const variable = forWeight(at, () => openScope(layer, s.name, () =>
    new Variable(init!, {
      shape, dtype, trainable, autocast, aggregation: options.aggregation ?? "none", name: options.name ?? null,
    }), s.parentPath));
  variable.regularizer = regularizer as Penalty | null;
  variable.constraint = constraint;
  variable.overwriteWithGradient = overwrite;
  s.tracker.add(variable);
  if (!s.trainable) variable.trainable = false;
  return variable;
}

const dedupe = <T>(xs: T[]): T[] => [...new Set(xs)];
const ownWeights = (l: Layer): Variable[] => { const t = stores(l); return [...t.trainable, ...t.nonTrainable]; };

// Every layer of the tree is visited once through `_flattenLayers` (as
// Keras's `_flatten_layers`), so a sub-layer holding a reference back to its
// parent (a cycle) cannot recurse forever.

/** Own trainable-created, own non-trainable-created, then sub-layers' weights (depth first), once each. */
export function weights(layer: Layer): Variable[] {
  return dedupe(layer._flattenLayers().flatMap(ownWeights));
}

/** `weights` plus the seed generators' state variables, layer by layer. */
export function variables(layer: Layer): Variable[] {
  return dedupe(layer._flattenLayers().flatMap((l) => [
    ...ownWeights(l), ...(stores(l).seedGenerators as { state: Variable }[]).map((g) => g.state),
  ]));
}

export function countParams(layer: Layer): number {
  if (!layer.built) {
    throw new ValueError(
      `You tried to call \`countParams\` on layer '${layer.name}', but the layer isn't built. ` +
        "You can build it manually via: `layer.build(inputShape)`.",
    );
  }
  return weights(layer).reduce((n, v) => n + v.shape.reduce((a, d) => a * d, 1), 0);
}

export function getWeights(layer: Layer): Tensor[] {
  return layer.weights.map((v) => tensor(v.value));
}

/** Keras's `set_weights`, all or nothing: every value is converted and checked before any assignment. */
export function setWeights(layer: Layer, values: readonly unknown[]): void {
  const ws = layer.weights;
  if (!Array.isArray(values)) {
    throw new KerasTypeError(`setWeights on layer '${layer.name}': expected an array of weight values; received ${describe(values)}`);
  }
  if (values.length !== ws.length) {
    throw new ValueError(
      `You called \`setWeights(weights)\` on layer '${layer.name}' with a weight list of length ${values.length}, ` +
        `but the layer was expecting ${ws.length} weights.`,
    );
  }
  const converted = ws.map((v, i) => {
    const raw = values[i];
    const flat = ArrayBuffer.isView(raw) && (raw as unknown as ArrayLike<number>).length === v.shape.reduce((a, d) => a * d, 1);
    let t: Tensor;
    try {
      t = raw instanceof Variable ? raw.value : tensor(raw as never, flat ? v.shape : null, v.dtype);
    } catch (e) {
      throw new ValueError(`setWeights on layer '${layer.name}': weight ${i} ('${v.path}') could not be converted: ${(e as Error).message}`);
    }
    if (t.shape.length !== v.shape.length || t.shape.some((d, j) => d !== v.shape[j])) {
      throw new ValueError(
        `Layer ${layer.name} weight shape ${formatShape(v.shape)} is not compatible with provided weight shape ` +
          `${formatShape(t.shape)} (weight ${i}, '${v.path}').`,
      );
    }
    return t;
  });
  ws.forEach((v, i) => v.assign(converted[i]!));
}

const penalty = (reg: Penalty, x: Tensor): Tensor => {
  const out = typeof reg === "function" ? reg(x) : (reg as Regularizer).apply(x);
  return out instanceof Tensor ? out : tensor(out);
};

/** Keras's `losses`: own, sub-layers' (flattened), then trainable weights' regularizer terms. */
export function losses(layer: Layer): Tensor[] {
  const out = [...stateOf(layer).losses];
  for (const l of layer._flattenLayers(false)) out.push(...stateOf(l).losses);
  for (const v of layer.trainableWeights) if (v.regularizer) out.push(penalty(v.regularizer as Penalty, v.value));
  return out;
}

/** The activity-regularizer penalty of one output. */
export const activityPenalty = penalty;

export function addLoss(layer: Layer, loss: unknown): void {
  const items = flatten(loss).map((x) => {
    if (x instanceof Tensor) return x;
    if (typeof x === "number") return tensor(x);
    throw new ValueError(
      `\`addLoss()\` can only be called from inside \`build()\` or \`call()\`, on a tensor input. Received invalid value: ${describe(x)} (layer '${layer.name}')`,
    );
  });
  // Losses outlive a valueAndGrad scope they were added in (layer.losses may be read after it).
  for (const t of items) escape(t.storage);
  const s = stateOf(layer);
  if (s.losses.length === 0 && items.length > 0) holders++;
  s.losses.push(...items);
}

// How many layers hold added losses (an upper bound: a layer dropped while
// holding some still counts). While it is 0, the common case (no activity
// regularizer, no addLoss in call), the outermost call of a layer has
// nothing to clear and skips walking the layer tree.
let holders = 0;

/** Replaces a layer's added losses (returns the old ones), keeping `holders` right. */
export function swapLosses(layer: Layer, next: Tensor[]): Tensor[] {
  const s = stateOf(layer);
  const old = s.losses;
  holders += (next.length > 0 ? 1 : 0) - (old.length > 0 ? 1 : 0);
  s.losses = next;
  return old;
}

export function clearLosses(layer: Layer): void {
  if (holders > 0) for (const l of layer._flattenLayers()) swapLosses(l, []);
}

/** Keras's `build_from_config`. */
export function buildFromConfig(layer: Layer, config: Record<string, unknown> | null, names: readonly string[]): void {
  if (!config) return;
  if (Object.hasOwn(config, "inputShape")) layer.build(config.inputShape);
  else if (isPlainObject(config.shapesDict)) {
    const d = config.shapesDict;
    layer.build(...names.map((n) => d[n] ?? d[n.replace(/Shape$/, "_shape")] ?? null));
  }
}

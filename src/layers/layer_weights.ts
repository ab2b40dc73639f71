// A layer's weights, losses and config (the state half of Keras's layer.py).
import { standardizeDtype, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import { Variable, type Aggregation, type VariableInitializer } from "../variables.js";
import { get as getInitializer } from "../initializers/index.js";
import { get as getRegularizer, serialize as serializeRegularizer, type Regularizer } from "../regularizers/index.js";
import { get as getConstraint } from "../constraints/index.js";
import { checkOptions } from "../initializers/initializer.js";
import { openScope } from "./call_context.js";
import { serializeDtypePolicy } from "./dtype_hook.js";
import { flatten, isPlainObject } from "./structure.js";
import { stateOf, type Penalty } from "./layer_state.js";
import type { Layer } from "./layer.js";

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
const ADD_WEIGHT_KEYS = [
  "shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint", "aggregation", "overwriteWithGradient", "name",
];

/** Keras's `add_weight`. */
export function addWeight(layer: Layer, options: AddWeightOptions): Variable {
  const s = stateOf(layer);
  if (!isPlainObject(options as unknown)) throw new KerasTypeError(`addWeight on layer '${s.name}': expected an options object; received ${describe(options)}`);
  checkOptions(`addWeight on layer '${s.name}'`, options, ADD_WEIGHT_KEYS);
  if (s.tracker.locked) throw new ValueError(s.tracker.lockMessage);
  const dtype = options.dtype != null ? standardizeDtype(options.dtype) : layer.variableDtype;
  const init = getInitializer(options.initializer ?? (dtype.includes("float") ? "glorot_uniform" : "zeros"));
  const regularizer = getRegularizer(options.regularizer ?? null);
  const constraint = getConstraint(options.constraint ?? null);
  const variable = openScope(layer, s.name, () =>
    new Variable(init!, {
      shape: options.shape ?? [], dtype, trainable: options.trainable ?? true, autocast: options.autocast ?? true,
      aggregation: options.aggregation ?? "none", name: options.name ?? null,
    }), s.parentPath);
  variable.regularizer = regularizer as Penalty | null;
  variable.constraint = constraint;
  variable.overwriteWithGradient = options.overwriteWithGradient ?? false;
  s.tracker.add(variable);
  if (!s.trainable) variable.trainable = false;
  return variable;
}

const dedupe = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Own trainable-created, own non-trainable-created, then sub-layers' weights, once each. */
export function weights(layer: Layer): Variable[] {
  return dedupe([...layer._trainableVariables, ...layer._nonTrainableVariables, ...layer._layers.flatMap((l) => l.weights)]);
}

/** `weights` plus the seed generators' state variables. */
export function variables(layer: Layer): Variable[] {
  const own = dedupe([...layer._trainableVariables, ...layer._nonTrainableVariables]);
  const seeds = (layer._seedGenerators as { state: Variable }[]).map((g) => g.state);
  return [...own, ...seeds, ...layer._layers.flatMap((l) => l.variables).filter((v) => !own.includes(v))];
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
  stateOf(layer).losses.push(...items);
}

export function clearLosses(layer: Layer): void {
  stateOf(layer).losses = [];
  for (const l of layer._layers) l._clearLosses();
}

/** Keras's `get_config` (with the bare Layer's auto-config keys). */
export function getConfig(layer: Layer): Record<string, unknown> {
  const s = stateOf(layer);
  // The bare Layer (not a subclass) has Keras's auto-config: also activityRegularizer and autocast.
  const bare = Object.getPrototypeOf(Object.getPrototypeOf(layer)) === Object.prototype;
  const config: Record<string, unknown> = { name: s.name };
  if (bare) config.activityRegularizer = null;
  config.trainable = s.trainable;
  config.dtype = serializeDtypePolicy(s.policy);
  if (s.activityRegularizer !== null) config.activityRegularizer = serializeRegularizer(s.activityRegularizer as Regularizer);
  if (bare) config.autocast = s.autocast;
  return config;
}

/** Keras's `Operation.from_config`: the constructor gets the config as its options. */
export function fromConfig(cls: new (options?: unknown) => Layer, config: Record<string, unknown>): Layer {
  if (!isPlainObject(config)) throw new KerasTypeError(`${cls.name}.fromConfig: expected a config object; received ${describe(config)}`);
  try {
    return new cls({ ...config });
  } catch (e) {
    const err = e as Error;
    err.message = `Error when deserializing class '${cls.name}' using config=${JSON.stringify(config)}.\n\nException encountered: ${err.message}`;
    throw err;
  }
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

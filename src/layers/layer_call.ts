// Calling a layer (Keras's Layer.__call__, stateless_call and
// compute_output_spec): input conversion and checks, build on first call,
// training and mask resolution, activity regularization, output masks.
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import { cast } from "../ops/core.js";
import { divide } from "../ops/elementwise.js";
import { zerosLike } from "../ops/creation.js";
import { withoutKernels } from "../backend/exec.js";
import { KerasTensor } from "../symbolic/keras_tensor.js";
import { outputSpec, placeholders } from "../symbolic/symbolic_call.js";
import { Variable } from "../variables.js";
import { isFloat, standardizeDtype } from "../dtypes.js";
import { AutocastScope, getAutocastScope, withAutocastScope } from "../autocast_scope.js";
import { assertInputCompatibility } from "./input_spec.js";
import { enterCallContext, exitCallContext } from "./call_context.js";
import { getKerasMask, setKerasMask } from "./masking.js";
import { flatten, isPlainObject, mapShapeStructure, mapStructure } from "./structure.js";
import { layerScope, stateOf, type CallOptions, type LayerHandle as Layer } from "./layer_state.js";
import { activityPenalty, clearLosses, swapLosses } from "./layer_weights.js";

/** A shape-and-dtype description of a tensor (what `computeOutputSpec` returns). */
export interface TensorSpec {
  /** The shape; null for a dimension not known in advance (the batch). */
  shape: (number | null)[];
  /** The dtype name. */
  dtype: string;
}

const INJECTED = Symbol("keras.callInfoInjected");

const isNumeric = (x: unknown): boolean =>
  typeof x === "number" || typeof x === "boolean" || (Array.isArray(x) && x.every(isNumeric));

/**
 * Keras's `DTypePolicy.convert_input`: with `autocast` on, a float tensor
 * is cast to the layer's input (compute) dtype; ints and bools never are.
 * An attached mask is kept.
 */
function autocastInput(layer: Layer, t: Tensor): Tensor {
  if (!layer.autocast || !isFloat(t.dtype)) return t;
  const want = layer.inputDtype;
  if (want === t.dtype) return t; // a tensor's dtype is a standard name: nothing to standardize
  const to = standardizeDtype(want, `layer '${layer.name}': input dtype`);
  if (to === t.dtype) return t;
  const y = cast(t, to);
  const mask = getKerasMask(t);
  if (mask !== null) setKerasMask(y, mask);
  return y;
}

/** Keras's input conversion: arrays and numbers become tensors, floats are autocast; structures are mapped. */
export function convertInputs(layer: Layer, x: unknown): unknown {
  if (x === null || x === undefined) return x;
  if (x instanceof Tensor) return autocastInput(layer, x);
  if (x instanceof Variable) return autocastInput(layer, x.value);
  if (ArrayBuffer.isView(x) || isNumeric(x)) return autocastInput(layer, tensor(x as never));
  if (Array.isArray(x)) return x.map((e) => convertInputs(layer, e));
  if (isPlainObject(x)) return Object.fromEntries(Object.keys(x).map((k) => [k, convertInputs(layer, x[k])]));
  throw new ValueError(
    "Only input tensors may be passed as positional arguments. The following argument value should be passed " +
      `as a keyword argument: ${describe(x)} (of type ${typeof x}) (layer '${layer.name}')`,
  );
}

const shapesOf = (x: unknown): unknown => mapStructure(x, (t) => (t === null || t === undefined ? null : (t as { shape: (number | null)[] }).shape.slice()));

/** The parameter names of the layer's own `build` (or `static buildArgNames`). */
export function buildParamNames(layer: Layer): string[] {
  const declared = (layer.constructor as { buildArgNames?: readonly string[] }).buildArgNames;
  return declared ? [...declared] : paramNames(stateOf(layer).userBuild);
}

function paramNames(fn: (...a: never[]) => unknown): string[] {
  const m = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn));
  if (!m) return [];
  return m[1]!.split(",").map((p) => p.replace(/=.*$/s, "").replace(/\/\*.*?\*\//gs, "").trim()).filter((p) => p && !p.startsWith("..."));
}

/**
 * Keras's `update_shapes_dict_for_target_fn`: one parameter gets the whole
 * input shape structure; several must be named `<input>Shape` and are
 * matched to the keys of a dict of inputs.
 */
function shapeArgs(layer: Layer, method: string, names: string[], inputs: unknown, shapes: unknown): unknown[] {
  if (names.length <= 1) return [shapes];
  const cls = stateOf(layer).className;
  const pre =
    `For a \`${method}()\` method with more than one argument, all arguments should have a \`Shape\` suffix and match ` +
    `an input of \`call()\` (a key of the dict of inputs). E.g. \`${method}(fooShape, barShape)\`. For layer '${cls}', `;
  return names.map((n) => {
    const key = n.endsWith("Shape") ? n.slice(0, -5) : n.endsWith("_shape") ? n.slice(0, -6) : null;
    if (key === null || key === "") throw new ValueError(`${pre}received \`${method}()\` argument \`${n}\`, which does not end in \`Shape\`.`);
    if (!isPlainObject(inputs) || !Object.hasOwn(inputs, key)) {
      throw new ValueError(`${pre}received \`${method}()\` argument \`${n}\`, but \`call()\` does not have argument \`${key}\`.`);
    }
    return (shapes as Record<string, unknown>)[key];
  });
}

/** `Layer.prototype` (the last prototype before Object's), without importing Layer (a cycle). */
const base = (layer: Layer): Layer => {
  let p: object = Object.getPrototypeOf(layer);
  while (Object.getPrototypeOf(p) !== Object.prototype) p = Object.getPrototypeOf(p);
  return p as Layer;
};
const ownBuild = (layer: Layer): boolean => stateOf(layer).userBuild !== base(layer).build;

/** Keras's `_maybe_build`. */
export function maybeBuild(layer: Layer, inputs: unknown): void {
  if (layer.built) return;
  const shapes = shapesOf(inputs);
  if (ownBuild(layer)) {
    layer.build(...shapeArgs(layer, "build", buildParamNames(layer), inputs, shapes));
    assertInputCompatibility(layer.inputSpec, inputs, layer.name);
    return;
  }
  // Unbuilt sub-layers: they build themselves in the call; this one is marked built after it.
  if (layer._layers.some((l) => !l.built)) return;
  layer.build(shapes);
}

function annotate(e: unknown, layer: Layer, inputs: unknown, opts: CallOptions): unknown {
  if (!(e instanceof Error) || (e as unknown as Record<symbol, unknown>)[INJECTED]) return e;
  const cls = stateOf(layer).className;
  const arg = (v: unknown): string =>
    v instanceof Tensor ? `Tensor(shape=${formatShape(v.shape)}, dtype=${v.dtype})` : Array.isArray(v) ? `[${v.map(arg).join(", ")}]` : describe(v);
  const lines = [`  • inputs=${arg(inputs)}`, ...Object.keys(opts).map((k) => `  • ${k}=${arg(opts[k])}`)];
  e.message = `Exception encountered when calling ${cls}.call() on layer '${layer.name}'.\n\n${e.message}\n\n` +
    `Arguments received by ${cls}.call():\n${lines.join("\n")}`;
  Object.defineProperty(e, INJECTED, { value: true });
  return e;
}

/** Keras's `Layer.__call__`. */
export function applyLayer(layer: Layer, rawInputs: unknown, options: CallOptions): unknown {
  if (!isPlainObject(options)) throw new ValueError(`apply on layer '${layer.name}': options must be an object; received ${describe(options)}`);
  const s = stateOf(layer);
  if (rawInputs === undefined || rawInputs === null) {
    throw new KerasTypeError(
      `${s.className}.apply() on layer '${layer.name}': missing a required argument: 'inputs' (a tensor, an array ` +
        `or a nested structure of them); received ${describe(rawInputs)}`,
    );
  }
  s.called = true;
  const inputs = convertInputs(layer, rawInputs);
  assertInputCompatibility(layer.inputSpec, inputs, layer.name);
  // Built: nothing to build, and the call's own scope below fixes the parent path as this one would.
  if (!layer.built) layerScope(layer, () => maybeBuild(layer, inputs));

  const { ctx, entry } = enterCallContext(layer);
  if (entry) clearLosses(layer);
  try {
    // training: explicit, else the enclosing call's; a call() default stays local.
    const training = (options.training ?? undefined) ?? ctx.training;
    ctx.training = training;
    const { training: _t, mask: explicitMask, ...rest } = options;
    const callOptions: CallOptions = { ...rest };
    if (training !== undefined) callOptions.training = training;
    const attached = mapStructure(inputs, getKerasMask);
    const mask = explicitMask ?? (flatten(attached).some((m) => m !== null) ? attached : null);
    if (mask !== null) callOptions.mask = mask;
    const previousMask = mask ?? attached;

    let outputs: unknown;
    try {
      const scope = nextAutocastScope(layer);
      const call = (): unknown => layer.call(inputs, callOptions);
      outputs = layerScope(layer, () => (scope === null ? call() : withAutocastScope(scope, call)));
    } catch (e) {
      throw annotate(e, layer, inputs, callOptions);
    }
    if (!layer.built) layer.build(shapesOf(inputs)); // default build after an eager first call
    s.built = true;

    const reg = s.activityRegularizer;
    if (reg !== null) {
      for (const out of flatten(outputs)) {
        if (!(out instanceof Tensor)) continue;
        let loss = activityPenalty(reg, out);
        if (out.ndim > 0) {
          // divide_no_nan by the batch size: 0 for an empty batch.
          const batch = out.shape[0]!;
          loss = batch === 0 ? zerosLike(loss) : divide(loss, cast(batch, loss.dtype));
        }
        layer.addLoss(loss);
      }
    }
    if (layer.supportsMasking) setMaskMetadata(layer, inputs, outputs, previousMask);
    else if (flatten(previousMask).some((m) => m !== null) && !s.warnedMask) {
      s.warnedMask = true;
      console.warn(
        `Layer '${layer.name}' (of type ${s.className}) was passed an input with a mask attached to it. However, this layer ` +
          "does not support masking and will therefore destroy the mask information. Downstream layers will not see the mask.",
      );
    }
    return outputs;
  } finally {
    exitCallContext(layer);
  }
}

const isFloatName = (d: string): boolean => d.startsWith("float") || d.startsWith("bfloat");

/**
 * Keras's choice of autocast scope for a call: inside another layer's
 * scope, none (autocast off, or a non-float compute dtype) or this
 * layer's compute dtype; at the top, a scope only for mixed policies.
 */
function nextAutocastScope(layer: Layer): AutocastScope | null {
  const current = getAutocastScope();
  const compute = layer.computeDtype;
  if (current !== null) {
    if (!layer.autocast || !isFloatName(compute)) return new AutocastScope(null);
    return current.dtype !== compute ? new AutocastScope(compute) : null;
  }
  return compute !== layer.variableDtype ? new AutocastScope(compute) : null;
}

export function setMaskMetadata(layer: Layer, inputs: unknown, outputs: unknown, previousMask: unknown): void {
  const flatOut = flatten(outputs);
  if (flatOut.every((x) => getKerasMask(x) !== null)) return;
  const masks = layer.computeMask(inputs, previousMask);
  if (masks === null || masks === undefined) return;
  const flatMasks = flatten(masks);
  flatOut.forEach((t, i) => {
    const m = flatMasks[i];
    if (t instanceof Tensor && getKerasMask(t) === null && m instanceof Tensor) setKerasMask(t, m);
  });
}

/** Runs `fn`, then puts every variable value and added loss of the layer tree back. */
function withoutSideEffects<T>(layer: Layer, fn: () => T): T {
  const vars = [...new Set([...layer.variables, ...layer.metricsVariables])];
  const values = vars.map((v) => v.value);
  const layersLosses = layer._flattenLayers().map((l) => [l, swapLosses(l, [])] as const);
  try {
    return fn();
  } finally {
    vars.forEach((v, i) => v.assign(values[i]!));
    for (const [l, ls] of layersLosses) swapLosses(l, ls);
  }
}

/** Keras's `stateless_call`. */
export function statelessCall(
  layer: Layer, trainableValues: readonly unknown[], nonTrainableValues: readonly unknown[], inputs: unknown,
  options: CallOptions & { returnLosses?: boolean },
): unknown[] {
  const cls = stateOf(layer).className;
  if (!layer.built) {
    throw new ValueError(
      `To call statelessCall, ${cls} must be built (i.e. its variables must have been already created). ` +
        "You can build it by calling it on some data.",
    );
  }
  const tv = layer.trainableVariables;
  const ntv = layer.nonTrainableVariables;
  for (const [arg, given, expected] of [["trainableVariables", trainableValues, tv], ["nonTrainableVariables", nonTrainableValues, ntv]] as const) {
    if (!Array.isArray(given) || given.length !== expected.length) {
      throw new ValueError(
        `Argument \`${arg}\` must be a list of tensors corresponding 1:1 to ${cls}().${arg}. Received list with length ` +
          `${Array.isArray(given) ? given.length : describe(given)}, but expected ${expected.length} variables.`,
      );
    }
  }
  const { returnLosses = false, ...callOptions } = options;
  const targets = [...tv, ...ntv];
  const values = [...trainableValues, ...nonTrainableValues].map((v, i) => {
    const t = v instanceof Variable ? v.value : tensor(v as never, null, targets[i]!.dtype);
    if (t.shape.length !== targets[i]!.ndim || t.shape.some((d, j) => d !== targets[i]!.shape[j])) {
      throw new ValueError(`statelessCall on layer '${layer.name}': value ${i} has shape ${formatShape(t.shape)}; variable '${targets[i]!.path}' has shape ${formatShape(targets[i]!.shape)}`);
    }
    return t;
  });
  return withoutSideEffects(layer, () => {
    targets.forEach((v, i) => v.assign(values[i]!));
    const outputs = layer.call(convertInputs(layer, inputs), callOptions);
    const newNonTrainable = ntv.map((v) => v.value);
    return returnLosses ? [outputs, newNonTrainable, layer.losses] : [outputs, newNonTrainable];
  });
}

/** Input leaves (KerasTensors, tensors or `{ shape, dtype }` specs) as KerasTensors. */
const asKerasTensors = (inputs: unknown): unknown =>
  mapStructure(inputs, (x) => {
    if (x === null || x === undefined || x instanceof KerasTensor) return x;
    const spec = x as TensorSpec;
    return new KerasTensor(spec.shape, { dtype: spec.dtype ?? "float32" });
  });

/**
 * Keras's `Layer.compute_output_spec`: the outputs as KerasTensors for
 * inputs given as KerasTensors. From `computeOutputShape` when the layer
 * has one; otherwise by building the layer (for real) and running `call`
 * symbolically (symbolic/symbolic_call.ts: on placeholders, kernels
 * skipped, twice), with no side effect on its variables or losses.
 */
export function symbolicOutputs(layer: Layer, inputs: unknown, options: CallOptions): unknown {
  const shapes = shapesOf(inputs);
  if (layer.computeOutputShape !== base(layer).computeOutputShape) {
    const names = paramNames(layer.computeOutputShape as never);
    const out = layer.computeOutputShape(...shapeArgs(layer, "computeOutputShape", names, inputs, shapes));
    if (!Array.isArray(out) && !isPlainObject(out)) {
      throw new ValueError(
        `Method \`computeOutputShape()\` of layer ${stateOf(layer).className} is returning a type that cannot be ` +
          `interpreted as a shape. It should return a shape array. Received: ${describe(out)}`,
      );
    }
    return mapShapeStructure(out, (sh) => new KerasTensor(sh, { dtype: layer.computeDtype }));
  }
  if (!layer.built) layerScope(layer, () => maybeBuild(layer, inputs));
  return outputSpec((fill) => withoutSideEffects(layer, () => withoutKernels(() => layer.apply(placeholders(inputs, fill), placeholders(options, fill) as CallOptions))));
}

/**
 * Keras's `compute_output_spec` as `{ shape, dtype }` objects (null for
 * unknown dimensions), for inputs given as tensors, KerasTensors or specs.
 */
export function computeOutputSpec(layer: Layer, inputs: unknown, options: CallOptions): unknown {
  const out = symbolicOutputs(layer, asKerasTensors(inputs), options);
  return mapStructure(out, (t) => (t instanceof Tensor ? ({ shape: t.shape.slice(), dtype: t.dtype } satisfies TensorSpec) : t));
}

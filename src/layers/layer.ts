// keras.layers.Layer (Keras 3's layers/layer.py): the base class of every
// layer. State and tracking here; the call pipeline in layer_call.ts;
// weights, losses and configs in layer_weights.ts.
import { KerasTypeError, NotImplementedError, ValueError, describe } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { Variable, standardizeShape } from "../variables.js";
import { autoName, currentPath } from "../utils/naming.js";
import { get as getRegularizer } from "../regularizers/index.js";
import { classNameOf, registerBuiltin } from "../saving/object_registration.js";
import { isOptionsObject } from "../initializers/initializer.js";
import { resolveDtypePolicy, type LayerDTypePolicy } from "./dtype_hook.js";
import { Tracker, referencedElsewhere } from "./tracking.js";
import { checkBoolean, checkInputSpec, checkKeywords } from "./validation.js";
import { STATE, layerScope, stateOf, stores, type CallOptions, type LayerHandle, type LayerState, type Penalty } from "./layer_state.js";
import { applyLayer, buildParamNames, computeOutputSpec, statelessCall, type TensorSpec } from "./layer_call.js";
import * as W from "./layer_weights.js";
import { withKernels } from "../backend/exec.js";
import { hasKerasTensor, symbolicApply } from "./layer_symbolic.js";
import * as C from "./layer_config.js";

/** A shape with unknown (null) dimensions allowed. */
export type Shape = readonly (number | null)[];

/** Options every layer's constructor accepts (Keras's base-layer keyword arguments, camelCase). */
export interface LayerOptions {
  /** A regularizer applied to the layer's outputs; its penalty joins `losses`. */
  activityRegularizer?: unknown;
  /** Whether the layer's weights are trainable (default true). */
  trainable?: boolean;
  /** The layer's dtype policy: a policy, a name such as `"float32"` or `"mixed_float16"`, or its JSON; null takes the global policy. */
  dtype?: string | LayerDTypePolicy | Record<string, unknown> | null;
  /** Whether float inputs are cast to the compute dtype before `call` (default true). */
  autocast?: boolean;
  /** The layer's name; generated from the class name (`my_layer`, `my_layer_1`, ...) when absent. */
  name?: string | null;
  /** The input shape without the batch axis, recorded for models that start from this layer. */
  inputShape?: Shape | null;
  /** Shorthand for `inputShape: [inputDim]`. */
  inputDim?: number | null;
}
/** The base Layer's constructor options. */
export const OPTION_KEYS = new Set(["activityRegularizer", "trainable", "dtype", "autocast", "name", "inputShape", "inputDim"]);


export const LOCK_MESSAGE =
  "You cannot add new elements of state (variables or sub-layers) to a layer that is already built. " +
  "All state must be created in the `__init__()` method (the constructor) or in the `build()` method.";

/** Whether `key` is an accessor somewhere on `obj`'s prototype chain (and not an own data property). */
function accessorOf(obj: object, key: string | symbol): PropertyDescriptor | null {
  for (let o: object | null = obj; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d.get || d.set ? d : null;
  }
  return null;
}

/**
 * The base class of layers: state (weights) created in the constructor or
 * in `build(inputShape)`, computation in `call(inputs, { training, mask })`.
 * `apply(inputs)` builds the layer on its first call, then calls it.
 * Layers, variables, seed generators and metrics stored on a layer (also in
 * arrays, objects and Maps) are tracked.
 *
 * @example
 * class Scale extends keras.Layer {
 *   build(shape) { this.w = this.addWeight({ shape: [shape[shape.length - 1]], initializer: "ones" }); }
 *   call(x) { return keras.ops.multiply(x, this.w); }
 * }
 * const y = new Scale().apply(keras.ops.ones([2, 3])); // builds, then calls
 * y.toArray(); // [[1, 1, 1], [1, 1, 1]]
 */
export class Layer {
  /** Overrides the class name used for auto-naming and serialization (survives minification). */
  static className?: string;
  /** Optional: the parameter names of a multi-argument `build`, when the source is minified. */
  static buildArgNames?: readonly string[];
  /** @internal */
  declare readonly [STATE]: LayerState;

  constructor(options: LayerOptions = {}) {
    const cls = classNameOf(new.target);
    if (!isOptionsObject(options as unknown)) throw new KerasTypeError(`${cls}: expected an options object; received ${describe(options)}`);
    checkKeywords(options, OPTION_KEYS, cls);
    const name = options.name ?? autoName(cls);
    if (typeof name !== "string" || name.includes("/")) {
      throw new ValueError(
        `Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${describe(name)} (of type ${typeof name})`,
      );
    }
    const trainable = options.trainable ?? true;
    checkBoolean("trainable", trainable, `layer '${name}'`);
    const autocast = options.autocast ?? true;
    checkBoolean("autocast", autocast, `layer '${name}'`);
    const policy = resolveDtypePolicy(options.dtype, `layer '${name}'`);
    const activityRegularizer = getRegularizer(options.activityRegularizer ?? null) as Penalty | null;
    let inputShapeArg: (number | null)[] | null = null;
    if (options.inputDim != null) inputShapeArg = standardizeShape([options.inputDim]);
    else if (options.inputShape != null) inputShapeArg = standardizeShape(options.inputShape);

    let proxy: Layer | null = null;
    const tracker = new Tracker(() => proxy!, (x) => x instanceof Layer);
    tracker.lockMessage = LOCK_MESSAGE;
    const userBuild = (this as unknown as { build: (...a: unknown[]) => void }).build;
    const state: LayerState = {
      name, className: cls, trainable, built: false, autocast, policy,
      activityRegularizer, inputSpec: null, supportsMasking: null, tracker, losses: [], buildConfig: null,
      path: null, parentPath: null, inputShapeArg, called: false, userBuild, warnedMask: false,
    };
    Object.defineProperty(this, STATE, { value: state });
    proxy = new Proxy(this, layerTraps(state, () => proxy!));
    const self = proxy;
    // Keras wraps `build` per instance: name scope, build config, built, lock.
    Object.defineProperty(this, "build", {
      value: (...args: unknown[]) => wrappedBuild(self, args),
      writable: true, configurable: true, enumerable: false,
    });
    return proxy;
  }

  /** The layer's unique name. */
  get name(): string { return stateOf(this).name; }
  /** The name-scope path of the layer, set when it is built (`"parent/child"`). */
  get path(): string | null { return stateOf(this).path; }

  /** Whether the layer's weights are trainable; false empties `trainableWeights`. */
  get trainable(): boolean { return stateOf(this).trainable; }
  /** Sets `trainable` on this layer, its own trainable-created variables and every sub-layer. */
  set trainable(value: boolean) {
    checkBoolean("trainable", value, `layer '${this.name}'`);
    for (const l of this._flattenLayers()) {
      const t = stores(l);
      stateOf(l).trainable = value;
      for (const v of t.trainable) v.trainable = value;
    }
  }

  /** Whether `build` has run (the weights exist). */
  get built(): boolean { return stateOf(this).built; }
  /** Marks the layer built, as a `build` override that creates no weights may do. */
  set built(value: boolean) { stateOf(this).built = Boolean(value); }

  /** The layer's `DTypePolicy`; settable with a policy, a name, its JSON, or null (the global policy). */
  get dtypePolicy(): LayerDTypePolicy { return stateOf(this).policy; }
  /** Sets the policy from a `DTypePolicy`, a name, its JSON or null. */
  set dtypePolicy(value: LayerDTypePolicy | string | null) { stateOf(this).policy = resolveDtypePolicy(value, `layer '${this.name}'`); }
  /** Alias of `variableDtype`. */
  get dtype(): string { return this.variableDtype; }
  /** The dtype of the layer's weights. */
  get variableDtype(): string { return stateOf(this).policy.variableDtype; }
  /** The dtype the layer computes in: float inputs are cast to it when `autocast` is on. */
  get computeDtype(): string { return stateOf(this).policy.computeDtype; }
  /** The dtype float inputs are cast to (the compute dtype). */
  get inputDtype(): string { return this.computeDtype; }
  /** Whether float inputs are cast to the compute dtype before `call`. */
  get autocast(): boolean { return stateOf(this).autocast; }
  /** Turns autocasting of inputs on or off. */
  set autocast(value: boolean) { stateOf(this).autocast = Boolean(value); }

  /** The regularizer applied to the layer's outputs, or null. */
  get activityRegularizer(): Penalty | null { return stateOf(this).activityRegularizer; }
  /** Sets it from a regularizer, a name, its JSON or null. */
  set activityRegularizer(value: unknown) { stateOf(this).activityRegularizer = getRegularizer(value) as Penalty | null; }

  /** An `InputSpec`, a (nested) array of them, or null. */
  get inputSpec(): unknown { return stateOf(this).inputSpec; }
  /** Sets the spec(s) `apply` checks inputs against; null removes them. */
  set inputSpec(value: unknown) { stateOf(this).inputSpec = checkInputSpec(value, this.name); }

  /** Whether the layer propagates masks; by default, whether `computeMask` is overridden. */
  get supportsMasking(): boolean {
    const s = stateOf(this);
    return s.supportsMasking ?? this.computeMask !== Layer.prototype.computeMask;
  }
  /** Declares whether the layer propagates masks. */
  set supportsMasking(value: boolean) { stateOf(this).supportsMasking = Boolean(value); }

  /** @internal The `inputShape` / `inputDim` constructor option (for Sequential). */
  get _inputShapeArg(): (number | null)[] | null { return stateOf(this).inputShapeArg; }

  // ---- tracking --------------------------------------------------------------

  /** @internal Keras's `_tracker`: `lock()`, `unlock()`, `locked`. */
  get _tracker(): Tracker { return stateOf(this).tracker; }
  /** @internal Direct sub-layers, in tracking order. */
  get _layers(): Layer[] { return stores(this).layers.slice() as Layer[]; }
  /** @internal Own variables created trainable. */
  get _trainableVariables(): Variable[] { return stores(this).trainable.slice(); }
  /** @internal Own variables created non-trainable. */
  get _nonTrainableVariables(): Variable[] { return stores(this).nonTrainable.slice(); }
  /** @internal Own seed generators. */
  get _seedGenerators(): unknown[] { return stores(this).seedGenerators.slice(); }
  /** @internal Own metrics. */
  get _metrics(): unknown[] { return stores(this).metrics.slice(); }

  /** @internal Keras's `_flatten_layers`: self (optional), then sub-layers depth first. */
  _flattenLayers(includeSelf = true, recursive = true): Layer[] {
    const out: Layer[] = includeSelf ? [this] : [];
    const seen = new Set<Layer>([this]); // a sub-layer may refer back to this one
    const queue = this._layers;
    while (queue.length > 0) {
      const layer = queue.shift()!;
      if (seen.has(layer)) continue;
      seen.add(layer);
      out.push(layer);
      if (recursive) queue.unshift(...layer._layers);
    }
    return out;
  }

  /** @internal Stops tracking `variable` (Keras's `_untrack_variable`). */
  _untrackVariable(variable: Variable): void {
    stateOf(this).tracker.untrack(variable);
  }

  /** @internal Locks the state (called after build). */
  _lockState(): void {
    const t = stateOf(this).tracker;
    t.rescan(this);
    if (!t.locked) t.lock(LOCK_MESSAGE);
  }

  /** @internal For layers without a `build`: marks the layer built at construction. */
  _buildAtInit(): void {
    if (stateOf(this).userBuild === Layer.prototype.build) {
      this.built = true;
      this._lockState();
    }
  }

  // ---- state -----------------------------------------------------------------

  /** Every weight: trainable ones first, then non-trainable, own then sub-layers'. */
  get weights(): Variable[] { return W.weights(this); }
  /** The weights gradients update (none when the layer is not trainable). */
  get trainableWeights(): Variable[] { return this.trainable ? this.weights.filter((v) => v.trainable) : []; }
  /** The weights gradients do not update (all of them when the layer is not trainable). */
  get nonTrainableWeights(): Variable[] { return this.trainable ? this.weights.filter((v) => !v.trainable) : this.weights; }
  /** Weights plus seed-generator state (metric state is in `metricsVariables`). */
  get variables(): Variable[] { return W.variables(this); }
  /** The trainable ones of `variables`. */
  get trainableVariables(): Variable[] { return this.trainable ? this.variables.filter((v) => v.trainable) : []; }
  /** The non-trainable ones of `variables`. */
  get nonTrainableVariables(): Variable[] { return this.trainable ? this.variables.filter((v) => !v.trainable) : this.variables; }
  /** Own metrics, then sub-layers'. */
  get metrics(): unknown[] { return this._flattenLayers().flatMap((l) => l._metrics); }
  /** The state variables of the layer's metrics. */
  get metricsVariables(): Variable[] { return (this.metrics as { variables: Variable[] }[]).flatMap((m) => m.variables); }

  /**
   * Creates a weight variable owned by this layer, with Keras's defaults:
   * shape `[]`, the layer's variable dtype, `glorot_uniform` for float
   * dtypes and `zeros` otherwise. Its path is `<layer path>/<name>`.
   *
   * @example
   * class Linear extends keras.Layer {
 *   build(shape) {
 *     this.kernel = this.addWeight({ shape: [shape[shape.length - 1], 4], initializer: "he_normal", name: "kernel" });
 *   }
 *   call(x) { return keras.ops.matmul(x, this.kernel); }
 * }
 * const layer = new Linear();
 * layer.apply(keras.ops.ones([2, 3])).shape; // [2, 4]
 * layer.kernel.path; // "linear/kernel"
   */
  addWeight(options: W.AddWeightOptions = {}): Variable {
    return W.addWeight(this, options);
  }

  /** Alias of `addWeight`. */
  addVariable(options: W.AddWeightOptions = {}): Variable {
    return W.addWeight(this, options);
  }

  /** The total number of scalars in the weights. */
  countParams(): number { return W.countParams(this); }

  /** Copies of the weight values, in `weights` order. */
  getWeights(): Tensor[] { return W.getWeights(this); }

  /** Sets every weight; checks the count and every shape first and changes nothing on error. */
  setWeights(weights: readonly unknown[]): void { W.setWeights(this, weights); }

  /** Own losses, sub-layers' losses, then the trainable weights' regularizer terms. */
  get losses(): Tensor[] { return W.losses(this); }

  /** Adds a scalar loss (e.g. from `call`); it shows in `losses` until the next outermost call. */
  addLoss(loss: unknown): void { W.addLoss(this, loss); }

  /** @internal Clears own and sub-layers' added losses. */
  _clearLosses(): void { W.clearLosses(this); }

  // ---- computation -------------------------------------------------------------

  /** Creates the layer's state for inputs of this shape. The default only marks the layer built. */
  build(_inputShape?: unknown, ..._more: unknown[]): void {
    stateOf(this).built = true;
  }

  /** The layer's computation. Subclasses override it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(_inputs: any, _options?: CallOptions): any {
    throw new NotImplementedError(`Layer ${stateOf(this).className} does not have a \`call\` method implemented.`);
  }

  /**
   * Keras's `__call__`: checks `inputSpec`, builds on the first call,
   * resolves `training`, fills `mask`, runs `call`, then records the
   * activity-regularizer loss and the output mask.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  apply(inputs: any, options: CallOptions = {}): any {
    return hasKerasTensor(inputs) ? symbolicApply(this, inputs, options) : applyLayer(this, inputs, options);
  }

  /** The output shape for an input shape. Subclasses that can tell override it. */
  computeOutputShape(..._shapes: unknown[]): unknown {
    throw new NotImplementedError(
      `Layer ${stateOf(this).className} does not have a \`computeOutputShape\` method implemented. ` +
        "Should implement `computeOutputShape(inputShape)`.",
    );
  }

  /** The output `{ shape, dtype }` (nested like the outputs) for inputs given as tensors or specs. */
  computeOutputSpec(inputs: unknown, options: CallOptions = {}): unknown {
    return computeOutputSpec(this, inputs, options);
  }

  /** The mask of the outputs; by default the input mask passes through. */
  computeMask(_inputs: unknown, previousMask: unknown = null): unknown {
    return previousMask ?? null;
  }

  /**
   * Calls the layer on the given variable values without side effects:
   * returns `[outputs, newNonTrainableValues]`, plus the losses with
   * `returnLosses`.
   */
  statelessCall(trainableValues: readonly unknown[], nonTrainableValues: readonly unknown[], inputs: unknown, options: CallOptions & { returnLosses?: boolean } = {}): unknown[] {
    return statelessCall(this, trainableValues, nonTrainableValues, inputs, options);
  }

  // ---- serialization ---------------------------------------------------------------

  /**
   * `name`, `trainable`, `dtype` (and `activityRegularizer` when set). A
   * subclass that does not override it also gets its constructor arguments
   * (read back as `this.<parameter>`, as Keras records them), or Keras's
   * `NotImplementedError` asking for an override when they cannot be read.
   *
   * @example
   * class Scale extends keras.Layer {
   *   constructor(factor = 2, options = {}) { super(options); this.factor = factor; }
   * }
   * const config = new Scale(3, { name: "s" }).getConfig();
   * config.factor; // 3
   * config.name; // "s"
   */
  getConfig(): Record<string, unknown> { return C.getConfig(this, this.getConfig !== Layer.prototype.getConfig); }

  /**
   * A layer from its config: keys go to the constructor's parameters of the
   * same name (positional or in a destructured options object), the base
   * options to its options parameter (dtype policy JSON accepted).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static fromConfig<T extends Layer>(this: new (...args: any[]) => T, config: Record<string, unknown>): T {
    return C.fromConfig(this as never, config) as T;
  }

  /** `{ inputShape }` (or `{ shapesDict }`) once built through `build`; null before. */
  getBuildConfig(): Record<string, unknown> | null { return stateOf(this).buildConfig; }

  /** Builds from `getBuildConfig()`'s output. */
  buildFromConfig(config: Record<string, unknown> | null): void { W.buildFromConfig(this, config, buildParamNames(this)); }

  /** `<ClassName name=..., built=...>`, as Keras prints a layer. */
  toString(): string {
    return `<${stateOf(this).className} name=${this.name}, built=${this.built}>`;
  }
}
registerBuiltin(Layer, "keras.layers", ["Layer"]);
registerBuiltin(Layer, "keras", ["Layer"]);


/** The tracking traps of a layer (see tracking.ts for why a Proxy). */
function layerTraps(state: LayerState, proxy: () => Layer): ProxyHandler<Layer> {
  const assign = (target: Layer, key: string | symbol, value: unknown): unknown => {
    const t = state.tracker;
    const old = (target as unknown as Record<string | symbol, unknown>)[key];
    if (t.locked && old !== value && t.tracks(old)) {
      // Keras: re-pointing an existing tracked slot after build is allowed.
      t.unlock();
      try { value = t.track(value); } finally { t.lock(); }
      if (!referencedElsewhere(target, old as object, key)) t.untrack(old as object);
      return value;
    }
    return t.track(value);
  };
  return {
    set(target, key, value, receiver) {
      if (typeof key === "symbol" || accessorOf(target, key)) return Reflect.set(target, key, value, receiver);
      return Reflect.set(target, key, assign(target, key, value));
    },
    defineProperty(target, key, desc) {
      if (typeof key === "symbol" || !("value" in desc)) return Reflect.defineProperty(target, key, desc);
      const acc = accessorOf(target, key);
      if (acc) {
        // A class field named like an accessor (`supportsMasking = true`) goes through the setter.
        if (!acc.set) throw new KerasTypeError(`Cannot set read-only property '${String(key)}' of layer '${state.name}'`);
        acc.set.call(proxy(), desc.value);
        return true;
      }
      return Reflect.defineProperty(target, key, { ...desc, value: assign(target, key, desc.value) });
    },
    deleteProperty(target, key) {
      const old = (target as unknown as Record<string | symbol, unknown>)[key];
      if (old instanceof Variable && state.tracker.tracks(old)) state.tracker.untrack(old);
      return Reflect.deleteProperty(target, key);
    },
  };
}

/** The per-instance `build`: name scope, build config, built, lock; undone on error. */
function wrappedBuild(layer: Layer, args: unknown[]): void {
  const s = stateOf(layer);
  const snap = s.tracker.snapshot();
  try {
    layerScope(layer, () => {
      s.path = currentPath();
      // A layer built while its caller runs symbolically (a sub-layer first
      // called inside call()) still initializes real weights.
      withKernels(() => s.userBuild.apply(layer, args));
    });
  } catch (e) {
    s.tracker.restore(snap);
    throw e;
  }
  const names = buildParamNames(layer);
  s.buildConfig = args.length <= 1 || names.length <= 1
    ? { inputShape: args[0] ?? null }
    : { shapesDict: Object.fromEntries(names.map((n, i) => [n.replace(/Shape$/, "_shape"), args[i] ?? null])) };
  s.built = true;
  layer._lockState();
}

export type { TensorSpec, CallOptions };

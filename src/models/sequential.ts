// keras.Sequential (keras/src/models/sequential.py): a plain stack of
// layers. It builds as soon as the input shape is known (an InputLayer
// first, `inputShape` on the first layer, or the first call), recording
// each layer's output shape for summary(); Keras's config layout.
import { KerasTypeError, NotImplementedError, ValueError, describe } from "../errors.js";
import { Layer, type LayerOptions, type CallOptions } from "../layers/layer.js";
import { InputLayer } from "../layers/core/input_layer.js";
import { isPlainObject } from "../layers/structure.js";
import { standardizeShape } from "../variables.js";
import { registerBuiltin } from "../saving/object_registration.js";
import { deserializeKerasObject, serializeKerasObject, type CustomObjects } from "../saving/serialization.js";
import { Model } from "./model.js";
import { recordedOutputShapes } from "./summary.js";

const STACK = Symbol("keras.sequential.layers");

/** Options of `Sequential` (Keras's `trainable` and `name`). */
export type SequentialOptions = Pick<LayerOptions, "name" | "trainable" | "dtype">;

/** The InputLayer behind a symbolic input from `Input()` (its Keras history), if any. */
function originInputLayer(x: unknown): InputLayer | null {
  if (x === null || typeof x !== "object" || x instanceof Layer) return null;
  const h = (x as { _kerasHistory?: unknown; kerasHistory?: unknown })._kerasHistory ?? (x as { kerasHistory?: unknown }).kerasHistory;
  const op = Array.isArray(h) ? h[0] : (h as { operation?: unknown; layer?: unknown } | undefined)?.operation ?? (h as { layer?: unknown } | undefined)?.layer;
  return op instanceof InputLayer ? op : null;
}

/**
 * A model that applies its layers in order, each to the previous one's
 * output. Start it with an `InputLayer` (or `Input()`), or give the first
 * layer `inputShape`, to build it at once; otherwise it builds on its
 * first batch.
 *
 * @example
 * const model = new keras.Sequential([
 *   new keras.layers.InputLayer({ shape: [4] }),
 *   new keras.layers.Dense(8, { activation: "tanh", name: "hidden" }),
 *   new keras.layers.Dense(3, { name: "logits" }),
 * ], { name: "mlp" });
 * model.countParams(); // 67
 * model.layers.map((l) => l.name); // ["hidden", "logits"]
 */
export class Sequential extends Model {
  static override className = "Sequential";
  /** @internal Every layer, the InputLayer included (Keras's `_layers`). */
  declare [STACK]: Layer[];

  constructor(layers: readonly unknown[] | SequentialOptions | null = null, options: SequentialOptions = {}) {
    if (isPlainObject(layers)) {
      options = layers as SequentialOptions;
      layers = null;
    }
    super(options);
    Object.defineProperty(this, STACK, { value: [], writable: true, enumerable: false });
    if (layers !== null && layers !== undefined) {
      if (!Array.isArray(layers)) throw new KerasTypeError(`Sequential: \`layers\` must be an array of layers; received ${describe(layers)}`);
      for (const l of layers) this.add(l, false);
      this.#maybeRebuild();
    }
  }

  /**
   * Appends a layer (an `InputLayer` or `Input()` only first); rebuilds
   * when the input shape is known.
   */
  add(layer: unknown, rebuild = true): void {
    if (this[STACK].length === 0) {
      const shape = layer instanceof Layer ? layer._inputShapeArg : null;
      if (shape !== null) this.add(new InputLayer({ shape }), false);
    }
    layer = originInputLayer(layer) ?? layer;
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Only instances of \`keras.Layer\` can be added to a Sequential model. Received: ${describe(layer)} (of type ${typeof layer})`);
    }
    if (this[STACK].some((l) => l !== layer && l.name === layer.name)) {
      throw new ValueError(
        `All layers added to a Sequential model should have unique names. Name '${layer.name}' is already the name of a layer ` +
          "in this model. Update the `name` argument to pass a unique name.",
      );
    }
    if (layer instanceof InputLayer && this[STACK][0] instanceof InputLayer) {
      throw new ValueError(
        `Sequential model '${this.name}' has already been configured to use input shape ${shapeStr(this[STACK][0].batchShape)}. ` +
          "You cannot add a different Input layer to it.",
      );
    }
    this[STACK].push(layer);
    this._tracker.add(layer);
    if (rebuild) this.#maybeRebuild();
    else this.built = false;
  }

  /** Removes and returns the last layer. */
  pop(rebuild = true): Layer {
    if (this.layers.length === 0) throw new KerasTypeError("There are no layers in the model.");
    const layer = this[STACK].pop()!;
    if (!this[STACK].includes(layer)) this._tracker.untrack(layer);
    this.built = false;
    if (rebuild) this.#maybeRebuild();
    return layer;
  }

  #maybeRebuild(): void {
    this.built = false;
    const first = this[STACK][0];
    if (first instanceof InputLayer && this[STACK].length > 1) this.build(first.batchShape);
  }

  /** Sequential state may change after build (add / pop), as in Keras. */
  override _lockState(): void {}

  /** Builds every layer for inputs of `inputShape` (batch axis included), recording their output shapes. */
  override build(inputShape?: unknown): void {
    let shape: (number | null)[];
    try {
      shape = standardizeShape(inputShape as never);
    } catch {
      return;
    }
    if (this[STACK].length === 0) throw new ValueError(`Sequential model ${this.name} cannot be built because it has no layers. Call \`model.add(layer)\`.`);
    const first = this[STACK][0]!;
    if (first instanceof InputLayer) {
      if (shapeStr(first.batchShape) !== shapeStr(shape)) {
        throw new ValueError(
          `Sequential model '${this.name}' has already been configured to use input shape ${shapeStr(first.batchShape)}. ` +
            `You cannot build it with input_shape ${shapeStr(shape)}`,
        );
      }
    } else {
      const input = new InputLayer({ batchShape: [null, ...shape.slice(1)], dtype: first.computeDtype });
      this[STACK].unshift(input);
      this._tracker.add(input);
    }
    let spec: unknown = { shape: (this[STACK][0] as InputLayer).batchShape.slice(), dtype: (this[STACK][0] as InputLayer).dtype };
    for (const layer of this.layers) {
      try {
        // Keras's _maybe_build: a layer builds on the shape it is first called with.
        if (!layer.built) layer.build((spec as { shape: unknown }).shape);
        spec = layer.computeOutputSpec(spec);
      } catch (e) {
        if (e instanceof NotImplementedError) return;
        throw e;
      }
      recordedOutputShapes.set(layer, Array.isArray(spec) ? spec.map((s) => (s as { shape: unknown }).shape) : (spec as { shape: unknown }).shape);
    }
  }

  override call(inputs: unknown, options: CallOptions = {}): unknown {
    let x = inputs;
    const opts = options.training === undefined ? {} : { training: options.training };
    for (const layer of this.layers) x = layer.apply(x, opts);
    return x;
  }

  /** The layers, without the InputLayer. */
  override get layers(): Layer[] {
    const s = this[STACK];
    return s[0] instanceof InputLayer ? s.slice(1) : s.slice();
  }

  /** The input shape once known (batch axis included). */
  get inputShape(): (number | null)[] {
    const first = this[STACK][0];
    if (first instanceof InputLayer) return first.batchShape.slice();
    throw new ValueError(`Sequential model '${this.name}' has no defined input shape yet.`);
  }

  /** `name`, `trainable`, `dtype`, every layer's Keras JSON (the InputLayer included) and `buildInputShape`. */
  override getConfig(): Record<string, unknown> {
    const base = super.getConfig();
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: base.dtype, layers: this[STACK].map((l) => serializeKerasObject(l)) };
    if (this.built && this[STACK][0] instanceof InputLayer) config.buildInputShape = this[STACK][0].batchShape.slice();
    return config;
  }

  /** A Sequential from `getConfig()`'s output (layers given as Keras JSON). */
  static override fromConfig<T extends Layer>(this: unknown, config: Record<string, unknown>, options: { customObjects?: CustomObjects | null } = {}): T {
    if (!isPlainObject(config) || !("name" in config) || !Array.isArray(config.layers)) {
      throw new ValueError(`A Sequential model configuration must be a dictionary containing the 'name' and 'layers' keys. Received: config=${describe(config)}`);
    }
    const model = new Sequential(null, { name: config.name as string, ...(config.trainable === false ? { trainable: false } : {}) });
    const shape = config.buildInputShape ?? config.build_input_shape;
    // As in Keras, each layer is deserialized, and so built from its own build_config, before
    // it joins the model: outside the model's name scope, so after a reload the weight paths
    // are `dense/kernel`, not the `sequential/dense/kernel` of a model built in one piece.
    for (const lc of config.layers as unknown[]) model.add(deserializeKerasObject(lc, { customObjects: options.customObjects ?? null }) as Layer);
    if (!model.built && Array.isArray(shape)) model.build(shape);
    return model as unknown as T;
  }
}
registerBuiltin(Sequential, "keras", ["Sequential"]);

const shapeStr = (s: readonly (number | null)[]): string => `(${s.map((d) => (d === null ? "None" : d)).join(", ")}${s.length === 1 ? "," : ""})`;

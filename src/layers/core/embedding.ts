// keras.layers.Embedding (keras/src/layers/core/embedding.py).
import { NotImplementedError, ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../variables.js";
import { cast } from "../../ops/core.js";
import { notEqual } from "../../ops/elementwise.js";
import { take } from "../../ops/shape_ops.js";
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import { get as getRegularizer, serialize as serializeRegularizer, type Regularizer } from "../../regularizers/index.js";
import { get as getConstraint, type Constraint } from "../../constraints/index.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { constraintConfig, initializerConfig, regularizerConfig, splitOptions, registerLayer } from "../layer_options.js";
import { isPlainObject } from "../structure.js";

/** The options of `Embedding` (Keras's keyword arguments, camelCase). */
export interface EmbeddingOptions extends LayerOptions {
  /** The vocabulary size: indices are in `[0, inputDim)`. */
  inputDim?: number;
  /** The size of each embedding vector. */
  outputDim?: number;
  /** Initializer of `embeddings` (default `"uniform"`). */
  embeddingsInitializer?: unknown;
  /** Regularizer of `embeddings`. */
  embeddingsRegularizer?: unknown;
  /** Constraint applied to `embeddings` after each optimizer update. */
  embeddingsConstraint?: unknown;
  /** Whether index 0 is padding, masked in the output. */
  maskZero?: boolean;
  /** Initial `embeddings` value (builds the layer at construction). */
  weights?: unknown;
  /** Only null (quantization is not supported). */
  quantizationConfig?: null;
}
const KEYS = [
  "inputDim", "outputDim", "embeddingsInitializer", "embeddingsRegularizer", "embeddingsConstraint", "maskZero",
  "weights", "quantizationConfig",
] as const;

function dim(value: unknown, arg: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`\`${arg}\` must be a positive integer. Received: ${arg}=${describe(value)} (of type ${typeof value}). (layer Embedding)`);
  }
  return value;
}

/**
 * Turns integer indices in `[0, inputDim)` into dense vectors of size
 * `outputDim` (rows of the `embeddings` weight). With `maskZero`, index 0
 * is padding: the output carries a mask that is false there.
 *
 * @example
 * const emb = new keras.layers.Embedding(10, 4, { maskZero: true });
 * const y = emb.apply(keras.tensor([[1, 2, 0]], null, "int32")); // shape [1, 3, 4]
 * keras.layers.getKerasMask(y).toArray(); // [[1, 1, 0]] (bool)
 */
export class Embedding extends Layer {
  static override className = "Embedding";
  /** The vocabulary size: indices are in `[0, inputDim)`. */
  readonly inputDim: number;
  /** The size of each embedding vector. */
  readonly outputDim: number;
  /** Initializer of `embeddings` (default `"uniform"`). */
  embeddingsInitializer: Initializer;
  /** Regularizer of `embeddings`. */
  embeddingsRegularizer: Regularizer | null;
  /** Constraint applied to `embeddings` after each optimizer update. */
  embeddingsConstraint: Constraint | null;
  /** Whether index 0 is padding, masked in the output. */
  readonly maskZero: boolean;
  /** The embedding matrix, `[inputDim, outputDim]` (after build). */
  embeddings!: Variable;

  constructor(inputDim: number | EmbeddingOptions, outputDim?: number, options?: Omit<EmbeddingOptions, "inputDim" | "outputDim">) {
    const all = isPlainObject(inputDim) && outputDim === undefined ? { ...inputDim } : { ...(options ?? {}), inputDim, outputDim };
    const [o, base] = splitOptions(all as Record<string, unknown>, KEYS, "Embedding");
    const inDim = dim(o.inputDim, "input_dim");
    const outDim = dim(o.outputDim, "output_dim");
    if (o.quantizationConfig != null) throw new NotImplementedError("Embedding: `quantizationConfig` is not supported; pass null");
    super(base);
    this.inputDim = inDim;
    this.outputDim = outDim;
    this.embeddingsInitializer = getInitializer(o.embeddingsInitializer ?? "uniform")!;
    this.embeddingsRegularizer = getRegularizer(o.embeddingsRegularizer ?? null);
    this.embeddingsConstraint = getConstraint(o.embeddingsConstraint ?? null);
    this.maskZero = Boolean(o.maskZero ?? false);
    this.supportsMasking = this.maskZero;
    this.autocast = false;
    if (o.weights !== undefined && o.weights !== null) {
      this.build();
      const w = o.weights;
      this.setWeights(Array.isArray(w) && w.length === 1 && !(typeof w[0] === "number") ? w : [w]);
    }
  }

  override build(_inputShape?: Shape): void {
    if (this.built) return;
    this.embeddings = this.addWeight({
      name: "embeddings", shape: [this.inputDim, this.outputDim], initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer, constraint: this.embeddingsConstraint, trainable: true,
    });
  }

  override call(inputs: Tensor): Tensor {
    const ids = inputs.dtype === "int32" ? inputs : cast(inputs, "int32");
    return cast(take(this.embeddings.value, ids, 0), this.computeDtype as never);
  }

  override computeMask(inputs: unknown): Tensor | null {
    if (!this.maskZero) return null;
    return notEqual(inputs as Tensor, 0);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    const base = super.getConfig();
    const reg = this.activityRegularizer;
    return {
      ...base,
      /** The vocabulary size: indices are in `[0, inputDim)`. */
      inputDim: this.inputDim,
      /** The size of each embedding vector. */
      outputDim: this.outputDim,
      /** Initializer of `embeddings` (default `"uniform"`). */
      embeddingsInitializer: initializerConfig(this.embeddingsInitializer),
      /** Regularizer of `embeddings`. */
      embeddingsRegularizer: regularizerConfig(this.embeddingsRegularizer),
      // Keras's Embedding always writes activity_regularizer (after embeddings_regularizer unless set).
      activityRegularizer: reg === null ? null : serializeRegularizer(reg as Regularizer),
      /** Constraint applied to `embeddings` after each optimizer update. */
      embeddingsConstraint: constraintConfig(this.embeddingsConstraint),
      /** Whether index 0 is padding, masked in the output. */
      maskZero: this.maskZero,
      quantizationConfig: null,
    };
  }
}
registerLayer(Embedding, ["Embedding"]);

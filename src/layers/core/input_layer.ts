// keras.layers.InputLayer (keras/src/layers/core/input_layer.py), as a
// Layer holding the batch shape, dtype and flags of a model input. The
// symbolic tensor it produces in Keras (`Input()`, `layer.output`) belongs
// to the functional-model work and is not here yet.
import { NotImplementedError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { standardizeDtype } from "../../dtypes.js";
import { floatx } from "../../config/floatx.js";
import { standardizeShape } from "../../variables.js";
import { Layer, type Shape } from "../layer.js";
import { registerLayer } from "../layer_options.js";

/** The options of `InputLayer` (Keras's keyword arguments, camelCase). */
export interface InputLayerOptions {
  /** The input shape without the batch axis (`null` for unknown sizes). */
  shape?: Shape | null;
  /** The fixed batch size, if any. */
  batchSize?: number | null;
  /** The input dtype (default floatx). */
  dtype?: string | null;
  /** Sparse inputs (not supported: only false). */
  sparse?: boolean | null;
  /** Ragged inputs (not supported: only false). */
  ragged?: boolean | null;
  /** The full input shape, batch axis included. */
  batchShape?: Shape | null;
  /** Whether the input may be absent (Keras's `optional`). */
  optional?: boolean;
  /** The layer name. */
  name?: string | null;
  /** Deprecated Keras spellings of `shape` / `batchShape`. */
  inputShape?: Shape | null;
  /** Deprecated Keras spelling of `batchShape`. */
  batchInputShape?: Shape | null;
  /** A symbolic input tensor (not supported yet). */
  inputTensor?: unknown;
}

/**
 * The input of a model: its batch shape (`[batchSize, ...shape]`), dtype
 * (default floatx) and flags. Calling it returns its input unchanged.
 *
 * @example
 * const input = new keras.layers.InputLayer({ shape: [784] });
 * input.batchShape; // [null, 784]
 */
export class InputLayer extends Layer {
  static override className = "InputLayer";
  /** The full input shape, batch axis included. */
  readonly batchShape: (number | null)[];
  /** Sparse inputs (not supported: only false). */
  readonly sparse: boolean;
  /** Ragged inputs (not supported: only false). */
  readonly ragged: boolean;
  /** Whether the input may be absent (Keras's `optional`). */
  readonly optional: boolean;
  private readonly inputDtype_: string;

  constructor(options: InputLayerOptions = {}) {
    const { shape: s0, batchSize = null, dtype = null, sparse = null, ragged = null, batchShape: b0, optional = false, name = null,
      inputShape, batchInputShape, inputTensor, ...rest } = options;
    if (inputTensor != null) throw new NotImplementedError("InputLayer: `inputTensor` (a symbolic KerasTensor) is not supported yet");
    const shape = s0 ?? inputShape ?? null;
    const batchShape = b0 ?? batchInputShape ?? null;
    if (shape !== null && batchShape !== null) throw new ValueError("You cannot pass both `shape` and `batch_shape` at the same time. (layer InputLayer)");
    if (batchSize !== null && batchShape !== null) throw new ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time. (layer InputLayer)");
    if (shape === null && batchShape === null) throw new ValueError("You must pass a `shape` argument. (layer InputLayer)");
    const full = batchShape !== null ? standardizeShape(batchShape) : [batchSize, ...standardizeShape(shape!)];
    const dt = standardizeDtype(dtype ?? floatx(), "InputLayer: dtype");
    if (sparse) throw new ValueError("`sparse=True` is not supported with the keras-wasm backend (layer InputLayer)");
    if (ragged) throw new ValueError("`ragged=True` is not supported with the keras-wasm backend (layer InputLayer)");
    super({ name, ...rest });
    this.batchShape = full;
    this.inputDtype_ = dt;
    this.sparse = false;
    this.ragged = false;
    this.optional = Boolean(optional);
    this.built = true;
  }

  /** The dtype of the input (not a dtype policy). */
  override get dtype(): string {
    return this.inputDtype_;
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputShape(): Shape {
    return this.batchShape;
  }

  override getConfig(): Record<string, unknown> {
    return { batchShape: [...this.batchShape], dtype: this.dtype, sparse: this.sparse, ragged: this.ragged, name: this.name, optional: this.optional };
  }
}
registerLayer(InputLayer, ["InputLayer"]);

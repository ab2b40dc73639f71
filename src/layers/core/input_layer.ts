// keras.layers.InputLayer and keras.Input (keras/src/layers/core/
// input_layer.py): a Layer holding the batch shape, dtype and flags of a
// model input, and the symbolic tensor (KerasTensor) that stands for it in
// a functional graph, recorded as the layer's one input node.
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { KerasTensor } from "../../symbolic/keras_tensor.js";
import { Node, inboundNodes } from "../../symbolic/node.js";
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
  /** An existing KerasTensor to use as the input (Keras's `input_tensor`); its shape and dtype win. */
  inputTensor?: KerasTensor | null;
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
    if (inputTensor != null && !(inputTensor instanceof KerasTensor)) {
      throw new ValueError(`Argument \`input_tensor\` must be a KerasTensor. Received invalid type: inputTensor=${String(inputTensor)} (layer InputLayer)`);
    }
    const shape = s0 ?? inputShape ?? null;
    const batchShape = b0 ?? batchInputShape ?? null;
    if (shape !== null && batchShape !== null) throw new ValueError("You cannot pass both `shape` and `batch_shape` at the same time. (layer InputLayer)");
    if (batchSize !== null && batchShape !== null) throw new ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time. (layer InputLayer)");
    if (shape === null && batchShape === null && inputTensor == null) throw new ValueError("You must pass a `shape` argument. (layer InputLayer)");
    const full = inputTensor != null ? inputTensor.shape as (number | null)[]
      : batchShape !== null ? standardizeShape(batchShape) : [batchSize, ...standardizeShape(shape!)];
    const dt = inputTensor != null ? inputTensor.dtype : standardizeDtype(dtype ?? floatx(), "InputLayer: dtype");
    if (sparse) throw new ValueError("`sparse=True` is not supported with the keras-wasm backend (layer InputLayer)");
    if (ragged) throw new ValueError("`ragged=True` is not supported with the keras-wasm backend (layer InputLayer)");
    super({ name, ...rest });
    this.batchShape = full;
    this.inputDtype_ = dt;
    this.sparse = false;
    this.ragged = false;
    this.optional = Boolean(optional);
    this.built = true;
    // The input node: no arguments, the KerasTensor as output.
    const t = inputTensor ?? new KerasTensor(full, { dtype: dt, name: this.name });
    new Node(this, [], {}, t);
  }

  /** The dtype of the input (not a dtype policy). */
  override get dtype(): string {
    return this.inputDtype_;
  }

  /** The KerasTensor standing for this input in a functional graph (what `Input()` returns). */
  get output(): KerasTensor {
    return inboundNodes(this)[0]!.outputs[0]!;
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

/** The options of `Input()`: an input's shape (without the batch axis), batch size, dtype and name. */
export interface InputOptions {
  /** The shape without the batch axis (`null` for sizes known only at call time). */
  shape?: Shape | null;
  /** A fixed batch size (default: unknown). */
  batchSize?: number | null;
  /** The dtype (default floatx, `"float32"`). */
  dtype?: string | null;
  /** The input's name (its InputLayer's and KerasTensor's; default `input_layer`, `input_layer_1`, ...). */
  name?: string | null;
  /** The full shape, batch axis included (instead of `shape` and `batchSize`). */
  batchShape?: Shape | null;
  /** Sparse inputs (not supported: only false). */
  sparse?: boolean | null;
  /** Whether the input may be absent (null) when the model is called. */
  optional?: boolean;
  /** An existing KerasTensor to wrap. */
  tensor?: KerasTensor | null;
}

/**
 * `keras.Input`: the symbolic tensor (a `KerasTensor`) that starts a
 * functional model. Calling layers and `keras.ops` functions on it builds
 * the graph; `new keras.Model({ inputs, outputs })` (or `Functional`)
 * turns it into a model.
 *
 * @example
 * const x = keras.layers.Input({ shape: [3], name: "features" });
 * x.shape; // [null, 3]
 * x.name; // "features"
 * const y = new keras.layers.Dense(2).apply(x);
 * y.shape; // [null, 2]
 */
export function Input(options: InputOptions = {}): KerasTensor {
  const { shape = null, batchSize = null, dtype = null, name = null, batchShape = null, sparse = null, optional = false, tensor = null } = options;
  const layer = new InputLayer({ shape, batchSize, dtype, name, batchShape, sparse, optional, inputTensor: tensor });
  return layer.output;
}

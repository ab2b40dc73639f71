// keras.Model built from inputs and outputs (keras/src/models/functional.py):
// a Model (compile, fit, summary, ...) whose call runs a graph of layer and op calls recorded on
// KerasTensors, in topological order.
import { ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { convertToTensor } from "../ops/core.js";
import { expandDims, squeeze } from "../ops/shape_ops.js";
import { KerasTensor } from "../symbolic/keras_tensor.js";
import { OpOperation } from "../symbolic/symbolic_call.js";
import { mapKerasTensors, type Node, type Operation } from "../symbolic/node.js";
import { Layer } from "../layers/layer.js";
import { Model } from "./model.js";
import { InputLayer } from "../layers/core/input_layer.js";
import { getKerasMask, setKerasMask } from "../layers/masking.js";
import { flatten, isPlainObject, mapStructure } from "../layers/structure.js";
import type { CallOptions } from "../layers/layer_state.js";
import { mapGraph, topologicalNodes, type GraphMap } from "./functional_graph.js";
import { functionalConfig, functionalFromConfig } from "./functional_config.js";
import type { DeserializeOptions } from "../saving/serialization.js";
import { registerBuiltin } from "../saving/object_registration.js";

/** The options of a functional model: its input and output KerasTensors (nested in arrays or objects), name and trainability. */
export interface FunctionalOptions {
  /** The inputs: `Input()` tensors (or tensors computed from them), alone, in an array or in an object keyed by name. */
  inputs: unknown;
  /** The outputs: KerasTensors computed from the inputs, alone, in an array or in an object. */
  outputs: unknown;
  /** The model's name (default `functional`, `functional_1`, ...). */
  name?: string | null;
  /** Whether the model's weights are trainable. */
  trainable?: boolean;
}

const checkSymbolic = (what: "inputs" | "outputs", struct: unknown): KerasTensor[] => {
  const flat = flatten(struct);
  for (const x of flat) {
    if (!(x instanceof KerasTensor)) {
      throw new ValueError(
        `All \`${what}\` values must be KerasTensors. Received: ${what}=${describe(struct)} including invalid value ${describe(x)} of type ${typeof x}`,
      );
    }
  }
  if (flat.length === 0) throw new ValueError(`\`${what}\` argument cannot be empty. Received: ${what}=${describe(struct)}`);
  return flat as KerasTensor[];
};

// The graph of each model, beside it (not a tracked attribute: tracking
// would scan it for layers).
interface GraphState { inputsStruct: unknown; outputsStruct: unknown; graph: GraphMap; runOrder: Node[] }
const GRAPHS = new WeakMap<object, GraphState>();
const graphOf = (model: object): GraphState => GRAPHS.get(model)!;

/**
 * A model defined as a graph of layers (and `keras.ops` calls) from
 * `Input()` tensors to outputs: Keras's functional API. Inputs and outputs
 * may be single KerasTensors, arrays or objects keyed by name; layers may
 * be shared and models nested. Calling it (`apply`) runs the graph on
 * values in topological order.
 *
 * @example
 * const inputs = keras.layers.Input({ shape: [3] });
 * const x = new keras.layers.Dense(4, { activation: "relu" }).apply(inputs);
 * const outputs = new keras.layers.Dense(2).apply(ops.add(x, 1));
 * const model = new keras.Model({ inputs, outputs, name: "tiny" }); // a Functional
 * model instanceof keras.models.Functional; // true
 * model.layers.length; // 3 (the InputLayer and two Dense; `ops.add` is not a layer)
 * model.apply(ops.ones([5, 3])).shape; // [5, 2]
 */
export class Functional extends Model {
  static override className = "Functional";
  /** @internal Keras's `_inputs_struct`: the inputs as given. */
  get _inputsStruct(): unknown { return graphOf(this).inputsStruct; }
  /** @internal Keras's `_outputs_struct`. */
  get _outputsStruct(): unknown { return graphOf(this).outputsStruct; }
  /** @internal The graph (nodes by depth, operations). */
  get _graph(): GraphMap { return graphOf(this).graph; }
  /** @internal The graph's nodes in run order. */
  get _runOrder(): Node[] { return graphOf(this).runOrder; }

  constructor(options: FunctionalOptions) {
    if (!isPlainObject(options)) throw new ValueError(`Functional: expected an options object { inputs, outputs, name? }; received ${describe(options)}`);
    const { inputs, outputs, name = null, trainable, ...rest } = options;
    if (Object.keys(rest).length > 0) throw new ValueError(`Functional: unrecognized keyword arguments: ${Object.keys(rest).join(", ")}`);
    const flatIn = checkSymbolic("inputs", inputs);
    const flatOut = checkSymbolic("outputs", outputs);
    if (isPlainObject(inputs)) {
      for (const [k, v] of Object.entries(inputs)) {
        if (v instanceof KerasTensor && k !== v.name) {
          console.warn(
            `When providing \`inputs\` as a dict, all keys in the dict must match the names of the corresponding tensors. ` +
              `Received key '${k}' mapping to value ${v} which has name '${v.name}'. Change the tensor name to '${k}' (via \`Input({ name: '${k}' })\`)`,
          );
        }
      }
    }
    const graph = mapGraph(flatIn, flatOut);
    super({ name, ...(trainable === undefined ? {} : { trainable }) });
    const self = this as unknown as Record<string, unknown>;
    GRAPHS.set(this, { inputsStruct: inputs, outputsStruct: outputs, graph, runOrder: topologicalNodes(graph) });
    // The layers, tracked like any stored sub-layers (weights, training flag).
    self.graphLayers = graph.operations.filter((op): op is Layer => op instanceof Layer);
    this.supportsMasking = true;
    this.built = true;
  }

  /** The layers of the graph, from the inputs on (InputLayers included; `keras.ops` calls are not layers). */
  override get layers(): Layer[] {
    return this._graph.operations.filter((op): op is Layer => op instanceof Layer);
  }

  /** @internal Every operation of the graph, layers and ops (Keras's `operations`). */
  get operations(): Operation[] {
    return this._graph.operations.slice();
  }

  /** The input KerasTensors, flattened. */
  get inputs(): KerasTensor[] {
    return flatten(this._inputsStruct) as KerasTensor[];
  }

  /** The output KerasTensors, flattened. */
  get outputs(): KerasTensor[] {
    return flatten(this._outputsStruct) as KerasTensor[];
  }

  /** The inputs as given to the constructor (Keras's `model.input`). */
  get input(): unknown {
    return this._inputsStruct;
  }

  /** The outputs as given to the constructor (Keras's `model.output`). */
  get output(): unknown {
    return this._outputsStruct;
  }

  /** The names of the output layers, in output order. */
  get outputNames(): string[] {
    return this.outputs.map((t) => t._kerasHistory!.operation.name);
  }

  /** Runs the graph on values: inputs matched to the model's inputs (by position, or by name for an object). */
  override call(inputs: unknown, options: CallOptions = {}): unknown {
    const flat = this.standardizeInputs(inputs);
    if (options.mask !== undefined && options.mask !== null) {
      flatten(options.mask).forEach((m, i) => {
        if (m instanceof Tensor && flat[i] instanceof Tensor) setKerasMask(flat[i]!, m);
      });
    }
    const values = new Map<KerasTensor, unknown>();
    this.inputs.forEach((t, i) => values.set(t, flat[i]));
    const { training } = options;
    for (const node of this._runOrder) {
      if (node.isInput) continue;
      if (node.inputTensors.some((t) => !values.has(t))) continue;
      const fill = (x: unknown): unknown => mapKerasTensors(x, (t) => values.get(t));
      const op = node.operation;
      const args = fill(node.args) as unknown[];
      let out: unknown;
      if (op instanceof OpOperation) out = op.call(args);
      else {
        const kwargs = fill(node.kwargs) as CallOptions;
        if (training !== undefined && kwargs.training === undefined) kwargs.training = training;
        out = (op as Layer).apply(args[0], kwargs);
      }
      const outs = flatten(out);
      node.outputs.forEach((t, i) => values.set(t, outs[i]));
    }
    const result = mapStructure(this._outputsStruct, (t) => values.get(t as KerasTensor));
    // Keras's `unpack_singleton`: a one-element list of outputs gives the tensor.
    return Array.isArray(result) && result.length === 1 ? result[0] : result;
  }

  // Keras's `_standardize_inputs`: the inputs flattened in the model's
  // input order, converted to each input's dtype.
  private standardizeInputs(inputs: unknown): unknown[] {
    const refs = this.inputs;
    let given: unknown[];
    const struct = this._inputsStruct;
    if (isPlainObject(inputs) && !isPlainObject(struct)) {
      const missing = refs.filter((r) => !Object.hasOwn(inputs, r.name));
      if (missing.length > 0) throw this.structureError(inputs);
      given = refs.map((r) => inputs[r.name]);
    } else if (isPlainObject(struct)) {
      if (!isPlainObject(inputs)) {
        if (refs.length === 1 && !Array.isArray(inputs)) given = [inputs];
        else throw this.structureError(inputs);
      } else {
        const keys = Object.keys(struct);
        if (keys.some((k) => !Object.hasOwn(inputs, k))) throw this.structureError(inputs);
        given = flatten(Object.fromEntries(keys.map((k) => [k, inputs[k]])));
      }
    } else if (refs.length === 1) {
      const tensors = Array.isArray(inputs) && inputs.some((x) => x instanceof Tensor);
      if (tensors && inputs.length !== 1) throw this.structureError(inputs);
      given = tensors ? inputs : [inputs];
    } else {
      given = Array.isArray(inputs) ? inputs : [inputs];
    }
    if (given.length !== refs.length) throw this.structureError(inputs);
    return given.map((x, i) => {
      const ref = refs[i]!;
      if (x === null || x === undefined) {
        const layer = ref._kerasHistory?.operation;
        if (layer instanceof InputLayer && !layer.optional) {
          throw new ValueError(`The input '${ref.name}' is not optional, but None was passed. Please provide a valid tensor.`);
        }
        return x;
      }
      let t = convertToTensor(x as never, x instanceof Tensor && x.dtype === ref.dtype ? null : ref.dtype);
      // Keras's `_adjust_input_rank`: a trailing axis of 1 is squeezed or added to match.
      const mask = getKerasMask(t);
      if (t.ndim === ref.ndim + 1 && t.shape[t.ndim - 1] === 1) t = squeeze(t, -1);
      else if (t.ndim === ref.ndim - 1 && ref.shape[ref.ndim - 1] === 1) t = expandDims(t, -1);
      if (mask !== null && getKerasMask(t) === null) setKerasMask(t, mask);
      if (t.ndim !== ref.ndim || ref.shape.some((d, j) => d !== null && d !== t.shape[j])) {
        throw new ValueError(
          `Input ${i} of layer "${this.name}" is incompatible with the layer: expected shape=(${ref.shape.map((d) => (d === null ? "None" : d)).join(", ")}), ` +
            `found shape=(${t.shape.join(", ")})`,
        );
      }
      return t;
    });
  }

  private structureError(inputs: unknown): ValueError {
    const expected = mapStructure(this._inputsStruct, (t) => (t as KerasTensor).name);
    return new ValueError(
      `The structure of \`inputs\` doesn't match the expected structure.\nExpected: ${JSON.stringify(expected)}\nReceived: inputs=${describe(inputs)}`,
    );
  }

  /** The output masks are attached to the outputs as the graph runs: nothing to add. */
  override computeMask(): unknown {
    return null;
  }

  /** Keras's Functional config: `name`, `trainable`, `layers` (each with its `inbound_nodes`), `input_layers`, `output_layers`. */
  override getConfig(): Record<string, unknown> {
    return functionalConfig(this);
  }

  /**
   * Rebuilds a functional model from its config (Keras's
   * `functional_from_config`): creates the layers, replays their calls in
   * dependency order, and connects the inputs and outputs.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static override fromConfig<T extends Layer>(this: new (...args: any[]) => T, config: Record<string, unknown>, options: DeserializeOptions = {}): T {
    return functionalFromConfig(config, options, (o) => new (Functional as never as new (o: FunctionalOptions) => T)(o)) as T;
  }
}
// Read under Keras's module paths; written as module "keras" (the last registration).
registerBuiltin(Functional as never, "keras.src.models.functional", ["Functional"]);
registerBuiltin(Functional as never, "keras.models", ["Functional"]);
registerBuiltin(Functional as never, "keras", ["Functional"]);

// `new Model({ inputs, outputs })` builds a Functional (Keras's Model.__new__).
Model.functionalFactory = (options) => new Functional(options as FunctionalOptions);

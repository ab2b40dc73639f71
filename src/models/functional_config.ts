// Keras's Functional config (keras/src/models/functional.py get_config,
// functional_from_config, serialize_node, deserialize_node): every
// operation serialized with its name and `inbound_nodes` (the calls, their
// tensor arguments as `__keras_tensor__` references [operation, node
// index, tensor index]), plus `input_layers` / `output_layers`.
import { NotImplementedError, ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "../ops/convert.js";
import * as opsNamespace from "../ops/index.js";
import { KerasTensor } from "../symbolic/keras_tensor.js";
import { inboundNodes, type Node, type Operation } from "../symbolic/node.js";
import { OpOperation, callOperation } from "../symbolic/symbolic_call.js";
import { Layer } from "../layers/layer.js";
import { flatten, isPlainObject, mapStructure } from "../layers/structure.js";
import { serializeKerasObject, deserializeKerasObject, type DeserializeOptions } from "../saving/serialization.js";

/** What functionalConfig reads of a model (Functional, without importing it: no cycle). */
interface GraphModel {
  readonly name: string;
  readonly trainable: boolean;
  readonly _graph: { operations: Operation[]; nodes: Set<Node> };
  readonly _inputsStruct: unknown;
  readonly _outputsStruct: unknown;
}

const isFunctional = (op: unknown): boolean => op instanceof Layer && "_graph" in op;

/** Where ops are recorded in a config (Keras 3 writes `keras.src.ops.<module>`; both are read). */
const OPS_MODULE = "keras.ops";

/** `model.getConfig()` of a functional model. */
export function functionalConfig(model: GraphModel): Record<string, unknown> {
  const { operations, nodes } = model._graph;
  for (const t of flatten(model._inputsStruct) as KerasTensor[]) {
    const h = t._kerasHistory;
    if (h === null || !inboundNodes(h.operation)[h.nodeIndex]!.isInput) {
      throw new NotImplementedError(
        `getConfig of model '${model.name}': input ${t} is an intermediate tensor, not an Input(); ` +
          "such a model runs, but its config (Keras clones new Inputs for it) is not supported yet",
      );
    }
  }
  // Each node's index among the model's own nodes of its operation (a
  // nested functional model counts one built-in node first, as in Keras).
  const reindex = new Map<Node, number>();
  for (const op of operations) {
    let kept = isFunctional(op) ? 1 : 0;
    for (const node of inboundNodes(op)) if (nodes.has(node)) reindex.set(node, kept++);
  }
  const ownIndex = (t: KerasTensor): number => {
    const h = t._kerasHistory!;
    return inboundNodes(h.operation).slice(0, h.nodeIndex).filter((n) => nodes.has(n)).length;
  };
  const serializeArg = (x: unknown): unknown => {
    if (x instanceof KerasTensor) {
      const h = x._kerasHistory;
      return {
        class_name: "__keras_tensor__",
        config: { shape: x.shape, dtype: x.dtype, keras_history: h === null ? null : [h.operation.name, ownIndex(x), h.tensorIndex] },
      };
    }
    if (x instanceof Tensor) return { class_name: "__tensor__", config: { value: x.toArray(), dtype: x.dtype } };
    if (Array.isArray(x)) return x.map(serializeArg);
    if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, serializeArg(v)]));
    return x;
  };
  const layers = operations.map((op) => {
    const inbound = inboundNodes(op)
      .filter((n) => nodes.has(n) && !n.isInput)
      .map((n) => ({ args: serializeArg(n.args), kwargs: serializeArg(n.kwargs) }));
    const entry = op instanceof OpOperation
      ? { module: OPS_MODULE, class_name: op.className, config: { name: op.name }, registered_name: null }
      : (serializeKerasObject(op) as Record<string, unknown>);
    return { ...entry, name: op.name, inbound_nodes: inbound };
  });
  const tensorRef = (t: unknown): unknown => {
    const h = (t as KerasTensor)._kerasHistory!;
    return [h.operation.name, reindex.get(inboundNodes(h.operation)[h.nodeIndex]!)!, h.tensorIndex];
  };
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    inputLayers: mapStructure(model._inputsStruct, tensorRef),
    outputLayers: mapStructure(model._outputsStruct, tensorRef),
  };
}

const isRef = (x: unknown): x is [string, number, number] =>
  Array.isArray(x) && x.length === 3 && typeof x[0] === "string" && typeof x[1] === "number" && typeof x[2] === "number";

/** Thrown while a node's inputs do not exist yet: the node is retried later (Keras's IndexError). */
class NotYet extends Error {}

/** Keras's `functional_from_config`. `make` constructs the model. */
export function functionalFromConfig(
  config: Record<string, unknown>, options: DeserializeOptions, make: (o: { inputs: unknown; outputs: unknown; name: string | null; trainable?: boolean }) => Layer,
): Layer {
  const layersData = config.layers;
  if (!Array.isArray(layersData)) throw new ValueError(`Functional.fromConfig: \`layers\` must be an array; received ${describe(layersData)}`);
  const created = new Map<string, Operation>();
  const pending = new Map<Operation, unknown[]>();
  for (const data of layersData as Record<string, unknown>[]) {
    const name = String(data.name ?? (data.config as Record<string, unknown> | undefined)?.name);
    const { name: _n, inbound_nodes: inbound = [], ...json } = data;
    const module = typeof json.module === "string" ? json.module : "";
    let op: Operation;
    if (module === OPS_MODULE || module.startsWith("keras.src.ops")) {
      const cls = String(json.class_name);
      const opName = cls.charAt(0).toLowerCase() + cls.slice(1);
      // Only the namespace's own exports: a file's name never reaches a prototype.
      const fn = Object.hasOwn(opsNamespace, opName) ? (opsNamespace as Record<string, unknown>)[opName] : undefined;
      if (typeof fn !== "function") throw new ValueError(`Functional.fromConfig: unknown operation '${cls}' (layer '${name}')`);
      op = new OpOperation(opName, fn as (...a: unknown[]) => unknown, name);
    } else {
      op = deserializeKerasObject(json, options) as Operation;
      if (!(op instanceof Layer)) throw new ValueError(`Unexpected object from deserialization, expected a layer or operation, got a ${describe(op)}`);
    }
    created.set(name, op);
    pending.set(op, [...(inbound as unknown[])]);
  }
  const revive = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(revive);
    if (!isPlainObject(x)) return x;
    if (x.class_name === "__keras_tensor__") {
      const history = (x.config as Record<string, unknown>).keras_history;
      if (!isRef(history)) throw new ValueError(`Functional.fromConfig: a tensor without keras_history: ${JSON.stringify(x)}`);
      const op = created.get(history[0]);
      if (op === undefined) throw new ValueError(`Unknown layer: ${history[0]}`);
      const node = inboundNodes(op)[history[1]];
      if (node === undefined) throw new NotYet();
      return node.outputs[history[2]];
    }
    if (x.class_name === "__tensor__") {
      const c = x.config as Record<string, unknown>;
      return tensor(c.value as never, null, c.dtype as string);
    }
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, revive(v)]));
  };
  // Replay the calls in config order, deferring those whose inputs do not exist yet.
  while (pending.size > 0) {
    let progressed = false;
    for (const data of layersData as Record<string, unknown>[]) {
      const op = created.get(String(data.name ?? (data.config as Record<string, unknown>).name))!;
      const queue = pending.get(op);
      if (queue === undefined) continue;
      while (queue.length > 0) {
        const nodeData = queue[0] as Record<string, unknown>;
        let args: unknown[];
        let kwargs: Record<string, unknown>;
        try {
          args = revive(nodeData.args ?? []) as unknown[];
          // A mask Keras recorded from an earlier layer's compute_mask is attached to
          // the tensors again when the graph runs: the call does not take it.
          const { mask: _mask, ...rest } = (isPlainObject(nodeData.kwargs) ? nodeData.kwargs : {}) as Record<string, unknown>;
          kwargs = revive(rest) as Record<string, unknown>;
        } catch (e) {
          if (e instanceof NotYet) break;
          throw e;
        }
        if (op instanceof OpOperation) callOperation(op, args);
        else (op as Layer).apply(args[0], kwargs);
        queue.shift();
        progressed = true;
      }
      if (queue.length === 0) pending.delete(op);
    }
    if (!progressed && pending.size > 0) throw new ValueError(`Functional.fromConfig: cannot connect the layers [${[...pending.keys()].map((o) => o.name).join(", ")}]`);
  }
  const getTensor = (ref: unknown): KerasTensor => {
    if (!isRef(ref)) throw new ValueError(`Functional.fromConfig: expected [layer name, node index, tensor index]; received ${describe(ref)}`);
    const op = created.get(ref[0]);
    if (op === undefined) throw new ValueError(`Internal error: could not find layer ${ref[0]}.`);
    const node = inboundNodes(op)[isFunctional(op) ? ref[1] - 1 : ref[1]];
    if (node === undefined) throw new ValueError(`Functional.fromConfig: layer '${ref[0]}' has no node ${ref[1]}`);
    return node.outputs[ref[2]]!;
  };
  const mapRefs = (x: unknown): unknown =>
    isRef(x) ? getTensor(x) : Array.isArray(x) ? x.map(mapRefs) : isPlainObject(x) ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapRefs(v)])) : x;
  const inputs = mapRefs(config.inputLayers ?? config.input_layers);
  const outputs = mapRefs(config.outputLayers ?? config.output_layers);
  const name = (config.name as string | undefined) ?? null;
  const model = make({ inputs, outputs, name, ...(typeof config.trainable === "boolean" ? { trainable: config.trainable } : {}) });
  return model;
}

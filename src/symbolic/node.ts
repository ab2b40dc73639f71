// Keras's Node (keras/src/ops/node.py): one call of an operation (a layer,
// or a keras.ops function) on KerasTensors, as recorded while a functional
// graph is built. The arguments keep their structure, with KerasTensors
// where tensors go; replaying the node fills those in with values.
import { KerasTensor } from "./keras_tensor.js";

/** Something a node calls: a layer, or an op (ops.ts `OpOperation`). */
export interface Operation {
  readonly name: string;
}

// Keras's `operation._inbound_nodes`, kept beside the operation so that
// layers need no new field.
const INBOUND = new WeakMap<object, Node[]>();

/** The recorded calls of `operation`, oldest first (Keras's `_inbound_nodes`). */
export function inboundNodes(operation: object): Node[] {
  let nodes = INBOUND.get(operation);
  if (nodes === undefined) INBOUND.set(operation, (nodes = []));
  return nodes;
}

/** Every KerasTensor in a structure of arrays and plain objects, in order. */
export function kerasTensorsIn(x: unknown, out: KerasTensor[] = []): KerasTensor[] {
  if (x instanceof KerasTensor) out.push(x);
  else if (Array.isArray(x)) for (const e of x) kerasTensorsIn(e, out);
  else if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) kerasTensorsIn(v, out);
  }
  return out;
}

/** The structure with each KerasTensor replaced by `fn(it)`. */
export function mapKerasTensors(x: unknown, fn: (t: KerasTensor) => unknown): unknown {
  if (x instanceof KerasTensor) return fn(x);
  if (Array.isArray(x)) return x.map((e) => mapKerasTensors(e, fn));
  if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapKerasTensors(v, fn)]));
  }
  return x;
}

/**
 * One call of an operation in a functional graph. Creating it registers it
 * with the operation and stamps its outputs' `_kerasHistory`.
 * @internal
 */
export class Node {
  /** The KerasTensors among the arguments, in order. */
  readonly inputTensors: KerasTensor[];
  /** The outputs, flattened. */
  readonly outputs: KerasTensor[];

  constructor(
    readonly operation: Operation,
    /** The positional arguments, as given (structures of KerasTensors and constants). */
    readonly args: readonly unknown[],
    /** The keyword arguments (`training`, ...), as given. */
    readonly kwargs: Readonly<Record<string, unknown>>,
    outputs: unknown,
  ) {
    this.inputTensors = kerasTensorsIn([args, kwargs]);
    this.outputs = kerasTensorsIn(outputs);
    const nodes = inboundNodes(operation);
    const nodeIndex = nodes.length;
    nodes.push(this);
    this.outputs.forEach((t, tensorIndex) => {
      t._kerasHistory = { operation, nodeIndex, tensorIndex };
    });
  }

  /** An input node (an InputLayer's): it takes no tensors. */
  get isInput(): boolean {
    return this.inputTensors.length === 0;
  }

  /** The nodes that produced this node's input tensors. */
  get parentNodes(): Node[] {
    const out: Node[] = [];
    for (const t of this.inputTensors) {
      const h = t._kerasHistory;
      if (h !== null) out.push(inboundNodes(h.operation)[h.nodeIndex]!);
    }
    return out;
  }
}

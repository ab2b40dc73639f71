// The graph behind a functional model (Keras's keras/src/ops/function.py
// `map_graph`): the nodes between some input and output KerasTensors,
// grouped by depth, the operations they call, and Keras's checks
// (disconnected graphs, cycles, unique names).
import { ValueError } from "../errors.js";
import type { KerasTensor } from "../symbolic/keras_tensor.js";
import { Node, inboundNodes, type Operation } from "../symbolic/node.js";

/** What `mapGraph` finds. */
export interface GraphMap {
  /** The nodes by depth (0: the outputs' nodes; higher: further upstream). */
  nodesByDepth: Map<number, Node[]>;
  /** The operations, from the inputs on (by decreasing depth, ties in traversal order). */
  operations: Operation[];
  /** The nodes that belong to the graph. */
  nodes: Set<Node>;
}

const nodeOf = (t: KerasTensor): Node | null => {
  const h = t._kerasHistory;
  return h === null ? null : inboundNodes(h.operation)[h.nodeIndex]!;
};

// Keras's `_build_map`: a depth-first walk from the outputs, nodes in
// topological order (inputs first), operations in first-seen order.
function buildMap(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[]): { ordered: Node[]; opIndex: Map<Operation, number> } {
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const opIndex = new Map<Operation, number>();
  const inputSet = new Set(inputs);
  const visit = (t: KerasTensor): void => {
    const node = nodeOf(t);
    // An intermediate tensor given as an input: the graph starts there.
    if (node === null || finished.has(node) || (inputSet.has(t) && !node.isInput)) return;
    if (inProgress.has(node)) throw new ValueError(`Tensor ${t} from operation '${node.operation.name}' is part of a cycle.`);
    if (!opIndex.has(node.operation)) opIndex.set(node.operation, opIndex.size);
    inProgress.add(node);
    if (!node.isInput && !inputSet.has(t)) for (const x of node.inputTensors) visit(x);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  for (const o of outputs) visit(o);
  return { ordered, opIndex };
}

/** Keras's `map_graph`: validates the graph between `inputs` and `outputs` and orders it. */
export function mapGraph(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[]): GraphMap {
  const { ordered, opIndex } = buildMap(inputs, outputs);
  const nodes = new Set(ordered);
  const nodeDepth = new Map<Node, number>();
  const opDepth = new Map<Operation, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i]!;
    let depth = nodeDepth.get(node) ?? 0;
    // A shared operation takes its deepest node's depth.
    depth = Math.max(depth, opDepth.get(node.operation) ?? 0);
    opDepth.set(node.operation, depth);
    nodeDepth.set(node, depth);
    for (const parent of node.parentNodes) if (nodes.has(parent)) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
  }
  // Inputs not connected to the outputs still belong to the model.
  for (const x of inputs) {
    const h = x._kerasHistory;
    // (An intermediate tensor as input: its producer is not part of the model.)
    if (h !== null && !opDepth.has(h.operation) && inboundNodes(h.operation)[h.nodeIndex]!.isInput) {
      opDepth.set(h.operation, 0);
      opIndex.set(h.operation, -1);
      const n = inboundNodes(h.operation)[0]!;
      nodeDepth.set(n, 0);
      nodes.add(n);
    }
  }
  const nodesByDepth = new Map<number, Node[]>();
  for (const [node, d] of nodeDepth) {
    if (!nodesByDepth.has(d)) nodesByDepth.set(d, []);
    nodesByDepth.get(d)!.push(node);
  }
  const opsByDepth = new Map<number, Operation[]>();
  for (const [op, d] of opDepth) {
    if (!opsByDepth.has(d)) opsByDepth.set(d, []);
    opsByDepth.get(d)!.push(op);
  }
  const operations: Operation[] = [];
  for (const d of [...opsByDepth.keys()].sort((a, b) => b - a)) {
    operations.push(...opsByDepth.get(d)!.sort((a, b) => opIndex.get(a)! - opIndex.get(b)!));
  }
  // Every tensor a node needs must come from the inputs.
  const computable = new Set<KerasTensor>(inputs);
  const done: string[] = [];
  for (const d of [...nodesByDepth.keys()].sort((a, b) => b - a)) {
    for (const node of nodesByDepth.get(d)!) {
      for (const x of node.inputTensors) {
        if (!computable.has(x)) {
          throw new ValueError(
            `Graph disconnected: cannot find parent for tensor ${x} at operation '${node.operation.name}'. ` +
              `The following previous operations were accessed without issue: [${done.map((n) => `'${n}'`).join(", ")}]`,
          );
        }
      }
      done.push(node.operation.name);
      // An Input that is not one of the model's inputs gives nothing: what
      // needs it is disconnected (Keras 3 would only fail when called).
      if (!node.isInput) for (const x of node.outputs) computable.add(x);
    }
  }
  const names = operations.map((op) => op.name);
  for (const name of names) {
    const count = names.filter((n) => n === name).length;
    if (count !== 1) throw new ValueError(`The name "${name}" is used ${count} times in the model. All operation names should be unique.`);
  }
  return { nodesByDepth, operations, nodes };
}

/** The nodes by decreasing depth: an order in which each node's inputs are computed before it. */
export function topologicalNodes(map: GraphMap): Node[] {
  return [...map.nodesByDepth.keys()].sort((a, b) => b - a).flatMap((d) => map.nodesByDepth.get(d)!);
}

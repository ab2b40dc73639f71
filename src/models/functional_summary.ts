// What `summary()` shows of a functional model (keras/src/utils/
// summary_utils.py): one row per operation of the graph (InputLayers and
// keras.ops calls included), the output shape from the operation's last
// call, and, unless the graph is a plain chain, a "Connected to" column
// naming each call's input tensors as `layer[node][tensor]`.
import { Layer } from "../layers/layer.js";
import { classNameOf } from "../saving/object_registration.js";
import { OpOperation } from "../symbolic/symbolic_call.js";
import { inboundNodes, type Node, type Operation } from "../symbolic/node.js";

/** What summary_utils reads of a functional model. */
export interface SummaryGraph {
  readonly operations: Operation[];
  readonly _graph: { nodesByDepth: Map<number, Node[]>; nodes: Set<Node> };
}

/** The table layout Keras picks for a model: its columns, their alignment and default widths (summary.ts draws it). */
export interface SummaryLayout {
  /** A chain of single-input calls with no shared layer: the Sequential table (no "Connected to"). */
  sequentialLike: boolean;
  /** Column titles. */
  header: string[];
  /** Right-aligned columns. */
  right: boolean[];
  /** Where each column ends, as fractions of the line. */
  positions: number[];
  /** The line length when none is given (before the terminal's limit). */
  defaultLineLength: number;
  /** One row per operation, cells as text. */
  rows: string[][];
}

const shapeText = (s: readonly (number | null)[]): string => `(${s.map((d) => (d === null ? "None" : String(d))).join(", ")})`;

/** Keras's `format_layer_shape` for an operation of a graph: the outputs of its last call. */
export function outputShapeText(op: Operation): string {
  const nodes = inboundNodes(op);
  if (nodes.length === 0) return "?";
  const outs = nodes[nodes.length - 1]!.outputs;
  return outs.length === 1 ? shapeText(outs[0]!.shape) : `[${outs.map((t) => shapeText(t.shape)).join(", ")}]`;
}

/** Keras's `get_connections`: `layer[node][tensor]` for each input of each of the operation's calls in the graph, or `-`. */
export function connectedTo(model: SummaryGraph, op: Operation): string {
  const parts: string[] = [];
  for (const node of inboundNodes(op)) {
    if (!model._graph.nodes.has(node)) continue;
    for (const t of node.inputTensors) {
      const h = t._kerasHistory!;
      parts.push(`${h.operation.name}[${h.nodeIndex}][${h.tensorIndex}]`);
    }
  }
  return parts.length === 0 ? "-" : parts.join(", ");
}

/** Keras's test: one node per depth, each with at most one input tensor, and no layer called twice. */
export function isSequentialLike(model: SummaryGraph): boolean {
  const nodes: Node[] = [];
  for (const v of model._graph.nodesByDepth.values()) {
    if (v.length > 1 || (v.length === 1 && v[0]!.inputTensors.length > 1)) return false;
    nodes.push(...v);
  }
  const inGraph = new Set(nodes);
  for (const op of model.operations) {
    if (inboundNodes(op).filter((n) => inGraph.has(n)).length > 1) return false;
  }
  return true;
}

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** The rows and layout of a functional model's summary table. */
export function summaryLayout(model: SummaryGraph): SummaryLayout {
  const sequentialLike = isSequentialLike(model);
  const rows = model.operations.map((op) => {
    const cls = op instanceof OpOperation ? op.className : classNameOf((op as Layer).constructor);
    // An op has no weights and no `built`: Keras prints 0.
    const params = !(op instanceof Layer) ? "0" : !op.built ? "0 (unbuilt)" : thousands(op.countParams());
    const row = [`${op.name} (${cls})`, outputShapeText(op), params];
    if (!sequentialLike) row.push(connectedTo(model, op));
    return row;
  });
  return sequentialLike
    ? { sequentialLike, header: ["Layer (type)", "Output Shape", "Param #"], right: [false, false, true], positions: [0.45, 0.8, 1.0], defaultLineLength: 88, rows }
    : {
      sequentialLike, header: ["Layer (type)", "Output Shape", "Param #", "Connected to"], right: [false, false, true, false],
      positions: [0.3, 0.56, 0.74, 1.0], defaultLineLength: 108, rows,
    };
}

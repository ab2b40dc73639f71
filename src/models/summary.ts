// model.summary() (keras/src/utils/summary_utils.py): the table Keras prints
// through rich, reproduced without it: box-drawing borders, columns at
// `positions` of the line length, shrunk as rich shrinks fixed-width
// columns, cells word-wrapped as rich wraps them, then the parameter
// totals with their byte sizes. A functional model's rows and columns
// (InputLayers, ops, "Connected to") come from functional_summary.ts.
import { ValueError } from "../errors.js";
import { STORAGE, type DType } from "../dtypes.js";
import { classNameOf } from "../saving/object_registration.js";
import type { Layer } from "../layers/layer.js";
import type { Variable } from "../variables.js";
import { summaryLayout, type SummaryGraph, type SummaryLayout } from "./functional_summary.js";

const isGraphModel = (m: object): m is SummaryGraph => "_graph" in m;

/** Options of `summary` (Keras's keyword arguments, camelCase). */
export interface SummaryOptions {
  /** Total width (default: 88, at most the terminal's columns less 4, 80 columns when not a terminal). */
  lineLength?: number;
  /** Where each column ends, as fractions of the line (default [0.45, 0.8, 1]). */
  positions?: number[];
  /** Receives the whole text once; without it the text is printed with console.log. */
  printFn?: ((text: string) => void) | null;
}

/** The output shapes recorded for a layer when a model was built (Sequential sets them). */
export const recordedOutputShapes = new WeakMap<object, unknown>();

const fmtShape = (s: readonly (number | null)[]): string => `(${s.map((d) => (d === null ? "None" : String(d))).join(", ")})`;

function outputShape(layer: Layer): string {
  let shape = recordedOutputShapes.get(layer);
  if (shape === undefined) {
    const input = (layer.getBuildConfig() as { inputShape?: unknown } | null)?.inputShape;
    if (input === undefined || input === null) return "?";
    try {
      shape = layer.computeOutputShape(input);
    } catch {
      return "?";
    }
  }
  if (Array.isArray(shape) && shape.every((d) => d === null || typeof d === "number")) return fmtShape(shape);
  if (Array.isArray(shape)) return `[${shape.map((s) => fmtShape(s as number[])).join(", ")}]`;
  return "?";
}

const count = (vs: readonly Variable[]): number => vs.reduce((n, v) => n + v.shape.reduce((a, d) => a * d, 1), 0);
const bytes = (vs: readonly Variable[]): number =>
  [...new Set(vs)].reduce((n, v) => n + v.shape.reduce((a, d) => a * d, 1) * STORAGE[v.dtype as DType].bytes, 0);
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Keras's `readable_memory_size`. */
export function readableMemorySize(size: number): string {
  for (const unit of ["B", "KB", "MB", "GB", "TB", "PB"]) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** Python's round(): half to even. */
const roundHalfEven = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** rich's width computation for fixed-width columns: each gets its padding, then `ratio_reduce` trims the excess evenly. */
function richWidths(widths: number[], tableWidth: number): number[] {
  const padded = widths.map((w) => w + 2);
  const max = tableWidth - (widths.length + 1);
  let excess = padded.reduce((a, b) => a + b, 0) - max;
  if (excess <= 0) return padded;
  let ratio = padded.length;
  return padded.map((w) => {
    const d = Math.min(w, roundHalfEven(excess / ratio));
    excess -= d;
    ratio -= 1;
    return w - d;
  });
}

/** rich's word wrap of a cell to `width` characters: greedy on spaces; a word longer than the column ends in "…". */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const w = word.length > width ? word.slice(0, Math.max(0, width - 1)) + "…" : word;
    if (line === "") line = w;
    else if (line.length + 1 + w.length <= width) line += " " + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  lines.push(line);
  return lines;
}

function terminalColumns(): number {
  const out = (globalThis as { process?: { stdout?: { isTTY?: boolean; columns?: number } } }).process?.stdout;
  return out?.isTTY && out.columns ? out.columns : 80;
}

/** The summary text of a model (what `model.summary()` prints). */
export function summary(model: Layer & { layers: Layer[]; optimizer?: { built: boolean; variables: Variable[] } | null; compiled?: boolean }, options: SummaryOptions = {}): string {
  // A functional graph brings its own rows (InputLayers, ops) and, unless it is a chain, a "Connected to" column.
  const layout: SummaryLayout = isGraphModel(model) ? summaryLayout(model) : {
    sequentialLike: true, header: ["Layer (type)", "Output Shape", "Param #"], right: [false, false, true], positions: [0.45, 0.8, 1.0],
    defaultLineLength: 88,
    rows: model.layers.map((layer) => {
      const params = !layer.built ? "0 (unbuilt)" : thousands(layer.countParams());
      return [`${layer.name} (${classNameOf(layer.constructor)})`, outputShape(layer), params];
    }),
  };
  const lineLength = options.lineLength ?? Math.min(layout.defaultLineLength, terminalColumns() - 4);
  const positions = options.positions ?? layout.positions;
  const raw: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p * lineLength) - current;
    if (w < 4) throw new ValueError("Insufficient console width to print summary.");
    raw.push(w);
    current += w;
  }
  const widths = richWidths(raw, lineLength);
  const rule = (l: string, m: string, r: string, ch: string) => l + widths.map((w) => ch.repeat(w)).join(m) + r;
  // One line per wrapped line of the tallest cell.
  const row = (fields: string[], bar: string): string[] => {
    const cells = fields.map((f, i) => wrap(f, widths[i]! - 2));
    return Array.from({ length: Math.max(...cells.map((c) => c.length)) }, (_, k) =>
      bar + cells.map((c, i) => {
        const t = c[k] ?? "";
        const inner = widths[i]! - 2;
        return " " + (layout.right[i] ? t.padStart(inner) : t.padEnd(inner)) + " ";
      }).join(bar) + bar);
  };
  const lines = [`Model: "${model.name}"`, rule("┏", "┳", "┓", "━"), ...row(layout.header, "┃"), rule("┡", "╇", "┩", "━")];
  layout.rows.forEach((r, i) => {
    if (i > 0) lines.push(rule("├", "┼", "┤", "─"));
    lines.push(...row(r, "│"));
  });
  lines.push(rule("└", "┴", "┘", "─"));
  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const opt = model.compiled && model.optimizer && model.optimizer.built ? model.optimizer.variables : null;
  const total = count(trainable) + count(nonTrainable) + (opt ? count(opt) : 0);
  const totalBytes = bytes(trainable) + bytes(nonTrainable) + (opt ? bytes(opt) : 0);
  lines.push(` Total params: ${thousands(total)} (${readableMemorySize(totalBytes)})`);
  lines.push(` Trainable params: ${thousands(count(trainable))} (${readableMemorySize(bytes(trainable))})`);
  lines.push(` Non-trainable params: ${thousands(count(nonTrainable))} (${readableMemorySize(bytes(nonTrainable))})`);
  if (opt) lines.push(` Optimizer params: ${thousands(count(opt))} (${readableMemorySize(bytes(opt))})`);
  const text = lines.join("\n") + "\n";
  if (options.printFn) options.printFn(text);
  else console.log(text.slice(0, -1));
  return text;
}


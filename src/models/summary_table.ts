// The summary table Keras prints through rich (keras/src/utils/
// summary_utils.py), reproduced without it: box-drawing borders, column
// widths from `positions`, shrunk as rich shrinks fixed-width columns,
// cells word-wrapped as rich wraps them (a word too long for its column
// ends in "…"), then the parameter totals with their byte sizes.
import { ValueError } from "../errors.js";
import { STORAGE, type DType } from "../dtypes.js";
import type { Variable } from "../variables.js";

/** Options of `summary()` (Keras's keyword arguments, camelCase). */
export interface SummaryOptions {
  /** Total width (default: Keras's for the table, at most the terminal's columns less 4; 80 columns when not a terminal). */
  lineLength?: number;
  /** Where each column ends, as fractions of the line. */
  positions?: number[];
  /** Receives the whole text once; without it the text is printed with console.log. */
  printFn?: ((text: string) => void) | null;
}

/** A table to print: its title line, columns and rows, and the weights to total. */
export interface SummaryTable {
  title: string;
  header: string[];
  right: boolean[];
  positions: number[];
  defaultLineLength: number;
  rows: string[][];
  trainable: readonly Variable[];
  nonTrainable: readonly Variable[];
  optimizer: readonly Variable[] | null;
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

/** rich's widths for fixed-width columns: each gets its padding, then `ratio_reduce` trims the excess evenly. */
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

/** rich's word wrap of a cell to `width` characters: greedy on spaces; a longer word is cut with "…". */
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

/** The summary text (what `summary()` prints), given to `printFn` or printed, and returned. */
export function printSummary(table: SummaryTable, options: SummaryOptions = {}): string {
  const lineLength = options.lineLength ?? Math.min(table.defaultLineLength, terminalColumns() - 4);
  const positions = options.positions ?? table.positions;
  const raw: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p <= 1 ? p * lineLength : p) - current;
    if (w < 4) throw new ValueError("Insufficient console width to print summary.");
    raw.push(w);
    current += w;
  }
  const widths = richWidths(raw, lineLength);
  const rule = (l: string, m: string, r: string, ch: string): string => l + widths.map((w) => ch.repeat(w)).join(m) + r;
  const row = (fields: string[], bar: string): string[] => {
    const cells = fields.map((f, i) => wrap(f, widths[i]! - 2));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, k) =>
      bar + cells.map((c, i) => {
        const t = c[k] ?? "";
        const inner = widths[i]! - 2;
        return " " + (table.right[i] ? t.padStart(inner) : t.padEnd(inner)) + " ";
      }).join(bar) + bar,
    );
  };
  const lines = [table.title, rule("┏", "┳", "┓", "━"), ...row(table.header, "┃"), rule("┡", "╇", "┩", "━")];
  table.rows.forEach((r, i) => {
    if (i > 0) lines.push(rule("├", "┼", "┤", "─"));
    lines.push(...row(r, "│"));
  });
  lines.push(rule("└", "┴", "┘", "─"));
  const { trainable, nonTrainable, optimizer: opt } = table;
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

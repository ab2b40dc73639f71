// Keras 3's progress bar (keras/src/utils/progbar.py): on a terminal one
// line redrawn in place (`12/63 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - loss: 0.3100`),
// elsewhere (verbose 2) one line when the target is reached.

/** Where progress text goes: a function given each piece of text (no newline added). */
export type Writer = (text: string) => void;

interface Stdout { write(text: string): unknown; isTTY?: boolean }
const stdout = (): Stdout | null => {
  const p = (globalThis as { process?: { stdout?: Stdout } }).process;
  return p?.stdout && typeof p.stdout.write === "function" ? p.stdout : null;
};

/** Whether progress can be redrawn in place (a terminal on stdout). */
export function isTerminal(): boolean {
  return stdout()?.isTTY === true;
}

/** Whether there is a stdout at all (Node, Deno; not browsers or Workers). */
export function hasStdout(): boolean {
  return stdout() !== null;
}

let lineBuffer = "";
/** The default writer: stdout where there is one, else whole lines to console.log. */
export const defaultWriter: Writer = (text) => {
  const out = stdout();
  if (out !== null) return void out.write(text);
  lineBuffer += text;
  const lines = lineBuffer.split("\n");
  lineBuffer = lines.pop()!;
  for (const l of lines) console.log(l.replace(/\x1b\[[0-9;]*m/g, "").replace(/^[\b\r]+/, ""));
};

/** Options of `Progbar`. */
export interface ProgbarOptions {
  /** The bar's width in characters (default 20). */
  width?: number;
  /** 1: the bar, redrawn; 2: one line when done; 0: silent. */
  verbose?: number;
  /** Seconds between redraws (default 0.05). */
  interval?: number;
  /** The unit in the time per unit (default "step"). */
  unitName?: string;
  /** Redraw in place (default: whether stdout is a terminal). */
  dynamicDisplay?: boolean;
  /** Where the text goes (default stdout, or console.log where there is none). */
  write?: Writer;
  /** A clock in seconds (default `performance.now() / 1000`). */
  now?: () => number;
}

const fmt = (v: number): string => (Math.abs(v) > 1e-3 ? v.toFixed(4) : pyExp(v));
/** Python's `{v:.4e}`: two-digit exponent at least. */
function pyExp(v: number): string {
  const [m, e] = v.toExponential(4).split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/**
 * Keras's `Progbar`: `update(current, values)` with values that are
 * already running means (shown as given, 4 decimals).
 *
 * @example
 * const out = [];
 * const bar = new keras.callbacks.Progbar(2, { verbose: 2, write: (t) => out.push(t), now: () => 0 });
 * bar.update(2, [["loss", 0.25]]);
 * out[0]; // "2/2 - 0s - 0s/step - loss: 0.2500\n"
 */
export class Progbar {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "Progbar";
  /** The number of units, or null when unknown. */
  target: number | null;
  readonly #width: number;
  readonly #verbose: number;
  readonly #interval: number;
  readonly #unit: string;
  readonly #dynamic: boolean;
  readonly #write: Writer;
  readonly #now: () => number;
  #values = new Map<string, number>();
  #start: number;
  #lastUpdate = 0;
  #afterFirst: number | null = null;
  #prevWidth = 0;

  constructor(target: number | null, options: ProgbarOptions = {}) {
    this.target = target;
    this.#width = options.width ?? 20;
    this.#verbose = options.verbose ?? 1;
    this.#interval = options.interval ?? 0.05;
    this.#unit = options.unitName ?? "step";
    this.#dynamic = options.dynamicDisplay ?? isTerminal();
    this.#write = options.write ?? defaultWriter;
    this.#now = options.now ?? (() => performance.now() / 1000);
    this.#start = this.#now();
  }

  /** Shows progress at `current` units with these (name, value) pairs. */
  update(current: number, values: readonly (readonly [string, number])[] = [], finalize?: boolean): void {
    const fin = finalize ?? (this.target === null ? false : current >= this.target);
    for (const [k, v] of values) this.#values.set(k, v);
    const now = this.#now();
    const perUnit = this.#stepDuration(current, now);
    const metrics = [...this.#values].map(([k, v]) => ` - ${k}: ${fmt(v)}`).join("");
    if (this.#verbose === 1) {
      if (now - this.#lastUpdate < this.#interval && !fin) return;
      let message = this.#dynamic ? "\b".repeat(this.#prevWidth) + "\r" : "\n";
      let bar: string;
      let special = 0;
      const t = this.target;
      if (t !== null && t > 0) {
        const digits = Math.floor(Math.log10(t)) + 1;
        bar = `\x1b[1m${String(current).padStart(digits)}/${t}\x1b[0m `;
        special += 8;
        const filled = Math.floor(this.#width * (current / t));
        if (filled > 0) {
          bar += `\x1b[32m${"━".repeat(filled)}\x1b[0m`;
          special += 9;
        }
        bar += `\x1b[37m${"━".repeat(Math.max(0, this.#width - filled))}\x1b[0m`;
        special += 9;
      } else bar = `${String(current).padStart(7)}/Unknown`;
      message += bar;
      let info: string;
      if (t !== null && t > 0 && !fin) info = ` \x1b[1m${eta(perUnit * (t - current))}\x1b[0m`;
      else info = ` \x1b[1m${(now - this.#start).toFixed(0)}s\x1b[0m`;
      special += 8;
      info += formatTime(perUnit, this.#unit) + metrics;
      message += info;
      const total = bar.length + info.length - special;
      if (this.#prevWidth > total) message += " ".repeat(this.#prevWidth - total);
      if (fin) message += "\n";
      this.#write(message);
      this.#prevWidth = total;
    } else if (this.#verbose === 2 && fin && this.target !== null && this.target > 0) {
      const digits = Math.floor(Math.log10(this.target)) + 1;
      this.#write(`${String(current).padStart(digits)}/${this.target} - ${(now - this.#start).toFixed(0)}s -${formatTime(perUnit, this.#unit)}${metrics}\n`);
    }
    this.#lastUpdate = now;
  }

  #stepDuration(current: number, now: number): number {
    if (!current) return 0;
    const per = this.#afterFirst !== null && current > 1 ? (now - this.#afterFirst) / (current - 1) : (now - this.#start) / current;
    if (current === 1) this.#afterFirst = now;
    return per;
  }
}

function eta(s: number): string {
  const t = Math.floor(s);
  if (s > 3600) return `${Math.floor(t / 3600)}:${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
  if (s > 60) return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
  return `${t}s`;
}

function formatTime(perUnit: number, unit: string): string {
  if (perUnit >= 1 || perUnit === 0) return ` ${perUnit.toFixed(0)}s/${unit}`;
  if (perUnit >= 1e-3) return ` ${(perUnit * 1000).toFixed(0)}ms/${unit}`;
  return ` ${(perUnit * 1e6).toFixed(0)}us/${unit}`;
}

// The README's "Writing a layer" section runs as written: its ```js blocks,
// in order, in one scope, with `keras` bound to this package's source entry
// (the `import ... from "keras-wasm"` line is dropped). Every statement
// commented `expr; // => value` asserts that `expr` equals `value` (numbers
// within float32 rounding: the layers compute in float32).
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import * as keras from "../../src/index.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The fenced js/ts blocks of one README section (up to the next `## ` heading). */
function sectionBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const CHECK = /^(\s*)(.+?);\s*\/\/ => (.+)$/;

/** The block with its `// =>` statements turned into checks; also how many there are. */
function instrument(block: string): { code: string; checks: number } {
  let checks = 0;
  const lines = block.split("\n").filter((l) => !/^import .* from "keras-wasm";$/.test(l)).map((line) => {
    const m = CHECK.exec(line);
    if (!m) return line;
    checks++;
    return `${m[1]}__check(${m[2]}, ${m[3]}, ${JSON.stringify(line.trim())});`;
  });
  return { code: lines.join("\n"), checks };
}

/** Deep equality; numbers equal within float32 rounding (relative 1e-6). */
function check(actual: unknown, expected: unknown, line: string): void {
  const close = (a: unknown, e: unknown): boolean => {
    if (typeof e === "number") return typeof a === "number" && (a === e || Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e)));
    if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => close(a[i], x));
    return Object.is(a, e);
  };
  expect(close(actual, expected), `${line}\n  got: ${JSON.stringify(actual)}`).toBe(true);
}

test("README 'Writing a layer': every snippet runs and states true values", () => {
  keras.clearSession(); // the snippets' layer names ("simple_dense") assume a fresh session
  const blocks = sectionBlocks(README, "Writing a layer").map(instrument);
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const total = blocks.reduce((n, b) => n + b.checks, 0);
  let ran = 0;
  const counted = (a: unknown, e: unknown, line: string): void => { ran++; check(a, e, line); };
  // One scope for all blocks, as a reader runs the guide top to bottom.
  new Function("keras", "__check", blocks.map((b) => b.code).join("\n"))(keras, counted);
  expect(ran).toBe(total);
  expect(total).toBeGreaterThanOrEqual(30);
});

test("the checker itself can fail", () => {
  expect(() => check([1, 2], [1, 3], "x")).toThrow();
  expect(() => check(0.04, 0.0401, "x")).toThrow();
  expect(instrument("a.b; // => [1]").code).toBe('__check(a.b, [1], "a.b; // => [1]");');
});

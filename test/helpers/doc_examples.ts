// Finds every `@example` in the TSDoc of src/ and turns it into a runnable
// function, so that no example in the API reference can rot
// (test/docs/examples.test.ts runs them all).
//
// The convention an example follows (README "API reference"):
// - It is JavaScript (TypeScript syntax is accepted and stripped) and runs as
//   if it began with `import * as keras from "keras-wasm"; const { ops } = keras;`
//   (a name the example declares itself is not predeclared). It may import
//   from "keras-wasm" itself; no other module. Top-level `await` works.
// - A top-level statement whose line ends in `// <literal>` asserts its value:
//   `ops.add([1, 2], 10); // [11, 12]`. The literal is a JS literal (numbers,
//   NaN, Infinity, strings, true/false/null, arrays, plain objects), optionally
//   followed by a note in parentheses: `// 1.118034 (sqrt(1.25))`. A Tensor or
//   Variable is compared through `toArray()`, a typed array as an array.
//   Integers compare exactly; a number written with a fraction or exponent
//   matches to the precision written (half a unit in its last digit), as
//   doctest's NUMBER option does.
// - `// ValueError: part ... part` (or `// throws ValueError`) asserts that
//   the statement throws an error of that name whose message contains the
//   parts, in order.
// - Any other trailing comment is prose; one that starts like a literal but is
//   not one (`// 0s and 2s`) is rejected, so a mistyped expectation cannot
//   silently stop being checked.
// - An example containing ``` fences runs only its js/ts fenced blocks.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface DocExample {
  /** path relative to the repository root, e.g. "src/ops/math.ts" */
  file: string;
  /** 1-based line of the `@example` tag */
  line: number;
  /** the code, one entry per line with the source line it came from */
  lines: { text: string; line: number }[];
}

/** Every `@example` in the `/** ... *\/` comments of `dir`'s .ts files (recursively). */
export function findExamples(root: string, dir = "src"): DocExample[] {
  const out: DocExample[] = [];
  for (const file of listTs(join(root, dir))) {
    const text = readFileSync(file, "utf8");
    for (const c of docComments(text)) out.push(...examplesIn(relative(root, file), c.text, lineOf(text, c.pos)));
  }
  return out;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function lineOf(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The `/** *\/` comments of a file, found with TypeScript's scanner (so none inside strings or templates). */
function docComments(text: string): { pos: number; text: string }[] {
  const found: { pos: number; text: string }[] = [];
  const seen = new Set<number>();
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith("/**", r.pos) && !seen.has(r.pos)) {
        seen.add(r.pos);
        found.push({ pos: r.pos, text: text.slice(r.pos, r.end) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A comment before the end of file (nothing follows it) hangs off the EOF token.
  for (const r of ts.getLeadingCommentRanges(text, sf.endOfFileToken.pos) ?? []) {
    if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith("/**", r.pos) && !seen.has(r.pos)) {
      found.push({ pos: r.pos, text: text.slice(r.pos, r.end) });
    }
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/** Splits one doc comment into its `@example` bodies. */
function examplesIn(file: string, comment: string, firstLine: number): DocExample[] {
  // Strip the comment markers and each line's leading ` * `, keeping line numbers.
  const raw = comment.slice(3, -2).split("\n");
  const lines = raw.map((l, i) => ({
    text: (i === 0 ? l : l.replace(/^\s*\*(?: |$)/, "")).replace(/\s+$/, ""),
    line: firstLine + i,
  }));
  const out: DocExample[] = [];
  let current: DocExample | null = null;
  let inFence = false;
  for (const l of lines) {
    if (/^\s*```/.test(l.text)) inFence = !inFence;
    if (current && !inFence && /^\s*@[a-zA-Z]+/.test(l.text)) current = null; // the next block tag ends it
    const at = inFence ? -1 : l.text.search(/(^|\s)@example\b/);
    if (at >= 0) {
      const start = l.text.indexOf("@example", at) + "@example".length;
      current = { file, line: l.line, lines: [] };
      out.push(current);
      const rest = l.text.slice(start).trim();
      if (rest !== "") current.lines.push({ text: rest, line: l.line });
      continue;
    }
    if (current) current.lines.push(l);
  }
  return out.map(runnablePart).filter((e) => e.lines.some((l) => l.text.trim() !== ""));
}

/** An example with fences runs only its js/ts fenced code; one without is all code. */
function runnablePart(e: DocExample): DocExample {
  if (!e.lines.some((l) => /^\s*```/.test(l.text))) return e;
  const kept: DocExample["lines"] = [];
  let fence: "run" | "skip" | null = null;
  for (const l of e.lines) {
    const m = /^\s*```\s*(\w*)/.exec(l.text);
    if (m) {
      if (fence) fence = null;
      else fence = ["", "js", "ts", "javascript", "typescript", "mjs"].includes(m[1]!) ? "run" : "skip";
      continue;
    }
    if (fence === "run") kept.push(l);
  }
  return { ...e, lines: kept };
}

// ---------------------------------------------------------------------------
// Expected values written in comments.

/** A literal from an expectation comment; numbers carry the tolerance their written precision implies. */
export type Expected =
  | { kind: "number"; value: number; tol: number; text: string }
  | { kind: "plain"; value: string | boolean | null | undefined }
  | { kind: "array"; items: Expected[] }
  | { kind: "object"; entries: [string, Expected][] };

export type Expectation =
  | { kind: "value"; expected: Expected; text: string }
  | { kind: "throws"; name: string; parts: string[]; text: string }
  | { kind: "prose" };

/** Reads a trailing comment's text (after `//`) as an expectation. Throws on a malformed literal. */
export function parseExpectation(comment: string): Expectation {
  const text = comment.trim();
  const thrown = /^(?:throws\s+)?([A-Z]\w*Error)\b(?::\s*(.*))?$/.exec(text);
  if (thrown) {
    const parts = (thrown[2] ?? "").split("...").map((p) => p.trim()).filter((p) => p !== "");
    return { kind: "throws", name: thrown[1]!, parts, text };
  }
  const candidates = [text];
  // `literal (a note)`: try each " (" as the start of the note.
  for (let i = text.indexOf(" ("); i >= 0; i = text.indexOf(" (", i + 1)) {
    if (text.endsWith(")")) candidates.push(text.slice(0, i));
  }
  for (const c of candidates) {
    const expected = parseLiteral(c);
    if (expected) return { kind: "value", expected, text: c.trim() };
  }
  if (/^([[{"'\d]|-\d|(true|false|null|NaN|-?Infinity)\b)/.test(text)) {
    throw new Error(`"// ${text}" reads like an expected value but is not a JS literal (optionally followed by a note in parentheses)`);
  }
  return { kind: "prose" };
}

function parseLiteral(text: string): Expected | null {
  if (text.trim() === "") return null;
  const sf = ts.createSourceFile("e.ts", `(${text}\n);`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  const stmt = sf.statements[0];
  if (diags.length > 0 || sf.statements.length !== 1 || !stmt || !ts.isExpressionStatement(stmt)) return null;
  if (!ts.isParenthesizedExpression(stmt.expression)) return null;
  try {
    return toExpected(stmt.expression.expression);
  } catch {
    return null;
  }
}

function toExpected(n: ts.Expression): Expected {
  // getText(), not .text: TypeScript normalises `.text` ("0.000" -> "0"), losing the written precision.
  if (ts.isNumericLiteral(n)) return number(n.getText(), 1);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken) {
    if (ts.isNumericLiteral(n.operand)) return number(n.operand.getText(), -1);
    if (ts.isIdentifier(n.operand) && n.operand.text === "Infinity") return { kind: "number", value: -Infinity, tol: 0, text: "-Infinity" };
  }
  if (ts.isIdentifier(n)) {
    if (n.text === "NaN") return { kind: "number", value: NaN, tol: 0, text: "NaN" };
    if (n.text === "Infinity") return { kind: "number", value: Infinity, tol: 0, text: "Infinity" };
    if (n.text === "undefined") return { kind: "plain", value: undefined };
  }
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return { kind: "plain", value: n.text };
  if (n.kind === ts.SyntaxKind.TrueKeyword) return { kind: "plain", value: true };
  if (n.kind === ts.SyntaxKind.FalseKeyword) return { kind: "plain", value: false };
  if (n.kind === ts.SyntaxKind.NullKeyword) return { kind: "plain", value: null };
  if (ts.isArrayLiteralExpression(n)) return { kind: "array", items: n.elements.map(toExpected) };
  if (ts.isObjectLiteralExpression(n)) {
    return {
      kind: "object",
      entries: n.properties.map((p): [string, Expected] => {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) throw new Error("not a literal");
        return [p.name.text, toExpected(p.initializer)];
      }),
    };
  }
  throw new Error("not a literal");
}

/** Integers are exact; `2.5`, `1e-3`, `2.5e-3` match within half a unit in the last written digit. */
function number(text: string, sign: 1 | -1): Expected {
  const clean = text.replace(/_/g, "");
  const value = sign * Number(clean);
  const m = /^\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(clean);
  if (!m || (m[1] === undefined && m[2] === undefined)) return { kind: "number", value, tol: 0, text: (sign < 0 ? "-" : "") + text };
  const digits = (m[1] ?? "").length - Number(m[2] ?? 0);
  return { kind: "number", value, tol: 0.5 * 10 ** -digits, text: (sign < 0 ? "-" : "") + text };
}

/** Why `actual` does not match `expected`, or null when it does. */
export function mismatch(actual: unknown, expected: Expected, path = "value"): string | null {
  switch (expected.kind) {
    case "number": {
      if (typeof actual !== "number") return `${path}: expected the number ${expected.text}, got ${show(actual)}`;
      if (Number.isNaN(expected.value)) return Number.isNaN(actual) ? null : `${path}: expected NaN, got ${actual}`;
      const ok = expected.tol === 0 ? actual === expected.value : Math.abs(actual - expected.value) <= expected.tol * (1 + 1e-9);
      return ok ? null : `${path}: expected ${expected.text}${expected.tol ? ` (±${expected.tol})` : ""}, got ${actual}`;
    }
    case "plain":
      return Object.is(actual, expected.value) ? null : `${path}: expected ${show(expected.value)}, got ${show(actual)}`;
    case "array": {
      if (!Array.isArray(actual)) return `${path}: expected an array of ${expected.items.length}, got ${show(actual)}`;
      if (actual.length !== expected.items.length) return `${path}: expected ${expected.items.length} items, got ${actual.length}: ${show(actual)}`;
      for (let i = 0; i < actual.length; i++) {
        const m = mismatch(actual[i], expected.items[i]!, `${path}[${i}]`);
        if (m) return m;
      }
      return null;
    }
    case "object": {
      if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
      const keys = Object.keys(actual).sort();
      const want = expected.entries.map(([k]) => k).sort();
      if (keys.join() !== want.join()) return `${path}: expected the keys {${want.join(", ")}}, got {${keys.join(", ")}}`;
      for (const [k, e] of expected.entries) {
        const m = mismatch((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
        if (m) return m;
      }
      return null;
    }
  }
}

function show(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------
// Turning an example into a function.

/** Hooks the compiled example calls: where it is, and the checks of its comments. */
export interface ExampleHooks {
  at(line: number): void;
  check(index: number, actual: unknown): void;
  throws(index: number, run: () => unknown): Promise<void>;
}

export interface CompiledExample {
  run: (keras: unknown, hooks: ExampleHooks) => Promise<void>;
  expectations: { line: number; expectation: Expectation }[];
  source: string;
}

/**
 * Compiles an example: imports of "keras-wasm" become the given module,
 * each top-level statement first reports its line, and a statement with an
 * expectation comment is checked.
 */
export function compileExample(e: DocExample): CompiledExample {
  const code = e.lines.map((l) => l.text).join("\n");
  const sf = ts.createSourceFile("example.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (diags.length > 0) {
    const d = diags[0]!;
    const line = sf.getLineAndCharacterOfPosition(d.start ?? 0).line;
    throw new Error(`syntax error at ${e.file}:${e.lines[line]?.line ?? e.line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  }
  const srcLine = (pos: number): number => e.lines[sf.getLineAndCharacterOfPosition(pos).line]?.line ?? e.line;
  const declared = new Set<string>();
  const expectations: CompiledExample["expectations"] = [];
  const parts: string[] = [];
  for (const stmt of sf.statements) {
    const start = stmt.getStart(sf);
    const body = code.slice(start, stmt.end);
    const line = srcLine(start);
    if (ts.isImportDeclaration(stmt)) {
      parts.push(importAsConst(stmt, e, line, declared));
      continue;
    }
    collectDeclared(stmt, declared);
    const trailing = ts.getTrailingCommentRanges(code, stmt.end)?.find((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia);
    let expectation: Expectation = { kind: "prose" };
    if (trailing) {
      try {
        expectation = parseExpectation(code.slice(trailing.pos + 2, trailing.end));
      } catch (err) {
        throw new Error(`${e.file}:${srcLine(trailing.pos)}: ${(err as Error).message}`);
      }
    }
    const atLine = srcLine(stmt.end);
    if (expectation.kind === "prose") {
      parts.push(`__hooks.at(${line}); ${body}`);
      continue;
    }
    const index = expectations.push({ line: atLine, expectation }) - 1;
    if (expectation.kind === "throws") {
      parts.push(`__hooks.at(${line}); await __hooks.throws(${index}, async () => { ${body}\n});`);
    } else if (ts.isExpressionStatement(stmt)) {
      parts.push(`__hooks.at(${line}); __hooks.check(${index}, await (${stmt.expression.getText(sf)}\n));`);
    } else {
      throw new Error(`${e.file}:${atLine}: an expected value (// ${expectation.text}) must follow an expression statement, not a declaration`);
    }
  }
  const prelude = [
    declared.has("keras") ? "" : "const keras = __keras;",
    declared.has("ops") ? "" : "const { ops } = __keras;",
  ].join(" ");
  const wrapped = `(async (__keras, __hooks) => { ${prelude}\n${parts.join("\n")}\n})`;
  const js = ts.transpileModule(wrapped, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: true },
    reportDiagnostics: false,
  }).outputText.trim().replace(/;$/, "");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the example is the point
  const run = new Function(`return ${js}`)() as CompiledExample["run"];
  return { run, expectations, source: code };
}

function importAsConst(stmt: ts.ImportDeclaration, e: DocExample, line: number, declared: Set<string>): string {
  const from = (stmt.moduleSpecifier as ts.StringLiteral).text;
  if (from !== "keras-wasm") throw new Error(`${e.file}:${line}: an example may import only "keras-wasm", not "${from}"`);
  const clause = stmt.importClause;
  if (!clause) return "";
  const out: string[] = [];
  if (clause.name) throw new Error(`${e.file}:${line}: keras-wasm has no default export; write import * as keras from "keras-wasm"`);
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) {
    declared.add(nb.name.text);
    out.push(`const ${nb.name.text} = __keras;`);
  } else if (nb) {
    const names = nb.elements.filter((el) => !el.isTypeOnly).map((el) => {
      declared.add(el.name.text);
      return el.propertyName ? `${el.propertyName.text}: ${el.name.text}` : el.name.text;
    });
    if (names.length) out.push(`const { ${names.join(", ")} } = __keras;`);
  }
  return `__hooks.at(${line}); ${out.join(" ")}`;
}

function collectDeclared(stmt: ts.Statement, declared: Set<string>): void {
  if (ts.isVariableStatement(stmt)) {
    const add = (n: ts.BindingName): void => {
      if (ts.isIdentifier(n)) declared.add(n.text);
      else for (const el of n.elements) if (!ts.isOmittedExpression(el)) add(el.name);
    };
    for (const d of stmt.declarationList.declarations) add(d.name);
  } else if ((ts.isClassDeclaration(stmt) || ts.isFunctionDeclaration(stmt)) && stmt.name) {
    declared.add(stmt.name.text);
  }
}

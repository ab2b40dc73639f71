// The parameter list of a layer class's constructor, read from its source
// (`Function.prototype.toString`), so that a layer's config can be generated
// from its constructor arguments, and a config mapped back onto them, as
// Keras does with `inspect.signature(cls.__init__)`. JS has no signature
// introspection; the source of a class is the only place parameter names
// live. What cannot be read with certainty is reported as unsupported, and
// the callers then raise Keras's "override getConfig()" error instead of
// guessing.

/** One constructor parameter. */
export type Param =
  /** `units` or `units = 32`. */
  | { kind: "name"; name: string }
  /** `{ units = 32, activation, ...options } = {}`: its keys, and whether a rest element collects the others. */
  | { kind: "pattern"; keys: string[]; rest: boolean }
  /** `...args`, `[a, b]`, computed or quoted keys: nothing can be mapped safely. */
  | { kind: "unsupported"; text: string };

export interface Signature {
  /** The class whose constructor this is (the first one up the chain that declares one). */
  owner: unknown;
  params: Param[];
  /** The constructor's body (for `super(options)` forwarding checks). */
  body: string;
}

/** Index just past a string, template or comment starting at `i`; `i` itself when none starts there. */
function skipNonCode(src: string, i: number): number {
  const c = src[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  if (c === "`") {
    let j = i + 1;
    while (j < src.length && src[j] !== "`") {
      if (src[j] === "\\") j += 2;
      else if (src[j] === "$" && src[j + 1] === "{") j = matching(src, j + 1) + 1;
      else j++;
    }
    return j + 1;
  }
  if (c === "/" && src[i + 1] === "/") {
    const j = src.indexOf("\n", i);
    return j < 0 ? src.length : j + 1;
  }
  if (c === "/" && src[i + 1] === "*") {
    const j = src.indexOf("*/", i + 2);
    return j < 0 ? src.length : j + 2;
  }
  return i;
}

const OPEN = "([{";
const CLOSE = ")]}";

/** The index of the bracket closing the one at `open` (strings and comments skipped); -1 if none. */
function matching(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; ) {
    const j = skipNonCode(src, i);
    if (j !== i) { i = j; continue; }
    if (OPEN.includes(src[i]!)) depth++;
    else if (CLOSE.includes(src[i]!) && --depth === 0) return i;
    i++;
  }
  return -1;
}

/** `text` split at top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const j = skipNonCode(text, i);
    if (j !== i) { i = j; continue; }
    const c = text[i]!;
    if (OPEN.includes(c)) { i = matching(text, i) + 1 || text.length; continue; }
    if (c === ",") { parts.push(text.slice(start, i)); start = i + 1; }
    i++;
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const IDENT = /^([A-Za-z_$][\w$]*)\s*(?:=[^]*)?$/;

function parseParam(text: string): Param {
  if (text.startsWith("{")) {
    const end = matching(text, 0);
    const keys: string[] = [];
    let rest = false;
    for (const e of splitTopLevel(text.slice(1, end))) {
      if (e.startsWith("...")) { rest = true; continue; }
      const m = /^([A-Za-z_$][\w$]*)\s*(?:[:=][^]*)?$/.exec(e);
      if (!m) return { kind: "unsupported", text };
      keys.push(m[1]!);
    }
    return { kind: "pattern", keys, rest };
  }
  const m = IDENT.exec(text);
  return m ? { kind: "name", name: m[1]! } : { kind: "unsupported", text };
}

/** The constructor's parameter list and body in a class's source; null when it declares none. */
function findConstructor(src: string): { params: string; body: string } | null {
  // The class body is the first `{` outside parentheses (after any `extends` expression).
  let i = 0;
  let bodyStart = -1;
  while (i < src.length) {
    const j = skipNonCode(src, i);
    if (j !== i) { i = j; continue; }
    if (src[i] === "(" || src[i] === "[") { i = matching(src, i) + 1 || src.length; continue; }
    if (src[i] === "{") { bodyStart = i; break; }
    i++;
  }
  if (bodyStart < 0) return null;
  const bodyEnd = matching(src, bodyStart);
  for (i = bodyStart + 1; i < bodyEnd; ) {
    const j = skipNonCode(src, i);
    if (j !== i) { i = j; continue; }
    const c = src[i]!;
    if (OPEN.includes(c)) { i = matching(src, i) + 1 || bodyEnd; continue; }
    // A member named `constructor` at the top level of the class body, not `static constructor`.
    if (c === "c" && src.startsWith("constructor", i) && !/[\w$]/.test(src[i - 1] ?? "") && !/static\s+$/.test(src.slice(Math.max(0, i - 12), i))) {
      let k = i + "constructor".length;
      while (/\s/.test(src[k] ?? "")) k++;
      if (src[k] === "(") {
        const close = matching(src, k);
        let b = close + 1;
        while (b < bodyEnd && src[b] !== "{") b++;
        return { params: src.slice(k + 1, close), body: src.slice(b, matching(src, b) + 1) };
      }
    }
    i++;
  }
  return null;
}

const cache = new WeakMap<object, Signature | null>();

/**
 * The signature `new cls(...)` runs: the constructor of `cls` or of the
 * nearest ancestor below `base` that declares one (`owner === base` when
 * none does: the base's own options). A constructor that only forwards
 * `...args` to `super` is looked through. Null when a class in the chain
 * is not a `class` (its source cannot be read this way).
 */
export function constructorSignature(cls: object, base: object): Signature | null {
  if (cache.has(cls)) return cache.get(cls)!;
  let result: Signature | null = null;
  for (let c: object | null = cls; c !== null; c = Object.getPrototypeOf(c)) {
    if (c === base) { result = { owner: base, params: [], body: "" }; break; }
    if (typeof c !== "function") break;
    const src = Function.prototype.toString.call(c);
    if (!/^class\b/.test(src)) break;
    const found = findConstructor(src);
    if (found === null) continue;
    const params = splitTopLevel(found.params).map(parseParam);
    const only = params.length === 1 ? params[0]! : null;
    const forwardsAll = only?.kind === "unsupported" && /^\.\.\.([\w$]+)$/.test(only.text) &&
      new RegExp(`super\\(\\s*\\.\\.\\.${only.text.slice(3).replace(/\$/g, "\\$")}\\s*\\)`).test(found.body);
    if (forwardsAll) continue;
    result = { owner: c, params, body: found.body };
    break;
  }
  cache.set(cls, result);
  return result;
}

/** Whether the constructor body passes parameter `name` on to `super(...)` (as the base options). */
export function forwardsToSuper(sig: Signature, name: string): boolean {
  const n = name.replace(/\$/g, "\\$");
  return new RegExp(`super\\(\\s*(?:${n}\\s*[,)]|\\{[^}]*\\.\\.\\.${n}\\b)`).test(sig.body);
}

/**
 * Whether the constructor body uses parameter `name` as an options object:
 * passes it to `super`, reads a property of it, destructures or spreads it.
 */
export function usedAsOptions(sig: Signature, name: string): boolean {
  const n = name.replace(/\$/g, "\\$");
  return forwardsToSuper(sig, name) ||
    new RegExp(`(?<![\\w$.])${n}\\s*(?:\\?\\.|\\.(?!\\.)|\\[)|\\}\\s*=\\s*${n}\\b|\\.\\.\\.${n}\\b`).test(sig.body);
}

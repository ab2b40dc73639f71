// The import graph of src/ reads like the architecture: no import circles,
// the kernel backend (src/backend/) imports nothing above it except the
// lowest modules, and layers never import saving's entry or file formats. Every import counts, `import type` included: a type-only
// circle still means two modules that cannot be read (or moved) apart.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The lowest modules: anything may import them, and they import only each
 * other. dtypes.ts reads the default float dtype (config/floatx.ts) and the
 * promotion lattice (dtype_promotion.ts), so those two are in the set too.
 */
const LOWEST = new Set([
  "src/errors.ts", "src/dtypes.ts", "src/shape.ts", "src/numeric.ts",
  "src/dtype_promotion.ts", "src/config/floatx.ts",
]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** A relative specifier as the repository path of the file it names. */
function resolveSpecifier(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, join(base, "index.ts")];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (hit === undefined) throw new Error(`${relative(ROOT, from)}: cannot resolve import "${spec}"`);
  return relative(ROOT, hit);
}

/** src/ file -> the src/ files it imports (static, type-only, re-export and dynamic). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, "src"))) {
    // preProcessFile is the compiler's own import scanner: it sees
    // `import type`, `export ... from`, `import "x"` and `import("x")`.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    // The .wasm imports (src/workerd.js) name build outputs, not modules.
    const deps = importedFiles.map((f) => f.fileName).filter((s) => s.startsWith(".") && !s.endsWith(".wasm"));
    graph.set(relative(ROOT, file), [...new Set(deps.map((s) => resolveSpecifier(file, s)))]);
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one file (or a self-import). */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const graph = importGraph();

test("the scanner sees the graph (a sanity check on the parsing itself)", () => {
  expect(graph.size).toBeGreaterThan(50);
  expect(graph.get("src/backend/exec.ts")).toContain("src/backend/memory.ts");
  expect(graph.get("src/index.ts")).toContain("src/variables.ts");
  // The checker finds a circle where there is one.
  const toy = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]], ["e", ["e"]]]);
  expect(circles(toy).sort()).toEqual([["a", "b", "c"], ["e"]]);
});

test("src/ has no import circles", () => {
  expect(circles(graph).map((c) => c.join(" <-> "))).toEqual([]);
});

test("src/backend/ imports only itself and the lowest modules; those import only each other", () => {
  const bad: string[] = [];
  for (const [file, deps] of graph) {
    const allowed = file.startsWith("src/backend/")
      ? (d: string) => d.startsWith("src/backend/") || LOWEST.has(d)
      : LOWEST.has(file)
        ? (d: string) => LOWEST.has(d)
        : null;
    if (allowed === null) continue;
    for (const d of deps) if (!allowed(d)) bad.push(`${file} -> ${d}`);
  }
  expect(bad).toEqual([]);
});

test("layers import only the registry and serialization from saving/ (never its entry or file formats)", () => {
  const allowed = new Set(["src/saving/object_registration.ts", "src/saving/serialization.ts", "src/saving/module_objects.ts"]);
  const bad = [...graph].flatMap(([f, deps]) =>
    f.startsWith("src/layers/") ? deps.filter((d) => d.startsWith("src/saving/") && !allowed.has(d)).map((d) => `${f} -> ${d}`) : []);
  expect(bad).toEqual([]);
});

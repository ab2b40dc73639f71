// The import structure of layers/ and saving/ (the README's rule "lower
// modules never import higher ones; no import circles"): no import circle
// (type-only imports count) passes through a file of either folder, and
// layers import only the object registry and serialization from saving/,
// never its entry or file-format code.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** file -> the src files it imports (relative specifiers, `import type` and re-exports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const src = readFileSync(f, "utf8");
    const deps = [...src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)]
      .map((m) => relative(SRC, resolve(dirname(f), m[1]!.replace(/\.js$/, ".ts"))));
    graph.set(relative(SRC, f), deps);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graph = importGraph();

test("no import circle passes through src/layers or src/saving", () => {
  const ours = cycles(graph).filter((c) => c.some((f) => f.startsWith("layers/") || f.startsWith("saving/")));
  expect(ours).toEqual([]);
});

test("layers import only the registry and serialization from saving/ (never its entry or file formats)", () => {
  const allowed = new Set(["saving/object_registration.ts", "saving/serialization.ts", "saving/module_objects.ts"]);
  const bad = [...graph].flatMap(([f, deps]) =>
    f.startsWith("layers/") ? deps.filter((d) => d.startsWith("saving/") && !allowed.has(d)).map((d) => `${f} -> ${d}`) : []);
  expect(bad).toEqual([]);
});

test("the cycle finder finds a cycle", () => {
  expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
  expect(graph.get("layers/layer.ts")).toContain("layers/layer_call.ts"); // the parser sees imports
});

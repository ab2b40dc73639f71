// Every `@example` in the TSDoc of src/ runs here, against the library, and
// the values its comments state are asserted (the convention is described in
// test/helpers/doc_examples.ts and the README's "Documentation"). An example
// that throws, or whose stated value is wrong, fails with its file and line.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { compileExample, findExamples, mismatch, parseExpectation, type DocExample } from "../helpers/doc_examples.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examples = findExamples(root);

/** What a value is compared as: tensors and variables through `toArray()`, typed arrays as arrays. */
function comparable(v: unknown): unknown {
  if (v instanceof keras.Tensor || v instanceof keras.Variable) return v.toArray();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

async function runExample(e: DocExample): Promise<void> {
  const compiled = compileExample(e);
  let line = e.line;
  const where = (l: number): string => `${e.file}:${l} (the @example at line ${e.line})`;
  try {
    await compiled.run(keras, {
      at: (l) => { line = l; },
      check: (i, actual) => {
        const x = compiled.expectations[i]!;
        if (x.expectation.kind !== "value") return;
        const m = mismatch(comparable(actual), x.expectation.expected);
        if (m) throw Object.assign(new Error(`${where(x.line)}: ${m}`), { checked: true });
      },
      throws: async (i, run) => {
        const x = compiled.expectations[i]!;
        if (x.expectation.kind !== "throws") return;
        let err: unknown = null;
        try {
          await run();
        } catch (caught) {
          err = caught;
        }
        const fail = (why: string): never => { throw Object.assign(new Error(`${where(x.line)}: ${why}`), { checked: true }); };
        if (!(err instanceof Error)) return fail(`expected ${x.expectation.name}, but nothing was thrown`);
        if (err.name !== x.expectation.name) return fail(`expected ${x.expectation.name}, got ${err.name}: ${err.message}`);
        let from = 0;
        for (const part of x.expectation.parts) {
          const at = err.message.indexOf(part, from);
          if (at < 0) return fail(`the ${err.name} message lacks "${part}" (in order): ${err.message}`);
          from = at + part.length;
        }
      },
    });
  } catch (err) {
    if ((err as { checked?: boolean }).checked) throw err;
    const e2 = err as Error;
    throw new Error(`${where(line)} threw ${e2?.name ?? "a non-error"}: ${e2?.message ?? String(err)}\n--- example ---\n${compiled.source}`, { cause: err });
  }
}

afterEach(() => {
  // Examples may change global state; the next one starts from the defaults.
  keras.config.setFloatx("float32");
  keras.config.setDtypePolicy("float32");
  keras.clearSession();
  keras.useReferenceKernels(false);
  keras.useRelaxedSimd(true);
});

describe("every @example in src/ runs and its stated values hold", () => {
  test("there are examples to run (the extractor finds them)", () => {
    expect(examples.length).toBeGreaterThan(100);
    expect(new Set(examples.map((e) => e.file)).size).toBeGreaterThan(20);
  });
  for (const e of examples) {
    test(`${e.file}:${e.line}`, async () => {
      await runExample(e);
    });
  }
});

describe("the example runner itself", () => {
  const ex = (code: string): DocExample => ({ file: "src/x.ts", line: 10, lines: code.split("\n").map((text, i) => ({ text, line: 11 + i })) });

  test("a wrong stated value fails, naming the file and line", async () => {
    await expect(runExample(ex("ops.add([1, 2], 10); // [11, 13]"))).rejects.toThrow(/src\/x\.ts:11 .*value\[1\]: expected 13, got 12/);
  });
  test("an example that throws fails, naming the line of the statement", async () => {
    await expect(runExample(ex("const a = 1;\nkeras.initializers.Ones();"))).rejects.toThrow(/src\/x\.ts:12 .*threw TypeError/);
  });
  test("numbers match to the precision written; integers exactly", async () => {
    await runExample(ex("ops.exp([1]); // [2.7182817]\nops.sqrt(2).item(); // 1.414 (rounded)"));
    await expect(runExample(ex("ops.exp([1]); // [2.71829]"))).rejects.toThrow(/expected 2\.71829/);
    // Trailing zeros are precision too: float32 1e-4 is 0.000 to 3 places but not 0.00000 to 5.
    await runExample(ex("ops.add(1e-4, 0).item(); // 0.000"));
    await expect(runExample(ex("ops.add(1e-4, 0).item(); // 0.00000"))).rejects.toThrow(/expected 0\.00000/);
    await expect(runExample(ex("ops.divide(1, 3).item(); // 0"))).rejects.toThrow(/expected 0, got 0\.33/);
  });
  test("a stated error must be thrown, with the message parts in order", async () => {
    await runExample(ex('ops.reshape([1, 2, 3], [2, 2]); // ValueError: ... reshape'));
    await expect(runExample(ex("ops.add(1, 2); // ValueError"))).rejects.toThrow(/nothing was thrown/);
  });
  test("imports of keras-wasm resolve to the library; other modules are refused", async () => {
    await runExample(ex('import { ops as o, tensor } from "keras-wasm";\no.add(tensor([1]), 1); // [2]'));
    expect(() => compileExample(ex('import fs from "node:fs";'))).toThrow(/only "keras-wasm"/);
  });
  test("a comment that reads like a value but is not a literal is refused; prose is not checked", () => {
    expect(() => parseExpectation("0s and 2s")).toThrow(/not a JS literal/);
    expect(parseExpectation("builds, then calls").kind).toBe("prose");
    expect(parseExpectation('{ name: "x", n: [1, -2.5] } (a note)').kind).toBe("value");
  });
  test("objects compare key for key", () => {
    const v = parseExpectation("{ a: 1 }");
    if (v.kind !== "value") throw new Error("not a value");
    expect(mismatch({ a: 1 }, v.expected)).toBeNull();
    expect(mismatch({ a: 1, b: 2 }, v.expected)).toMatch(/keys/);
  });
});

// Regularizers against numerics/regularizers.json and configs/reg_*.json
// (Keras 3.16) and the cases of Keras's regularizers_test.py.
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers/fixtures.js";
import * as regularizers from "../../src/regularizers/index.js";
import { tensor } from "../../src/ops/convert.js";
import * as ops from "../../src/ops/index.js";
import { Variable } from "../../src/variables.js";
import { ValueError } from "../../src/errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (p: string): any => fixture(p);
const num = read("numerics/regularizers.json");
const X = tensor(num.input.values, num.input.shape);

// "L1(0.1)", "L1L2(0.1, 0.2)", "OrthogonalRegularizer(0.1, mode='columns')", "L1()" -> instances.
function build(expr: string): regularizers.Regularizer {
  const m = /^(\w+)\((.*)\)$/.exec(expr)!;
  const args = m[2]!.split(",").map((s) => s.trim()).filter(Boolean);
  const positional = args.filter((a) => !a.includes("=")).map(Number);
  const mode = args.find((a) => a.startsWith("mode="))?.slice(6, -1);
  const cls = (regularizers as unknown as Record<string, new (...a: unknown[]) => regularizers.Regularizer>)[m[1]!]!;
  if (m[1] === "OrthogonalRegularizer") return new cls({ ...(positional.length ? { factor: positional[0] } : {}), ...(mode ? { mode } : {}) });
  return new cls(...positional);
}

describe("values and configs (numerics/regularizers.json)", () => {
  for (const r of num.results as { regularizer: string; config: any; value: { dtype: string; values: number[] } }[]) {
    test(r.regularizer, () => {
      const reg = build(r.regularizer);
      const y = reg.apply(X);
      expect(y.shape).toEqual([]);
      expect(y.dtype).toBe("float32");
      if (r.value.dtype === "float64") {
        // Quirk 18: NumPy 1.x computed this one in float64; compare at float32 precision.
        expect(Math.abs(y.item() - r.value.values[0]!)).toBeLessThan(2e-7 * Math.abs(r.value.values[0]!) + 1e-9);
      } else {
        expect(y.item()).toBe(r.value.values[0]); // float32 arithmetic, same order as Keras
      }
      expect(regularizers.serialize(reg)).toEqual(r.config);
    });
  }
});

describe("configs (configs/reg_*.json)", () => {
  test.each([
    ["reg_L1_default", () => new regularizers.L1()],
    ["reg_L2_0.5", () => new regularizers.L2(0.5)],
    ["reg_L1L2_0.1_0.2", () => new regularizers.L1L2(0.1, 0.2)],
    ["reg_OrthogonalRegularizer_default", () => new regularizers.OrthogonalRegularizer()],
    ["reg_from_string_l2", () => regularizers.get("l2")!],
  ])("%s", (file, make) => {
    const expected = read(`configs/${file}.json`);
    expect(regularizers.serialize(make())).toEqual(expected);
    const back = regularizers.deserialize(expected);
    expect(regularizers.serialize(back)).toEqual(expected);
  });
  test("L1() stores its factor as float32 (quirk 1); L2 keeps the number", () => {
    expect(new regularizers.L1().getConfig()).toEqual({ l1: 0.009999999776482582 });
    expect(new regularizers.L1(0.1).getConfig()).toEqual({ l1: 0.10000000149011612 });
    expect(new regularizers.L2().getConfig()).toEqual({ l2: 0.01 });
    expect(new regularizers.L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
  });
  test("fromConfig round trips", () => {
    const r = new regularizers.L1L2({ l1: 0.01, l2: 0.02 });
    expect(regularizers.L1L2.fromConfig(r.getConfig()).getConfig()).toEqual(r.getConfig());
    const o = new regularizers.OrthogonalRegularizer({ factor: 0.01, mode: "columns" });
    const o2 = regularizers.OrthogonalRegularizer.fromConfig(o.getConfig());
    expect(o2.getConfig()).toEqual({ factor: Math.fround(0.01), mode: "columns" });
  });
});

describe("Keras's regularizers_test cases", () => {
  test("L2(2) on ones(5, 5) is 50 (docstring)", () => {
    expect(new regularizers.L2(2).apply(ops.ones([5, 5])).item()).toBe(50);
  });
  test("works on Variables; zero weights and zero factors give 0", () => {
    const v = new Variable(ops.ones([4, 4]));
    expect(new regularizers.L1(0.5).apply(v).item()).toBe(8);
    expect(new regularizers.L1(0.1).apply(ops.zeros([4, 4])).item()).toBe(0);
    expect(new regularizers.L2(0).apply(v).item()).toBe(0);
    expect(new regularizers.L1L2(0.1, 0.2).apply(ops.zeros([4, 4])).item()).toBe(0);
    expect(new regularizers.L1(0.1).apply(ops.negative(v)).item()).toBe(new regularizers.L1(0.1).apply(v).item());
  });
  test("get: names, null, typo", () => {
    expect(regularizers.get("l1l2")).toBeInstanceOf(regularizers.L1L2);
    expect(regularizers.get("L1L2")).toBeInstanceOf(regularizers.L1L2);
    expect(regularizers.get("l1")).toBeInstanceOf(regularizers.L1);
    expect(regularizers.get("l2")).toBeInstanceOf(regularizers.L2);
    expect(regularizers.get("orthogonal_regularizer")).toBeInstanceOf(regularizers.OrthogonalRegularizer);
    expect(regularizers.get(null)).toBeNull();
    expect(() => regularizers.get("typo")).toThrow(/^Could not interpret regularizer identifier: typo\. Valid names: .*'l2'/);
    expect(() => regularizers.get("__proto__")).toThrow(/Could not interpret regularizer identifier: __proto__/);
  });
  test("OrthogonalRegularizer mode and rank validation (exact messages)", () => {
    expect(() => new regularizers.OrthogonalRegularizer({ factor: 0.01, mode: "invalid_mode" as never })).toThrow(
      new ValueError('Invalid value for argument `mode`. Expected one of {"rows", "columns"}. Received: mode=invalid_mode'),
    );
    expect(() => new regularizers.OrthogonalRegularizer(0.1).apply(ops.ones([4, 4, 4]))).toThrow(
      new ValueError("Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=(4, 4, 4)"),
    );
  });
  test.each([["not_a_number"], [true], [NaN], [Infinity], [-Infinity], [-1], [-0.001], [[0.1]]])("validateFloatArg rejects %j", (v) => {
    expect(() => regularizers.validateFloatArg(v, "test")).toThrow(/expected a non-negative float/);
  });
  test("validateFloatArg accepts 0, 1, 1e-10, 1e6", () => {
    for (const v of [0, 1, 1e-10, 1e6]) expect(regularizers.validateFloatArg(v, "test")).toBe(v);
  });
});

describe("int32 inputs: the factor is cast to the input's dtype, as Keras 3.16 does", () => {
  // keras/src/regularizers/regularizers.py: L1 returns
  // `ops.cast(self.l1, dtype=x.dtype) * ops.sum(ops.absolute(x))` (L2 and
  // L1L2 alike), so for int32 the factor truncates: 0.01 -> 0 (a zero
  // penalty, Keras's own result), 2.5 -> 2. The result stays int32.
  const x = tensor(new Int32Array([1, -2, 3]));
  test.each([
    ["L1()", new regularizers.L1(), 0],
    ["L1(2.5)", new regularizers.L1(2.5), 2 * 6],
    ["L2(1.9)", new regularizers.L2(1.9), 1 * 14],
    ["L1L2(2.5, 3.7)", new regularizers.L1L2(2.5, 3.7), 2 * 6 + 3 * 14],
  ] as const)("%s", (_, reg, expected) => {
    const r = reg.apply(x);
    expect(r.dtype).toBe("int32");
    expect(r.item()).toBe(expected);
  });
});

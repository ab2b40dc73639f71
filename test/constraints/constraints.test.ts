// Constraints against numerics/constraints.json and configs/con_*.json (Keras 3.16).
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers/fixtures.js";
import * as constraints from "../../src/constraints/index.js";
import { tensor } from "../../src/ops/convert.js";
import { ValueError } from "../../src/errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (p: string): any => fixture(p);
const num = read("numerics/constraints.json");
const W = tensor(num.input.values, num.input.shape);

describe("values (numerics/constraints.json)", () => {
  for (const r of num.results as { constraint: string; config: any; value: { shape: number[]; values: number[] } }[]) {
    test(r.constraint, () => {
      // Build from Keras's JSON (also checks deserialize), then compare values and the config.
      const c = constraints.deserialize(r.config);
      expect(constraints.serialize(c)).toEqual(r.config);
      const y = c.apply(W);
      expect(y.shape).toEqual(r.value.shape);
      const d = y.data;
      // float32 arithmetic; a sqrt/divide rounding difference of 1-2 ulp is allowed.
      r.value.values.forEach((v, i) => expect(Math.abs(d[i]! - v)).toBeLessThanOrEqual(2.5e-7 * Math.abs(v)));
    });
  }
});

describe("configs (configs/con_*.json)", () => {
  test.each([
    ["con_MaxNorm_default", () => new constraints.MaxNorm()],
    ["con_MinMaxNorm_0.5_2.0", () => new constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2.0 })],
    ["con_NonNeg", () => new constraints.NonNeg()],
    ["con_UnitNorm_axis1", () => new constraints.UnitNorm({ axis: 1 })],
    ["con_from_string_max_norm", () => constraints.get("max_norm")!],
  ])("%s", (file, make) => {
    const expected = read(`configs/${file}.json`);
    expect(constraints.serialize(make())).toEqual(expected);
    expect(constraints.serialize(constraints.deserialize(expected))).toEqual(expected);
  });
  test("getConfig is camelCase", () => {
    expect(new constraints.MinMaxNorm(0.5, { maxValue: 2 }).getConfig()).toEqual({ minValue: 0.5, maxValue: 2, rate: 1, axis: 0 });
    expect(new constraints.MaxNorm(3, { axis: [0, 1] }).getConfig()).toEqual({ maxValue: 3, axis: [0, 1] });
  });
});

describe("behaviour", () => {
  test("NonNeg, UnitNorm and MaxNorm by hand", () => {
    expect(new constraints.NonNeg().apply([-1, 2, 0]).toArray()).toEqual([0, 2, 0]);
    const u = new constraints.UnitNorm({ axis: 1 }).apply([[3, 4]]).data;
    expect(u[0]).toBeCloseTo(0.6, 6);
    expect(u[1]).toBeCloseTo(0.8, 6);
    const m = new constraints.MaxNorm(1).apply([[3], [4]]).data; // norm 5 -> 1
    expect(m[0]).toBeCloseTo(0.6, 6);
    expect(m[1]).toBeCloseTo(0.8, 6);
  });
  test("get: names, classes, instances, functions, typo", () => {
    for (const [n, c] of [["max_norm", constraints.MaxNorm], ["MaxNorm", constraints.MaxNorm], ["min_max_norm", constraints.MinMaxNorm],
      ["non_neg", constraints.NonNeg], ["unit_norm", constraints.UnitNorm]] as const) expect(constraints.get(n)).toBeInstanceOf(c);
    expect(constraints.get(constraints.NonNeg)).toBeInstanceOf(constraints.NonNeg);
    const fn = (w: never) => w;
    expect(constraints.get(fn)).toBe(fn);
    expect(() => constraints.get("typo")).toThrow(/^Could not interpret constraint identifier: typo\. Valid names: .*'max_norm'/);
    expect(() => new constraints.MaxNorm({ maxvalue: 2 } as never)).toThrow(/unrecognized argument 'maxvalue'/);
  });
});

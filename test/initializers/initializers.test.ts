// Initializers against the Keras 3.16 fixtures (configs, compute_fans) and
// Keras's initializer tests; distributions checked statistically.
import { beforeEach, describe, expect, test } from "vitest";
import { fixture } from "../helpers/fixtures.js";
import * as initializers from "../../src/initializers/index.js";
import { SeedGenerator } from "../../src/random/index.js";
import { resetNameCounters } from "../../src/utils/naming.js";
import { renameKeys, snakeToCamel } from "../../src/saving/serialization.js";
import { ValueError } from "../../src/errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (p: string): any => fixture(p);
const index = read("configs/_initializer_index.json") as Record<string, { class: string; args: Record<string, unknown> }>;
const classes = initializers as unknown as Record<string, new (o?: unknown) => initializers.Initializer>;

const stats = (d: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  const mean = s / d.length;
  let v = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < d.length; i++) { v += (d[i]! - mean) ** 2; min = Math.min(min, d[i]!); max = Math.max(max, d[i]!); }
  return { mean, std: Math.sqrt(v / d.length), min, max };
};

describe("configs equal Keras's (configs/init_*.json)", () => {
  beforeEach(() => resetNameCounters());
  for (const [file, { class: cls, args }] of Object.entries(index)) {
    test(file, () => {
      const expected = read(`configs/${file}.json`);
      const opts = renameKeys(args, snakeToCamel);
      if (opts.seed === "SeedGenerator(11)") opts.seed = new SeedGenerator(11);
      const obj = new classes[cls]!(opts);
      expect(initializers.serialize(obj)).toEqual(expected);
      expect(obj.getConfig()).toEqual(JSON.parse(JSON.stringify(renameKeys(expected.config, snakeToCamel))));
      expect(Object.keys(initializers.serialize(obj) as object)).toEqual(Object.keys(expected));
      expect(Object.keys((initializers.serialize(obj) as { config: object }).config)).toEqual(Object.keys(expected.config));
      const back = initializers.deserialize(JSON.parse(JSON.stringify(expected)));
      expect(back).toBeInstanceOf(classes[cls]);
      expect(initializers.serialize(back)).toEqual(expected);
    });
  }
  test("init_from_string_glorot_uniform", () => {
    expect(initializers.serialize(initializers.get("glorot_uniform")!)).toEqual(read("configs/init_from_string_glorot_uniform.json"));
  });
  test("fromConfig(getConfig()) round trip", () => {
    const a = new initializers.VarianceScaling({ scale: 1.5, mode: "fan_out", distribution: "untruncated_normal", seed: 3, inputAxes: [0], outputAxes: [1] });
    const b = initializers.VarianceScaling.fromConfig(a.getConfig());
    expect(b.getConfig()).toEqual(a.getConfig());
    expect(b.apply([4, 5]).toArray()).toEqual(a.apply([4, 5]).toArray());
    expect(a.clone().getConfig()).toEqual(a.getConfig());
  });
});

describe("computeFans (numerics/compute_fans.json)", () => {
  for (const c of read("numerics/compute_fans.json") as { shape: number[]; input_axes: number[] | null; output_axes: number[] | null; fan_in: number; fan_out: number }[]) {
    test(`${JSON.stringify(c.shape)} in=${JSON.stringify(c.input_axes)} out=${JSON.stringify(c.output_axes)}`, () => {
      expect(initializers.computeFans(c.shape, c.input_axes, c.output_axes)).toEqual([c.fan_in, c.fan_out]);
    });
  }
  test("negative axes count from the end; one of the two alone is rejected", () => {
    expect(initializers.computeFans([3, 4, 5], [-3, -2], [-1])).toEqual([12, 5]);
    expect(() => initializers.computeFans([3, 4], [0], null)).toThrow(ValueError);
  });
});

describe("get: names and aliases as Keras lists them", () => {
  test.each([
    ["glorot_uniform", "GlorotUniform"], ["GlorotUniform", "GlorotUniform"], ["glorot_normal", "GlorotNormal"],
    ["he_uniform", "HeUniform"], ["he_normal", "HeNormal"], ["lecun_uniform", "LecunUniform"], ["lecun_normal", "LecunNormal"],
    ["zeros", "Zeros"], ["zero", "Zeros"], ["ones", "Ones"], ["one", "Ones"], ["constant", "Constant"], ["identity", "Identity"],
    ["random_normal", "RandomNormal"], ["normal", "RandomNormal"], ["random_uniform", "RandomUniform"], ["uniform", "RandomUniform"],
    ["truncated_normal", "TruncatedNormal"], ["variance_scaling", "VarianceScaling"], ["orthogonal", "Orthogonal"],
    ["Orthogonal", "Orthogonal"], ["OrthogonalInitializer", "Orthogonal"],
  ])("%s -> %s", (name, cls) => {
    expect(initializers.get(name)).toBeInstanceOf(classes[cls]);
  });
  test("classes, instances, configs, functions and null", () => {
    expect(initializers.get(initializers.Ones)).toBeInstanceOf(initializers.Ones);
    const z = new initializers.Zeros();
    expect(initializers.get(z)).toBe(z);
    expect(initializers.get({ class_name: "Ones", config: {} })).toBeInstanceOf(initializers.Ones);
    const fn = () => 0;
    expect(initializers.get(fn)).toBe(fn);
    expect(initializers.get(null)).toBeNull();
  });
  test("unknown names: Keras's message", () => {
    // Keras's message, then the valid names (test/utils/suggest.test.ts checks the hint).
    expect(() => initializers.get("typo")).toThrow(/^Could not interpret initializer identifier: typo\. Valid names: .*'glorot_uniform'/);
    expect(() => initializers.get("constructor")).toThrow(/Could not interpret initializer identifier: constructor/);
    expect(() => initializers.get(12)).toThrow(/Could not interpret initializer identifier: 12/);
  });
});

describe("values", () => {
  test("Zeros, Ones, Constant (scalar and broadcast list), dtype", () => {
    expect(new initializers.Zeros().apply([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(new initializers.Ones().apply([3], "int32").dtype).toBe("int32");
    expect(new initializers.Constant(2).apply([2, 1]).toArray()).toEqual([[2], [2]]);
    expect(new initializers.Constant({ value: [1, 2] }).apply([2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(new initializers.Constant(1.9).apply([2], "int32").toArray()).toEqual([1, 1]);
  });
  test("Identity: gain * eye, 2D only (Keras's message)", () => {
    expect(new initializers.Identity(2).apply([2, 3]).toArray()).toEqual([[2, 0, 0], [0, 2, 0]]);
    expect(() => new initializers.Identity().apply([3])).toThrow(
      new ValueError("Identity matrix initializer can only be used for 2D matrices. Received: shape=(3,) of rank 1."),
    );
  });
  test("RandomNormal / RandomUniform / TruncatedNormal statistics", () => {
    const n = stats(new initializers.RandomNormal({ mean: 0.1, stddev: 0.2, seed: 42 }).apply([100, 100]).data);
    expect(Math.abs(n.mean - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(n.std - 0.2)).toBeLessThan(0.006);
    const u = stats(new initializers.RandomUniform({ minval: -0.1, maxval: 0.2, seed: 42 }).apply([100, 100]).data);
    expect(u.min).toBeGreaterThanOrEqual(-0.1);
    expect(u.max).toBeLessThanOrEqual(0.2);
    expect(Math.abs(u.mean - 0.05)).toBeLessThan(0.005);
    const t = stats(new initializers.TruncatedNormal({ mean: 0.1, stddev: 0.2, seed: 42 }).apply([100, 100]).data);
    expect(t.min).toBeGreaterThanOrEqual(0.1 - 0.4 - 1e-7);
    expect(t.max).toBeLessThanOrEqual(0.1 + 0.4 + 1e-7);
    expect(Math.abs(t.std - 0.2 * 0.8796256610342398)).toBeLessThan(0.006);
  });
  // Expected stddev (normal) or limit (uniform) from Keras's formulas for shape [100, 50]: fanIn 100, fanOut 50.
  test.each([
    ["GlorotUniform", "uniform", Math.sqrt(6 / 150)],
    ["HeUniform", "uniform", Math.sqrt(6 / 100)],
    ["LecunUniform", "uniform", Math.sqrt(3 / 100)],
    ["GlorotNormal", "normal", Math.sqrt(2 / 150)],
    ["HeNormal", "normal", Math.sqrt(2 / 100)],
    ["LecunNormal", "normal", Math.sqrt(1 / 100)],
  ])("%s on [100, 50]", (cls, kind, param) => {
    const s = stats(new classes[cls]!({ seed: 3 }).apply([100, 50]).data);
    expect(Math.abs(s.mean)).toBeLessThan(0.05 * param);
    if (kind === "uniform") {
      expect(s.max).toBeLessThanOrEqual(param);
      expect(s.min).toBeGreaterThanOrEqual(-param);
      expect(Math.abs(s.std - param / Math.sqrt(3))).toBeLessThan(0.03 * param);
    } else {
      expect(Math.abs(s.std - param)).toBeLessThan(0.03 * param); // the truncation is compensated
      expect(s.max).toBeLessThanOrEqual((2 * param) / 0.8796256610342398 + 1e-6);
    }
  });
  test("VarianceScaling with explicit axes uses them", () => {
    // fanOut over axis 1 only: 5 -> stddev sqrt(1.5 / 5)
    const s = stats(new initializers.VarianceScaling({ scale: 1.5, mode: "fan_out", distribution: "untruncated_normal", seed: 3, inputAxes: [0], outputAxes: [1] }).apply([200, 5, 20]).data);
    expect(Math.abs(s.std - Math.sqrt(1.5 / 5))).toBeLessThan(0.02);
  });
  test("VarianceScaling validation (Keras's messages)", () => {
    expect(() => new initializers.VarianceScaling({ scale: 0 })).toThrow(/Argument `scale` must be positive float\. Received: scale=0/);
    expect(() => new initializers.VarianceScaling({ mode: "fan" as never })).toThrow(/Invalid `mode` argument: "fan"/);
    expect(() => new initializers.VarianceScaling({ distribution: "gamma" as never })).toThrow(/Invalid `distribution` argument: gamma/);
    expect(new initializers.VarianceScaling({ distribution: "normal" }).distribution).toBe("truncated_normal");
    expect(() => new initializers.RandomNormal({ seed: "x" as never })).toThrow(/`seed` argument should be an instance of `keras.random.SeedGenerator\(\)` or an integer/);
    expect(() => new initializers.GlorotUniform({ sed: 1 } as never)).toThrow(/unrecognized argument 'sed'/);
  });
  test("Orthogonal: Q^T Q = I (columns) or Q Q^T = I (rows), times gain", () => {
    for (const [shape, gain] of [[[6, 4], 1], [[3, 7], 2], [[2, 3, 5], 1], [[5, 5], 1.5]] as [number[], number][]) {
      const q = new initializers.Orthogonal({ gain, seed: 1 }).apply(shape);
      expect(q.shape).toEqual(shape);
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const cols = shape[shape.length - 1]!;
      const d = q.data;
      const k = Math.min(rows, cols);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let dot = 0;
          if (rows >= cols) for (let r = 0; r < rows; r++) dot += d[r * cols + i]! * d[r * cols + j]!;
          else for (let c = 0; c < cols; c++) dot += d[i * cols + c]! * d[j * cols + c]!;
          expect(Math.abs(dot - (i === j ? gain * gain : 0))).toBeLessThan(1e-5);
        }
      }
    }
    expect(() => new initializers.Orthogonal().apply([3])).toThrow(/must be at least two-dimensional\. Received: shape=\(3,\) of rank 1\./);
  });
});

describe("seeds", () => {
  test("an int seed gives the same values on every call and for equal seeds", () => {
    const a = new initializers.RandomNormal({ seed: 42 });
    expect(a.apply([5]).toArray()).toEqual(a.apply([5]).toArray());
    expect(new initializers.RandomNormal({ seed: 42 }).apply([5]).toArray()).toEqual(a.apply([5]).toArray());
  });
  test("no seed: one seed drawn at construction (repeats per instance, differs between instances)", () => {
    const a = new initializers.GlorotUniform();
    const b = new initializers.GlorotUniform();
    expect(a.apply([4, 4]).toArray()).toEqual(a.apply([4, 4]).toArray());
    expect(a.apply([4, 4]).toArray()).not.toEqual(b.apply([4, 4]).toArray());
  });
  test("a SeedGenerator advances between calls", () => {
    const a = new initializers.RandomUniform({ seed: new SeedGenerator(1) });
    expect(a.apply([5]).toArray()).not.toEqual(a.apply([5]).toArray());
  });
});

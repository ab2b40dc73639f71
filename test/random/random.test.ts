// keras.random: the Philox-4x32-10 generator against the Random123
// known-answer vectors, the deterministic float transforms against Math.*,
// SeedGenerator semantics from Keras's seed_generator_test.py, and
// distribution statistics within sampling tolerance.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { ln, philox4x32, sinCos2Pi } from "../../src/random/philox.js";
import { SeedGenerator, drawSeed, dropout, globalSeedGenerator, normal, truncatedNormal, uniform } from "../../src/random/index.js";
import { makeDefaultSeed } from "../../src/random/seed_generator.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/serialization.js";
import * as ops from "../../src/ops/index.js";
import { ValueError } from "../../src/errors.js";
import { fixture } from "../helpers/fixtures.js";

const configFixture = (name: string): unknown => fixture(`configs/${name}.json`);

const stats = (d: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  const mean = s / d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i]! - mean) ** 2;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < d.length; i++) { min = Math.min(min, d[i]!); max = Math.max(max, d[i]!); }
  return { mean, std: Math.sqrt(v / d.length), min, max };
};

describe("Philox-4x32-10", () => {
  // Known-answer vectors published with Random123 (kat_vectors, philox4x32_10).
  test.each([
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ])("counter %j key %j", (ctr, key, expected) => {
    const out = new Uint32Array(4);
    philox4x32(ctr, key, out);
    expect([...out]).toEqual(expected);
  });
  test("ln and sinCos2Pi agree with Math.* to ~1e-15", () => {
    const pair = new Float64Array(2);
    fc.assert(fc.property(fc.double({ min: 2 ** -33, max: 1, noNaN: true }), (x) => {
      expect(Math.abs(ln(x) - Math.log(x))).toBeLessThan(1e-14 * Math.max(1, Math.abs(Math.log(x))));
    }));
    fc.assert(fc.property(fc.double({ min: 0, max: 0.9999999, noNaN: true }), (u) => {
      sinCos2Pi(u, pair);
      expect(Math.abs(pair[0]! - Math.sin(2 * Math.PI * u))).toBeLessThan(1e-14);
      expect(Math.abs(pair[1]! - Math.cos(2 * Math.PI * u))).toBeLessThan(1e-14);
    }));
  });
});

describe("SeedGenerator", () => {
  test("initial state [seed, 0]; int32 non-trainable state variable", () => {
    const gen = new SeedGenerator(12345);
    expect(gen.state.toArray()).toEqual([12345, 0]);
    expect(gen.state.dtype).toBe("int32");
    expect(gen.state.trainable).toBe(false);
    expect(gen.state.name).toBe("seed_generator_state");
    expect(gen.state.path).toBe(`${gen.name}/seed_generator_state`);
    expect(new SeedGenerator().state.toArray()).toHaveLength(2);
  });
  test("invalid seeds and options", () => {
    expect(() => new SeedGenerator("invalid_seed" as never)).toThrow(/Argument `seed` must be an integer/);
    expect(() => new SeedGenerator({ seed: 1, invalidArg: 1 } as never)).toThrow(/Unrecognized keyword arguments/);
  });
  test("next() returns the state then advances the counter", () => {
    const gen = new SeedGenerator(42);
    expect(gen.next()).toEqual([42, 0]);
    expect(gen.next()).toEqual([42, 1]);
    expect(gen.state.toArray()).toEqual([42, 2]);
  });
  test("unordered next() follows Keras's (s + 1) * 5387 % 933199", () => {
    const gen = new SeedGenerator(3);
    gen.next(false);
    expect(gen.state.toArray()).toEqual([(4 * 5387) % 933199, 5387 % 933199]);
  });
  test("the global generator is one object", () => {
    expect(globalSeedGenerator()).toBe(globalSeedGenerator());
  });
  test("makeDefaultSeed draws different seeds", () => {
    const seeds = new Set(Array.from({ length: 5 }, makeDefaultSeed));
    expect(seeds.size).toBeGreaterThan(1);
  });
  test("drawSeed: int, generator, none, invalid", () => {
    expect(drawSeed(12345)).toEqual([12345, 0]);
    expect(drawSeed(new SeedGenerator(7))).toEqual([7, 0]);
    expect(drawSeed(null)).toHaveLength(2);
    expect(() => drawSeed("invalid_seed" as never)).toThrow(/Argument `seed` must be either an integer or an instance of `SeedGenerator`/);
  });
  test("serializes as Keras does (fixtures seed_generator_5*)", () => {
    const gen = new SeedGenerator(5, { name: "seed_generator" });
    expect(gen.getConfig()).toEqual(configFixture("seed_generator_5_get_config"));
    expect(serializeKerasObject(gen)).toEqual(configFixture("seed_generator_5"));
    const back = deserializeKerasObject(configFixture("seed_generator_5")) as SeedGenerator;
    expect(back).toBeInstanceOf(SeedGenerator);
    expect(back.state.toArray()).toEqual([5, 0]);
  });
});

describe("random functions", () => {
  test("an int seed repeats; a SeedGenerator advances; none differs", () => {
    expect(normal([8], { seed: 10 }).toArray()).toEqual(normal([8], { seed: 10 }).toArray());
    expect(normal([8], { seed: 10 }).toArray()).not.toEqual(normal([8], { seed: 11 }).toArray());
    const gen = new SeedGenerator(10);
    const a = normal([8], { seed: gen }).toArray();
    const b = normal([8], { seed: gen }).toArray();
    expect(a).toEqual(normal([8], { seed: 10 }).toArray()); // generator's first key is [10, 0]
    expect(b).not.toEqual(a);
    expect(normal([8]).toArray()).not.toEqual(normal([8]).toArray());
  });
  test("shapes, dtype, and prefix stability across sizes", () => {
    const x = uniform([2, 3, 4], { seed: 1 });
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x.dtype).toBe("float32");
    const small = Array.from(uniform([5], { seed: 1 }).data);
    expect(Array.from(x.data).slice(0, 5)).toEqual(small);
    expect(normal([], { seed: 1 }).shape).toEqual([]);
    expect(normal([0, 3], { seed: 1 }).size).toBe(0);
  });
  test("uniform requires a float dtype", () => {
    expect(() => uniform([3, 4], { minval: 0, maxval: 10, dtype: "int32" })).toThrow(/`keras.random.uniform` requires a floating point `dtype`/);
  });
  test("normal: mean and std", () => {
    const s = stats(normal([20000], { mean: 10, stddev: 3, seed: 5 }).data);
    expect(Math.abs(s.mean - 10)).toBeLessThan(0.1); // 5 sigma of the mean is 0.106
    expect(Math.abs(s.std - 3)).toBeLessThan(0.08);
  });
  test("uniform: bounds, mean and std", () => {
    const s = stats(uniform([20000], { minval: -1, maxval: 3, seed: 6 }).data);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThanOrEqual(3);
    expect(Math.abs(s.mean - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.std - 4 / Math.sqrt(12))).toBeLessThan(0.03);
  });
  test("truncatedNormal: within 2 stddev; std of the truncated law 0.8796 * stddev", () => {
    const s = stats(truncatedNormal([20000], { mean: 10, stddev: 3, seed: 7 }).data);
    expect(s.min).toBeGreaterThanOrEqual(4);
    expect(s.max).toBeLessThanOrEqual(16);
    expect(Math.abs(s.mean - 10)).toBeLessThan(0.1);
    expect(Math.abs(s.std - 3 * 0.8796256610342398)).toBeLessThan(0.07);
  });
});

describe("dropout", () => {
  test("rate 0 is the identity; rate 0.8 scales survivors by 5 (Keras's test)", () => {
    const x = ops.ones([3, 5]);
    expect(dropout(x, 0, { seed: 0 }).toArray()).toEqual(x.toArray());
    const y = Array.from(dropout(x, 0.8, { seed: 0 }).data);
    expect(Math.max(...y)).toBeGreaterThan(1);
    expect(y.filter((v) => v === 0).length).toBeGreaterThan(2);
    expect(y.every((v) => v === 0 || v === 5)).toBe(true);
  });
  test("rate 1 gives zeros; keep fraction near 1 - rate", () => {
    expect(dropout([1, 2], 1).toArray()).toEqual([0, 0]);
    const y = dropout(ops.ones([10000]), 0.3, { seed: 2 }).data;
    const kept = Array.from(y).filter((v) => v !== 0).length / y.length;
    expect(Math.abs(kept - 0.7)).toBeLessThan(0.025);
  });
  test("noiseShape shares the mask along broadcast axes", () => {
    const y = dropout(ops.ones([2, 3, 5, 7]), 0.3, { noiseShape: [null, 3, 5, 1], seed: 0 });
    expect(y.shape).toEqual([2, 3, 5, 7]);
    const d = y.data;
    for (let row = 0; row < d.length; row += 7) for (let j = 1; j < 7; j++) expect(d[row + j]).toBe(d[row]);
  });
  test("invalid rate", () => {
    expect(() => dropout([1], 1.5)).toThrow(ValueError);
  });
});

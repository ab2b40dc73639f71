// Arguments of the sampling functions that Keras refuses: non-float dtypes
// for normal and truncated_normal (as for uniform), and SeedGenerator seeds
// that do not fit its 32-bit state.
import { describe, expect, test } from "vitest";
import { SeedGenerator, normal, truncatedNormal, uniform } from "../../src/random/index.js";
import * as initializers from "../../src/initializers/index.js";
import { ValueError } from "../../src/errors.js";

describe("sampling dtypes are float only", () => {
  // Keras documents "Only floating point types are supported" for normal,
  // uniform and truncated_normal; JAX's normal refuses int dtypes. normal
  // used to accept int32 (truncating the samples) while uniform refused it.
  test.each(["int32", "bool"])("%s", (dtype) => {
    expect(() => normal([2], { dtype })).toThrow(/^`keras.random.normal` requires a floating point `dtype`. Received: dtype=/);
    expect(() => truncatedNormal([2], { dtype })).toThrow(/`keras.random.truncated_normal` requires a floating point `dtype`/);
    expect(() => uniform([2], { dtype })).toThrow(/`keras.random.uniform` requires a floating point `dtype`/);
    expect(() => new initializers.RandomNormal({ seed: 1 }).apply([2], dtype)).toThrow(ValueError);
  });

  test("every float dtype works", () => {
    for (const dtype of ["float32", "float16", "bfloat16", "float64"]) {
      expect(normal([2], { dtype, seed: 1 }).dtype).toBe(dtype);
      expect(truncatedNormal([2], { dtype, seed: 1 }).dtype).toBe(dtype);
    }
  });
});

describe("SeedGenerator seeds fit its 32-bit state", () => {
  // Keras keeps the state as uint32 (numpy and JAX backends), and converting
  // a seed outside [0, 2^32) to it raises. Here 2^40 used to wrap to 0, so
  // SeedGenerator(2 ** 40) drew what SeedGenerator(0) draws.
  test.each([2 ** 40, 2 ** 32, -1])("%d is refused", (seed) => {
    expect(() => new SeedGenerator(seed)).toThrow(ValueError);
    expect(() => new SeedGenerator(seed)).toThrow(/Argument `seed` must be an integer in \[0, 4294967295\].*Received: seed=/);
  });

  test("the ends of the range give distinct streams", () => {
    const draw = (s: number): number[] => Array.from(normal([4], { seed: new SeedGenerator(s) }).data);
    const zero = draw(0);
    expect(draw(0)).toEqual(zero);
    expect(draw(2 ** 32 - 1)).not.toEqual(zero);
    expect(draw(2 ** 31)).not.toEqual(zero);
    expect(draw(2 ** 32 - 1)).not.toEqual(draw(2 ** 31));
  });
});

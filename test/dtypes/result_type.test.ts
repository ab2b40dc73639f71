// resultType's fast paths (taken once per op) must agree with the full
// Keras lattice in dtype_promotion.ts for every pair they cover.
import { expect, test } from "vitest";
import { resultType, type DType } from "../../src/dtypes.js";
import { resultTypeOf } from "../../src/dtype_promotion.js";

const DTYPES: DType[] = ["float32", "float16", "bfloat16", "float64", "int32", "bool"];
const NUMBERS = [2, -3, 2.5, 0.1];

test("fast paths agree with the lattice", () => {
  for (const a of DTYPES) {
    for (const b of DTYPES) expect(resultType(a, b), `${a}, ${b}`).toBe(resultTypeOf(a, b));
    for (const n of NUMBERS) {
      const weak = { weak: Number.isInteger(n) ? ("int" as const) : ("float" as const) };
      expect(resultType(a, n), `${a}, ${n}`).toBe(resultTypeOf(a, weak));
      expect(resultType(n, a), `${n}, ${a}`).toBe(resultTypeOf(weak, a));
    }
  }
});

test("a few values by Keras's table", () => {
  expect(resultType("float16", "float32")).toBe("float32");
  expect(resultType("bfloat16", "float16")).toBe("float32");
  expect(resultType("int32", "float32")).toBe("float32");
  expect(resultType("int32", 2)).toBe("int32");
  expect(resultType("int32", 2.5)).toBe("float32");
  expect(resultType("float16", 2.5)).toBe("float16");
  expect(resultType("bool", 1)).toBe("int32");
});

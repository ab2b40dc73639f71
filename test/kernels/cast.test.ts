// Dtype conversion kernels against their twins, and by hand.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { castKernels } from "../../src/backend/reference/cast.js";
import type { DType } from "../../src/dtypes.js";
import { ops, tensor } from "../../src/index.js";
import { dim, f32, i32 } from "../helpers/arbitraries.js";
import { expectTwins, input, out } from "../helpers/twins.js";

const DT: Record<string, DType> = { f32: "float32", i32: "int32", u8: "bool" };
const CTOR = { f32: Float32Array, i32: Int32Array, u8: Uint8Array };
const VALUES = {
  // Include values just past the int32 range to exercise saturation.
  f32: fc.oneof(f32, fc.constantFrom(2147483648, -2147483904, 2147483520, 1e10, -1e10, 0.9999999, -0.5)),
  i32,
  u8: fc.constantFrom(0, 1),
};

describe("cast kernels match their reference twins", () => {
  for (const name of Object.keys(castKernels)) {
    const [, from, to] = name.split("_") as [string, keyof typeof CTOR, keyof typeof CTOR];
    test(name, () => {
      fc.assert(
        fc.property(
          fc.tuple(dim, dim).chain(([a, b]) => fc.array(VALUES[from], { minLength: a * b, maxLength: a * b })),
          (vals) => {
            const n = vals.length;
            expectTwins(name, [input(new CTOR[from](vals), DT[from]!), out(DT[to]!, n), n]);
          },
        ),
        { numRuns: 80 },
      );
    });
  }
});

describe("ops.cast", () => {
  test("float -> int32 truncates toward zero and saturates; NaN -> 0", () => {
    expect(ops.cast([1.9, -1.9, 3e9, -3e9, NaN, -0], "int32").toArray()).toEqual([1, -1, 2147483647, -2147483648, 0, 0]);
  });
  test("-> bool is x != 0, NaN is true", () => {
    expect(ops.cast([0, -0, 0.5, NaN, -Infinity], "bool").toArray()).toEqual([0, 0, 1, 1, 1]);
    expect(ops.cast(tensor(new Int32Array([0, 7, -1])), "bool").toArray()).toEqual([0, 1, 1]);
  });
  test("int32 -> float32 rounds to nearest", () => {
    expect(ops.cast(tensor(new Int32Array([16777217, -16777219])), "float32").toArray()).toEqual([16777216, -16777220]);
  });
  test("same dtype returns the tensor itself; shapes are kept", () => {
    const t = tensor([[1, 2]]);
    expect(ops.cast(t, "float32")).toBe(t);
    expect(ops.cast(t, "int32").shape).toEqual([1, 2]);
  });
  test("unknown dtype is refused", () => {
    expect(() => ops.cast([1], "float8")).toThrow(/Invalid dtype: float8/);
  });
});

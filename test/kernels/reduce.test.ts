// Every reduction kernel against its twin on random [outer, R, inner]
// layouts: sizes 0 and 1, lane-misaligned R and inner, R past one
// 1024-element block, and NaN / ±Infinity / -0 among the values.
import fc from "fast-check";
import { describe, test } from "vitest";
import { reduceKernels } from "../../src/backend/reference/reduce.js";
import type { DType } from "../../src/dtypes.js";
import { f32, i32, specialF32 } from "../helpers/arbitraries.js";
import { expectTwins, input, out, withWasm } from "../helpers/twins.js";

const DT: Record<string, DType> = { f32: "float32", i32: "int32", u8: "bool" };
const ctor = { f32: Float32Array, i32: Int32Array, u8: Uint8Array };

// Few distinct values make ties (argmax) and exact cancellations likely.
const tiesF32 = fc.constantFrom(0, -0, 1, -1, NaN, Infinity, -Infinity);
const values = {
  f32: fc.oneof(
    { weight: 3, arbitrary: f32 },
    { weight: 4, arbitrary: fc.integer({ min: -10000, max: 10000 }).map((i) => i / 97) },
    { weight: 1, arbitrary: tiesF32 },
    { weight: 1, arbitrary: specialF32 },
  ),
  i32: fc.oneof(i32, fc.integer({ min: -2, max: 2 })),
  u8: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 255 })),
};

// Long rows: sums and products whose rounding depends on the order.
const moderate = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -10000, max: 10000 }).map((i) => i / 97) }, { weight: 1, arbitrary: specialF32 });
const nearOne = fc.integer({ min: 970, max: 1030 }).map((i) => i / 1000);

const small = fc.oneof(fc.constantFrom(0, 1, 1, 2, 3, 4, 5, 7, 15, 16, 17, 33), fc.integer({ min: 0, max: 40 }));
/** [outer, R, inner]: mostly small, sometimes a long row or many columns. */
const layout = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(small, small, small) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1000, max: 2300 }), fc.constantFrom(1, 2, 5)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), small, fc.integer({ min: 60, max: 140 })) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 16, max: 120 }), fc.constant(1)) },
);

describe("reduction kernels match their reference twins", () => {
  for (const name of withWasm(reduceKernels)) {
    const suffix = name.slice(name.lastIndexOf("_") + 1) as "f32" | "i32" | "u8";
    const isArg = name.includes("_arg");
    test(name, () => {
      fc.assert(
        fc.property(
          layout.chain(([a, r, b]) => {
            const n = a * r * b;
            // Either any values, or values whose sums round differently by order;
            // long inputs repeat a random pool of 64 to keep generation fast.
            const pool = suffix !== "f32" ? values[suffix] : name.includes("prod") ? nearOne : moderate;
            const data = n > 3000
              ? fc.array(pool, { minLength: 64, maxLength: 64 }).map((p) => Array.from({ length: n }, (_, i) => p[(i * 7919) % 61]!))
              : fc.oneof(fc.array(values[suffix], { minLength: n, maxLength: n }), fc.array(pool, { minLength: n, maxLength: n }));
            return fc.tuple(fc.constant([a, r, b] as const), data);
          }),
          ([[a, r, b], data]) => {
            expectTwins(name, [input(new ctor[suffix](data), DT[suffix]!), out(isArg ? "int32" : DT[suffix]!, a * b), a, r, b]);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

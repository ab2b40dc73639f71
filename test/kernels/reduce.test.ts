// Every reduction kernel against its twin on random [outer, R, inner]
// layouts with a block size B (several blocks along R, or one): sizes 0
// and 1, lane-misaligned R, inner and B, R past one 1024-element sub-block,
// and NaN / ±Infinity / -0 among the values. The moments kernels (ops.var)
// too: moments_f32 on x, var_f32 on moments_f32's output.
import fc from "fast-check";
import { describe, test } from "vitest";
import { reduceKernels } from "../../src/backend/reference/reduce.js";
import { momentsKernels } from "../../src/backend/reference/moments.js";
import { reference } from "../../src/backend/reference/index.js";
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

/** B: past R (one block), or cutting R into blocks (the last one shorter). */
const blockOf = (r: number) => fc.oneof(fc.constant(Math.max(r, 1) + 3), fc.integer({ min: 1, max: Math.max(1, r) }));

describe("reduction kernels match their reference twins", () => {
  for (const name of [...withWasm(reduceKernels), ...withWasm(momentsKernels)]) {
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
            return fc.tuple(fc.constant([a, r, b] as const), data, blockOf(r));
          }),
          ([[a, r, b], data, B]) => {
            const x = input(new ctor[suffix](data), DT[suffix]!);
            const nb = Math.max(1, Math.ceil(r / B));
            if (isArg) expectTwins(name, [x, out("int32", a * b), a, r, b]);
            else if (name.startsWith("var")) {
              // var_f32 reads what moments_f32 writes (any values would do; these are the real ones).
              const m = new Float32Array(a * nb * 3 * b);
              reference.moments_f32(new Float32Array(data), m, a, r, b, B);
              expectTwins(name, [input(m, "float32"), out("float32", a * b), a, r, b, B]);
            } else expectTwins(name, [x, out(DT[suffix]!, a * nb * (name.startsWith("moments") ? 3 : 1) * b), a, r, b, B]);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

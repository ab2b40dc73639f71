// Every binary kernel against its twin, on broadcast shapes and special values.
import fc from "fast-check";
import { describe, test } from "vitest";
import { broadcastShapes, broadcastStrides, collapse } from "../../src/shape.js";
import { binaryKernels } from "../../src/backend/reference/binary.js";
import { broadcastPair, f32, i32, sizeOf } from "../helpers/arbitraries.js";
import { expectTwins, input, out, withWasm } from "../helpers/twins.js";
import type { DType } from "../../src/dtypes.js";

const DT: Record<string, DType> = { f32: "float32", i32: "int32", u8: "bool" };
const values = { f32, i32, u8: fc.constantFrom(0, 1) };
const ctor = { f32: Float32Array, i32: Int32Array, u8: Uint8Array };

describe("binary kernels match their reference twins", () => {
  for (const name of withWasm(binaryKernels)) {
    const suffix = name.slice(name.lastIndexOf("_") + 1) as "f32" | "i32" | "u8";
    const compare = /equal|greater|less/.test(name);
    test(name, () => {
      fc.assert(
        fc.property(
          broadcastPair().chain(([sa, sb]) =>
            fc.tuple(
              fc.constant(sa),
              fc.constant(sb),
              fc.array(values[suffix], { minLength: sizeOf(sa), maxLength: sizeOf(sa) }),
              fc.array(values[suffix], { minLength: sizeOf(sb), maxLength: sizeOf(sb) }),
            ),
          ),
          ([sa, sb, va, vb]) => {
            const outShape = broadcastShapes(sa, sb, "test");
            const c = collapse(outShape, [broadcastStrides(sa, outShape), broadcastStrides(sb, outShape)]);
            const n = sizeOf(outShape);
            // Integer power with big exponents is slow and meaningless: keep them small.
            const vbb = name === "power_i32" ? vb.map((x) => x % 9) : vb;
            expectTwins(name, [
              input(new ctor[suffix](va), DT[suffix]!),
              input(new ctor[suffix](vbb), DT[suffix]!),
              out(compare ? "bool" : DT[suffix]!, n),
              c.shape.length,
              Int32Array.from(c.shape),
              Int32Array.from(c.strides[0]!),
              Int32Array.from(c.strides[1]!),
              new Int32Array(c.shape.length),
            ]);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

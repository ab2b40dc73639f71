// where kernels against their twin on three-way broadcast shapes.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { broadcastShapes, broadcastStrides, collapse } from "../../src/shape.js";
import { selectKernels } from "../../src/backend/reference/select.js";
import { broadcastPair, f32, i32, sizeOf } from "../helpers/arbitraries.js";
import { expectTwins, input, out, runBoth, withWasm } from "../helpers/twins.js";
import type { DType } from "../../src/dtypes.js";

const DT: Record<string, DType> = { f32: "float32", i32: "int32", u8: "bool" };
const values = { f32, i32, u8: fc.constantFrom(0, 1) };
const ctor = { f32: Float32Array, i32: Int32Array, u8: Uint8Array };

/** Three shapes that broadcast together: a pair, and a third derived from either. */
const triple = broadcastPair().chain(([a, b]) =>
  fc.tuple(fc.constant(a), fc.constant(b), fc.integer({ min: 0, max: 5 })).map(([x, y, k]): [number[], number[], number[]] => {
    const out = broadcastShapes(x, y, "test");
    // The condition: the full shape, one of the pair, or a 1-padded variant.
    const c = k === 0 ? out : k === 1 ? x : k === 2 ? y : k === 3 ? out.map((d, i) => (i % 2 ? 1 : d)) : k === 4 ? [] : out.slice(1);
    return k % 3 === 0 ? [c, x, y] : k % 3 === 1 ? [x, c, y] : [x, y, c];
  }),
);

function args(suffix: "f32" | "i32" | "u8", shapes: readonly number[][], data: readonly number[][]) {
  const outShape = shapes.reduce((s, t) => broadcastShapes(s, t, "test"));
  const col = collapse(outShape, shapes.map((s) => broadcastStrides(s, outShape)));
  return [
    input(new Uint8Array(data[0]!), "bool"),
    input(new ctor[suffix](data[1]!), DT[suffix]!),
    input(new ctor[suffix](data[2]!), DT[suffix]!),
    out(DT[suffix]!, sizeOf(outShape)),
    col.shape.length,
    Int32Array.from(col.shape),
    ...col.strides.map((s) => Int32Array.from(s)),
    new Int32Array(col.shape.length),
  ];
}

describe("where kernels match their reference twin", () => {
  for (const name of withWasm(selectKernels)) {
    const suffix = name.slice(name.lastIndexOf("_") + 1) as "f32" | "i32" | "u8";
    test(name, () => {
      fc.assert(
        fc.property(
          triple.chain(([sc, sa, sb]) =>
            fc.tuple(
              fc.constant([sc, sa, sb]),
              fc.array(fc.constantFrom(0, 1), { minLength: sizeOf(sc), maxLength: sizeOf(sc) }),
              fc.array(values[suffix], { minLength: sizeOf(sa), maxLength: sizeOf(sa) }),
              fc.array(values[suffix], { minLength: sizeOf(sb), maxLength: sizeOf(sb) }),
            ),
          ),
          ([shapes, c, a, b]) => expectTwins(name, args(suffix, shapes, [c, a, b])),
        ),
        { numRuns: 80 },
      );
    });
  }

  test("selects by hand-checked example, long rows and a broadcast condition", () => {
    const n = 37;
    const a = Array.from({ length: n }, (_, i) => i);
    const b = Array.from({ length: n }, (_, i) => -i);
    const c = Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0);
    const [[w]] = runBoth("where_i32", args("i32", [[n], [n], [n]], [c, a, b]));
    expect(Array.from(w!)).toEqual(a.map((v, i) => (i % 3 === 0 ? v : -v)));
    // Condition (2, 1), x1 (1, 3), x2 scalar.
    const [[v]] = runBoth("where_f32", args("f32", [[2, 1], [1, 3], []], [[1, 0], [1, 2, 3], [9]]));
    expect(Array.from(v!)).toEqual([1, 2, 3, 9, 9, 9]);
  });
});

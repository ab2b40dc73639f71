// Every layout and creation kernel against its twin, on random shapes with
// 0- and 1-sized dims and lane-misaligned lengths, for each element size.
import fc from "fast-check";
import { describe, test } from "vitest";
import { STORAGE, type DType, type TypedArray } from "../../src/dtypes.js";
import { layoutKernels } from "../../src/backend/reference/layout.js";
import { dim, f32, i32, shape, sizeOf } from "../helpers/arbitraries.js";
import { expectTwins, input, out, type TwinArg } from "../helpers/twins.js";

// Each element size is tested with every dtype of that size.
const DTYPES: Record<Size, DType[]> = { 4: ["float32", "int32"], 2: ["float16", "bfloat16"], 1: ["bool"] };
// 16-bit dtypes are stored as raw patterns: any pattern, NaNs included.
const half = fc.integer({ min: 0, max: 0xffff });
const valueArb: Partial<Record<DType, fc.Arbitrary<number>>> = {
  float32: f32, int32: i32, float16: half, bfloat16: half, bool: fc.integer({ min: 0, max: 255 }),
};

function data(dtype: DType, n: number): fc.Arbitrary<TypedArray> {
  return fc.array(valueArb[dtype]!, { minLength: n, maxLength: n }).map((v) => new STORAGE[dtype].ctor(v));
}

/** A 32-bit pattern (any int32, or a float32's bits incl. NaN and -0), a 16-bit one or a byte. */
function bitsArb(size: Size): fc.Arbitrary<number> {
  if (size === 1) return fc.integer({ min: 0, max: 255 });
  if (size === 2) return half;
  return fc.oneof(i32, f32.map((x) => new Int32Array(new Float32Array([x]).buffer)[0]!));
}

const small = fc.integer({ min: 0, max: 9 });
const stride = fc.constantFrom(0, 1, 1, 1, 2, 3, 7);

type Size = 4 | 2 | 1;
type Case = (size: Size, dtype: DType) => fc.Arbitrary<TwinArg[]>;

// One generator per kernel family: the kernel's arguments, in order.
const CASES: Record<string, Case> = {
  strided_copy: (_size, dtype) =>
    fc
      .tuple(shape(4, 3000).map((s) => (s.length === 0 ? [1] : s)), fc.array(stride, { minLength: 4, maxLength: 4 }), small, small)
      .chain(([outShape, st, offset, extra]) => {
        const strides = outShape.map((_, d) => st[d]!);
        const reach = outShape.reduce((acc, n, d) => acc + Math.max(0, n - 1) * strides[d]!, 0);
        const n = sizeOf(outShape);
        return data(dtype, offset + reach + 1 + extra).map((src) => [
          input(src, dtype),
          out(dtype, n),
          offset,
          outShape.length,
          Int32Array.from(outShape),
          Int32Array.from(strides),
          new Int32Array(outShape.length),
        ]);
      }),
  concat: (_size, dtype) =>
    fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.array(dim, { minLength: 1, maxLength: 8 }))
      .chain(([outer, lens]) =>
        fc.tuple(...lens.map((l) => data(dtype, outer * l))).map((ins) => {
          const slots: TwinArg[] = ins.map((a) => input(a, dtype));
          while (slots.length < 8) slots.push(0);
          return [out(dtype, outer * sizeOf([lens.reduce((a, b) => a + b, 0)])), outer, lens.length, Int32Array.from(lens), ...slots];
        }),
      ),
  take: (_size, dtype) =>
    fc
      .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 }), dim, fc.oneof(fc.constant(1), dim))
      .chain(([outer, axisDim, nIdx, inner]) =>
        fc
          .tuple(data(dtype, outer * axisDim * inner), fc.array(fc.integer({ min: -axisDim, max: axisDim - 1 }), { minLength: nIdx, maxLength: nIdx }))
          .map(([x, idx]) => [input(x, dtype), input(Int32Array.from(idx), "int32"), out(dtype, outer * nIdx * inner), outer, axisDim, nIdx, inner]),
      ),
  fill: (size, dtype) =>
    fc.tuple(fc.oneof(dim, fc.integer({ min: 0, max: 300 })), bitsArb(size)).map(([n, bits]) => [out(dtype, n), n, bits]),
  eye: (size, dtype) =>
    fc
      .tuple(fc.integer({ min: 0, max: 21 }), fc.integer({ min: 0, max: 21 }), fc.integer({ min: -25, max: 25 }), bitsArb(size))
      .map(([r, c, k, bits]) => [out(dtype, r * c), r, c, k, bits]),
  one_hot: (size, dtype) =>
    fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 5 }), bitsArb(size))
      .chain(([outer, classes, inner, bits]) =>
        fc
          .array(fc.integer({ min: -3, max: classes + 2 }), { minLength: outer * inner, maxLength: outer * inner })
          .map((idx) => [input(Int32Array.from(idx), "int32"), out(dtype, outer * classes * inner), outer, classes, inner, bits]),
      ),
};

describe("layout kernels match their reference twins", () => {
  for (const [family, gen] of Object.entries(CASES)) {
    for (const size of [4, 2, 1] as const) {
      for (const dtype of DTYPES[size]) {
        test(`${family}_${size} (${dtype})`, () => {
          fc.assert(fc.property(gen(size, dtype), (args) => expectTwins(`${family}_${size}`, args)), { numRuns: 80 });
        });
      }
    }
  }

  // Real transposes: a contiguous input read through permuted strides
  // (hits the tiled path when the permuted last dim is strided).
  for (const [size, dtype] of [[4, "float32"], [4, "int32"], [2, "float16"], [1, "bool"]] as const) {
    test(`strided_copy_${size} on transposes (${dtype})`, () => {
      const gen = fc
        .tuple(shape(4, 3000).filter((s) => s.length >= 2), fc.func(fc.integer()))
        .chain(([inShape, rnd]) => {
          const perm = inShape.map((_, i) => i).sort((a, b) => (rnd(a) % 7) - (rnd(b) % 7) || a - b);
          const st = inShape.map((_, d) => sizeOf(inShape.slice(d + 1)));
          const outShape = perm.map((p) => inShape[p]!);
          return data(dtype, sizeOf(inShape)).map((src) => [
            input(src, dtype), out(dtype, src.length), 0, outShape.length,
            Int32Array.from(outShape), Int32Array.from(perm.map((p) => st[p]!)), new Int32Array(outShape.length),
          ] as TwinArg[]);
        });
      fc.assert(fc.property(gen, (args) => expectTwins(`strided_copy_${size}`, args)), { numRuns: 100 });
    });
  }

  const count = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9), fc.integer({ min: 0, max: 200 }));
  const f64 = fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constantFrom(0, -0, 0.1, -0.1, 1 / 3, 1e-7, 16777217));
  test("arange_f32", () => {
    fc.assert(fc.property(count, f64, f64, (n, start, step) => expectTwins("arange_f32", [out("float32", n), n, start, step])), { numRuns: 200 });
  });
  test("arange_i32", () => {
    fc.assert(fc.property(count, i32, i32, (n, first, delta) => expectTwins("arange_i32", [out("int32", n), n, first, delta])), { numRuns: 200 });
  });

  test("every layout twin has a property above", () => {
    const covered = new Set(["arange_f32", "arange_i32", ...Object.keys(CASES).flatMap((f) => [`${f}_4`, `${f}_2`, `${f}_1`])]);
    for (const k of Object.keys(layoutKernels)) if (!covered.has(k)) throw new Error(`no property for ${k}`);
  });
});

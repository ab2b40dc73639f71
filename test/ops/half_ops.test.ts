// float16 / bfloat16 / float64 tensors through the ops: every result equals
// the float32 result (computed here with Math.fround on the decoded
// inputs) rounded by the independent oracle, and Keras's promotion rules.
import { afterEach, describe, expect, test } from "vitest";
import { config, ops, tensor } from "../../src/index.js";
import { resultType } from "../../src/dtypes.js";
import { resultTypeOf } from "../../src/dtype_promotion.js";
import { decodeBf16, decodeF16, nearestBf16, nearestF16 } from "../helpers/half_oracle.js";
import { onBothKernels, throwsValue } from "../helpers/expect.js";

const f = Math.fround;
const R = { float16: (x: number) => decodeF16(nearestF16(x)), bfloat16: (x: number) => decodeBf16(nearestBf16(x)) };
// Values that round differently in the two formats, with ties, tiny and huge ones.
const A = [1.0009765625, -2.5, 0.1, 1 / 3, 65504, 3e-6, 1000.5, -0, 7, 2049, 1e-8, 300];
const B = [1.00048828125, 0.3, -0.1, 3, 16, 5e-6, 0.25, 1, 1e-3, 1, 4e-8, 300];

onBothKernels("half-precision ops", () => {
  for (const dt of ["float16", "bfloat16"] as const) {
    describe(dt, () => {
      const r = R[dt];
      const a = A.map(r);
      const b = B.map(r);
      const ta = tensor(A, null, dt);
      const tb = tensor(B, null, dt);

      test("tensor() rounds each value once; toArray decodes; data holds the raw patterns", () => {
        expect(ta.dtype).toBe(dt);
        expect(ta.toArray()).toEqual(a);
        expect(Array.from(ta.data)).toEqual(A.map(dt === "float16" ? nearestF16 : (x) => nearestBf16(f(x))));
      });

      test("binary ops: the float32 result of the rounded inputs, rounded once", () => {
        const cases: [(x: typeof ta, y: typeof tb) => typeof ta, (x: number, y: number) => number][] = [
          [ops.add, (x, y) => x + y],
          [ops.subtract, (x, y) => x - y],
          [ops.multiply, (x, y) => x * y],
          [ops.divide, (x, y) => x / y],
          [ops.maximum, (x, y) => Math.max(x, y)],
        ];
        for (const [op, fn] of cases) {
          const y = op(ta, tb);
          expect(y.dtype).toBe(dt);
          expect(y.toArray()).toEqual(a.map((x, i) => r(f(fn(x, b[i]!)))));
        }
        expect(ops.less(ta, tb).dtype).toBe("bool");
      });

      test("a weak scalar is rounded to the dtype first, as Keras converts it", () => {
        const y = ops.add(ta, 0.1);
        expect(y.dtype).toBe(dt);
        expect(y.toArray()).toEqual(a.map((x) => r(f(x + r(0.1)))));
      });

      test("unary float functions keep the dtype", () => {
        const pos = tensor([0.5, 2, 10], null, dt);
        const p = [0.5, 2, 10].map(r);
        expect(ops.sqrt(pos).dtype).toBe(dt);
        expect(ops.sqrt(pos).toArray()).toEqual(p.map((x) => r(f(Math.sqrt(x)))));
        expect(ops.negative(ta).toArray()).toEqual(a.map((x) => -x));
        expect(ops.clip(ta, 0, 2).toArray()).toEqual(a.map((x) => r(Math.min(Math.max(x, 0), 2))));
        expect(ops.softmax(pos).dtype).toBe(dt);
      });

      test("matmul accumulates in float32 in order and rounds once (NumPy's half dot)", () => {
        const x = tensor([[0.1, 0.2, 0.3]], null, dt);
        const w = tensor([[1.1], [2.2], [3.3]], null, dt);
        const xs = [0.1, 0.2, 0.3].map(r);
        const ws = [1.1, 2.2, 3.3].map(r);
        let acc = 0;
        for (let k = 0; k < 3; k++) acc = f(acc + f(xs[k]! * ws[k]!));
        const y = ops.matmul(x, w);
        expect(y.dtype).toBe(dt);
        expect(y.toArray()).toEqual([[r(acc)]]);
      });

      test("layout and creation ops move the patterns exactly", () => {
        const m = tensor([[1, 2, 3], [4, 5, 6]].map((row) => row.map((v) => v / 3)), null, dt);
        const t = ops.transpose(m);
        expect(t.dtype).toBe(dt);
        expect(t.toArray()).toEqual([[1, 4], [2, 5], [3, 6]].map((row) => row.map((v) => r(v / 3))));
        expect(ops.concatenate([m, m], 0).shape).toEqual([4, 3]);
        expect(ops.ones([2], dt).toArray()).toEqual([1, 1]);
        expect(ops.full([2], 0.1, dt).toArray()).toEqual([r(0.1), r(0.1)]);
        expect(ops.sum(m).dtype).toBe(dt);
        expect(ops.mean(tensor([1, 2], null, dt)).toArray()).toBe(1.5);
      });

      test("casts to and from the other dtypes", () => {
        expect(ops.cast(ta, "int32").toArray()).toEqual(a.map((x) => Math.trunc(x) + 0));
        expect(ops.cast(tensor(new Int32Array([3, -7])), dt).toArray()).toEqual([3, -7]);
        expect(ops.cast(ta, "float32").toArray()).toEqual(a);
        expect(ops.cast(tensor([0, 2]), dt).toArray()).toEqual([0, 2]);
        expect(ops.cast(ta, "bool").toArray()).toEqual(a.map((x) => (x !== 0 ? 1 : 0)));
      });
    });
  }

  test("float16 overflow, subnormals and NaN through an op", () => {
    const y = ops.multiply(tensor([60000, 2 ** -24, NaN], null, "float16"), 2);
    expect(y.toArray()).toEqual([Infinity, 2 ** -23, NaN]);
    expect(Array.from(y.data)).toEqual([0x7c00, 2, 0x7e00]);
  });

  test("float64: a storage dtype with exact casts and layout; arithmetic promotes as Keras (float32)", () => {
    const x = tensor([0.1, 1 / 3, 2 ** 60 + 2 ** 8], null, "float64");
    expect(x.dtype).toBe("float64");
    expect(x.toArray()).toEqual([0.1, 1 / 3, 2 ** 60 + 2 ** 8]);
    expect(ops.reshape(x, [3, 1]).toArray()).toEqual([[0.1], [1 / 3], [2 ** 60 + 2 ** 8]]);
    expect(ops.transpose(ops.reshape(x, [3, 1])).toArray()).toEqual([[0.1, 1 / 3, 2 ** 60 + 2 ** 8]]);
    expect(ops.cast(x, "float32").toArray()).toEqual([f(0.1), f(1 / 3), f(2 ** 60)]);
    expect(ops.cast(x, "int32").toArray()).toEqual([0, 0, 2147483647]);
    expect(ops.cast(tensor(new Int32Array([2147483647])), "float64").toArray()).toEqual([2147483647]);
    // keras.backend.result_type maps 64-bit results to 32-bit on non-TF backends.
    expect(ops.add(x, x).dtype).toBe("float32");
    expect(ops.exp(tensor([0], null, "float64")).dtype).toBe("float64");
  });
});

describe("result_type, as keras/src/backend/common/dtypes.py", () => {
  afterEach(() => config.setFloatx("float32"));
  test("the lattice", () => {
    const cases: [string[], string][] = [
      [["float16", "float32"], "float32"],
      [["bfloat16", "float16"], "float32"],
      [["int32", "float16"], "float16"],
      [["int32", "bfloat16"], "bfloat16"],
      [["bool", "float16"], "float16"],
      [["int32", "float32"], "float32"],
      [["float32", "int32"], "float32"],
      [["uint8", "int8"], "int16"],
      [["uint32", "int32"], "int32"], // int64, then 64 -> 32 bits
      [["float64", "float32"], "float32"],
      [["float64"], "float32"],
      [["bfloat16", "bfloat16"], "bfloat16"],
    ];
    for (const [ins, out] of cases) expect(resultTypeOf(...ins), ins.join("+")).toBe(out);
  });
  test("weak (Python-scalar) operands", () => {
    expect(resultTypeOf("bfloat16", { weak: "int" })).toBe("bfloat16"); // Keras's docstring example
    expect(resultTypeOf("float16", { weak: "float" })).toBe("float16");
    expect(resultTypeOf("int32", { weak: "float" })).toBe("float32");
    expect(resultTypeOf("bool", { weak: "int" })).toBe("int32");
    expect(resultTypeOf({ weak: "int" }, { weak: "float" })).toBe("float32");
    expect(resultType("float16", 0.5)).toBe("float16");
    expect(resultType("int32", 2)).toBe("int32");
    expect(resultType("int32", 0.5)).toBe("float32");
  });
  test("no dtypes or null give floatx; weak floats follow floatx's precision", () => {
    expect(resultTypeOf()).toBe("float32");
    expect(resultTypeOf(null)).toBe("float32");
    config.setFloatx("float16");
    expect(resultTypeOf()).toBe("float16");
    expect(resultTypeOf("int32", { weak: "float" })).toBe("float16");
    expect(ops.divide(tensor(new Int32Array([1])), 2).dtype).toBe("float16");
  });
  test("errors", () => {
    throwsValue(() => resultTypeOf("float8_e4m3fn", "bfloat16"), "There is no implicit conversions from float8 dtypes");
    throwsValue(() => resultTypeOf("invalid_dtype", "int32"), "is not a valid dtype for Keras type promotion");
    throwsValue(() => tensor([1], null, "float15"), "Invalid dtype: float15");
    expect(() => ops.cast([1], null as never)).toThrow(TypeError);
  });
});

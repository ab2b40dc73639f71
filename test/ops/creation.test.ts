// Creation ops against NumPy/Keras semantics, on the WASM kernels and on
// the reference kernels. Expected values are computed by hand or with Math.*.
import { describe, expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { throwsValue, onBothKernels } from "../helpers/expect.js";
import { ValueError } from "../../src/errors.js";

onBothKernels("creation ops", () => {

  describe("ones / zeros / full", () => {
    test("values, shapes and default float32", () => {
      const o = ops.ones([2, 3]);
      expect(o.dtype).toBe("float32");
      expect(o.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
      expect(ops.zeros(3).toArray()).toEqual([0, 0, 0]);
      expect(ops.zeros([]).toArray()).toBe(0);
      expect(ops.ones([2, 0]).shape).toEqual([2, 0]);
      expect(ops.full([2], 7.5).toArray()).toEqual([7.5, 7.5]);
      const big = ops.full([33, 35], -2); // 4620 bytes: resident path
      expect(big.data.every((v) => v === -2)).toBe(true);
      expect(big.size).toBe(33 * 35);
    });
    test("dtypes and value conversion as NumPy casts", () => {
      expect(ops.ones([2], "int32").data).toEqual(new Int32Array([1, 1]));
      expect(ops.zeros([2], "bool").data).toEqual(new Uint8Array([0, 0]));
      expect(ops.full([3], 2.7, "int32").data).toEqual(new Int32Array([2, 2, 2]));
      expect(ops.full([3], -2.7, "int32").data).toEqual(new Int32Array([-2, -2, -2]));
      expect(ops.full([2], 0.5, "bool").data).toEqual(new Uint8Array([1, 1]));
      expect(ops.full([2], true).dtype).toBe("bool");
      expect(Object.is(ops.full([1], -0).data[0], -0)).toBe(true);
      expect(Number.isNaN(ops.full([5], NaN).data[4])).toBe(true);
      expect(ops.full([1], 0.1).data[0]).toBe(Math.fround(0.1));
      expect(ops.full([2], Infinity).data[1]).toBe(Infinity);
    });
    test("full with a tensor fill value broadcasts it", () => {
      expect(ops.full([2, 2], [1, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
      const t = ops.full([2], tensor(new Int32Array([4])));
      expect(t.dtype).toBe("int32");
      expect(ops.full([2], [1.5], "int32").toArray()).toEqual([1, 1]);
    });
    test("errors", () => {
      throwsValue(() => ops.ones([2, -1]), "ops.ones", "'shape'", "non-negative integers", "-1");
      throwsValue(() => ops.zeros([1.5]), "ops.zeros", "1.5");
      throwsValue(() => ops.full([2, 0.5], 1), "ops.full", "0.5");
      throwsValue(() => ops.ones([2], "float128"), "Invalid dtype: float128");
      throwsValue(() => ops.full([2], [1, 2, 3]), "ops.broadcastTo", "shape (3,) to shape (2,)");
    });
  });

  describe("*Like", () => {
    test("shape and dtype of x, dtype override", () => {
      const x = tensor(new Int32Array([5, 6, 7]));
      const o = ops.onesLike(x);
      expect(o.dtype).toBe("int32");
      expect(o.data).toEqual(new Int32Array([1, 1, 1]));
      expect(ops.zerosLike([[1, 2]]).toArray()).toEqual([[0, 0]]);
      expect(ops.zerosLike(x, "float32").dtype).toBe("float32");
      expect(ops.fullLike(x, 9.9).data).toEqual(new Int32Array([9, 9, 9]));
      expect(ops.fullLike([[1, 2]], 3, "bool").toArray()).toEqual([[1, 1]]);
    });
  });

  describe("eye", () => {
    test("square, rectangular and shifted diagonals", () => {
      expect(ops.eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
      expect(ops.eye(2, 3, 1).toArray()).toEqual([[0, 1, 0], [0, 0, 1]]);
      expect(ops.eye(3, 4, -1).toArray()).toEqual([[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
      expect(ops.eye(3, 2, -2).toArray()).toEqual([[0, 0], [0, 0], [1, 0]]);
      expect(ops.eye(2, 2, 5).toArray()).toEqual([[0, 0], [0, 0]]);
      expect(ops.eye(2, 2, -1e12).toArray()).toEqual([[0, 0], [0, 0]]);
      expect(ops.eye(0).shape).toEqual([0, 0]);
      expect(ops.eye(2, null, 0, "int32").data).toEqual(new Int32Array([1, 0, 0, 1]));
      expect(ops.eye(2, 1, 0, "bool").data).toEqual(new Uint8Array([1, 0]));
      const big = ops.eye(40, 50, 3);
      const d = big.data;
      for (let i = 0; i < 40; i++) for (let j = 0; j < 50; j++) if (d[i * 50 + j] !== (j - i === 3 ? 1 : 0)) throw new Error(`eye(40, 50, 3)[${i}, ${j}]`);
    });
    test("errors", () => {
      throwsValue(() => ops.eye(-1), "ops.eye", "'N'", "non-negative integer", "-1");
      throwsValue(() => ops.eye(2, 1.5), "'M'", "1.5");
      throwsValue(() => ops.eye(2, 2, 0.5), "'k'", "integer");
    });
  });

  describe("arange", () => {
    test("one, two and three arguments, lengths ceil((stop - start) / step)", () => {
      expect(ops.arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
      expect(ops.arange(2, 5).toArray()).toEqual([2, 3, 4]);
      expect(ops.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
      expect(ops.arange(0, -1).shape).toEqual([0]);
      expect(ops.arange(3, 3).shape).toEqual([0]);
      expect(ops.arange(0, 1, 0.1).shape).toEqual([10]);
      expect(ops.arange(1, 2, 0.3).shape).toEqual([4]);
      expect(ops.arange(0, 1.0000001, 0.25).shape).toEqual([5]);
      expect(ops.arange(-1.5, 1.5, 0.5).shape).toEqual([6]);
      expect(ops.arange(2.5).toArray()).toEqual([0, 1, 2]);
    });
    test("float32 values are start + i * step rounded once", () => {
      const a = ops.arange(0, 1, 0.1);
      expect(a.dtype).toBe("float32");
      Array.from(a.data).forEach((v, i) => expect(v).toBe(Math.fround(i * 0.1)));
      const b = ops.arange(-3.3, 400, 0.7); // long enough for the resident path
      expect(b.size).toBe(Math.ceil(403.3 / 0.7));
      Array.from(b.data).forEach((v, i) => {
        if (v !== Math.fround(-3.3 + i * 0.7)) throw new Error(`arange(-3.3, 400, 0.7)[${i}] = ${v}`);
      });
    });
    test("int32 is exact", () => {
      const a = ops.arange(2147483640, 2147483647, 3, "int32");
      expect(a.data).toEqual(new Int32Array([2147483640, 2147483643, 2147483646]));
      const b = ops.arange(-5, 1500, 7, "int32");
      expect(b.size).toBe(Math.ceil(1505 / 7));
      Array.from(b.data).forEach((v, i) => expect(v).toBe(-5 + 7 * i));
      expect(ops.arange(10, 0, -4, "int32").data).toEqual(new Int32Array([10, 6, 2]));
    });
    test("errors", () => {
      throwsValue(() => ops.arange(0, 5, 0), "ops.arange", "'step'", "zero");
      throwsValue(() => ops.arange(0, Infinity), "'stop'", "finite");
      throwsValue(() => ops.arange(NaN), "'start'");
      throwsValue(() => ops.arange(0, 3, 1, "bool"), "float32 or int32", "bool");
      throwsValue(() => ops.arange(0, 1e10, 1), "ops.arange", "a tensor can hold at most");
    });
  });
});

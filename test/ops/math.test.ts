// Unary math ops, where and clip against NumPy/Keras semantics, on the
// WASM kernels and on the reference kernels. Expected values come from
// Math.* (rounded to float32) or by hand.
import { describe, expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { throws, onBothKernels } from "../helpers/expect.js";
import { KerasTypeError, NotImplementedError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";

const f = Math.fround;
const values = (t: Tensor): number[] => Array.from(t.data);

/** Within `ulps` float32 ulps of the f64 value rounded to float32. */
function expectClose(got: number[], want: number[], ulps = 2): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const w = f(want[i]!);
    if (Number.isNaN(w) || !Number.isFinite(w)) expect(got[i]).toBe(w);
    else expect(Math.abs(got[i]! - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(ulps * 2 ** (Math.floor(Math.log2(Math.abs(w) || 2 ** -126)) - 23));
  }
}

const XS = [-3.5, -1, -0.25, 0, 0.5, 1, 2, 7.25, 30];
const POS = [1e-30, 0.001, 0.5, 1, 2, 10, 1e10, 3e38];

onBothKernels("math ops", () => {

  test("float functions match Math.* and keep shape", () => {
    const x = tensor([XS.slice(0, 3), XS.slice(3, 6), XS.slice(6)], null, "float32");
    for (const [op, fn] of [[ops.exp, Math.exp], [ops.tanh, Math.tanh], [ops.negative, (v: number) => -v], [ops.abs, Math.abs], [ops.square, (v: number) => v * v]] as const) {
      const y = op(x);
      expect(y.shape).toEqual([3, 3]);
      expect(y.dtype).toBe("float32");
      expectClose(values(y), XS.map(fn));
    }
    expectClose(values(ops.log(tensor(POS, null, "float32"))), POS.map((v) => Math.log(f(v))));
    expectClose(values(ops.sqrt(tensor(POS, null, "float32"))), POS.map((v) => Math.sqrt(f(v))), 0);
    expectClose(values(ops.log1p(tensor([-0.5, 1e-10, 1e-4, 3], null, "float32"))), [-0.5, 1e-10, 1e-4, 3].map((v) => Math.log1p(f(v))));
  });

  test("special values", () => {
    const sp = tensor([NaN, Infinity, -Infinity, -0], null, "float32");
    expect(values(ops.exp(sp))).toEqual([NaN, Infinity, 0, 1]);
    expect(values(ops.log(sp))).toEqual([NaN, Infinity, NaN, -Infinity]);
    expect(values(ops.tanh(sp))).toEqual([NaN, 1, -1, -0]);
    expect(values(ops.sqrt(sp))).toEqual([NaN, Infinity, NaN, -0]);
    expect(values(ops.log1p(tensor([-1, -2], null, "float32")))).toEqual([-Infinity, NaN]);
  });

  test("dtypes: float functions of int32 and bool give float32", () => {
    const i = tensor([1, 4, 9], null, "int32");
    const b = tensor([true, false], null, "bool");
    for (const op of [ops.exp, ops.log, ops.log1p, ops.sqrt, ops.tanh]) {
      expect(op(i).dtype).toBe("float32");
      expect(op(b).dtype).toBe("float32");
    }
    expect(values(ops.sqrt(i))).toEqual([1, 2, 3]);
    expect(values(ops.exp(b))).toEqual([f(Math.E), 1]);
  });

  test("dtypes: negative / abs / square keep int32 (wrapping)", () => {
    const i = tensor([-2147483648, -3, 0, 46341], null, "int32");
    expect(ops.negative(i).dtype).toBe("int32");
    expect(values(ops.negative(i))).toEqual([-2147483648, 3, 0, -46341]);
    expect(values(ops.abs(i))).toEqual([-2147483648, 3, 0, 46341]);
    expect(values(ops.square(i))).toEqual([0, 9, 0, -2147479015]); // 46341^2 wraps
  });

  test("bool: abs is the identity, square gives int32, negative is an error", () => {
    const b = tensor([true, false, true], null, "bool");
    expect(ops.abs(b).dtype).toBe("bool");
    expect(values(ops.abs(b))).toEqual([1, 0, 1]);
    expect(ops.square(b).dtype).toBe("int32");
    expect(values(ops.square(b))).toEqual([1, 0, 1]);
    throws(() => ops.negative(b), KerasTypeError, "ops.negative", "bool");
  });

  test("numbers and nested arrays are accepted; size 0 works", () => {
    expect(ops.exp(0).item()).toBe(1);
    expect(ops.exp(0).shape).toEqual([]);
    const z = ops.tanh(tensor([], [0, 3], "float32"));
    expect(z.shape).toEqual([0, 3]);
    expect(z.size).toBe(0);
    throws(() => ops.exp("a" as never), KerasTypeError, "ops.exp", "'x'");
  });

  describe("where", () => {
    test("selects elementwise and broadcasts all three", () => {
      const c = tensor([[true], [false]], null, "bool"); // (2, 1)
      const x1 = tensor([1, 2, 3], null, "float32"); // (3,)
      const y = ops.where(c, x1, -1);
      expect(y.shape).toEqual([2, 3]);
      expect(y.toArray()).toEqual([[1, 2, 3], [-1, -1, -1]]);
      const z = ops.where(tensor([true, false, true], null, "bool"), tensor([[1, 2, 3]], null, "int32"), tensor([[10], [20]], null, "int32"));
      expect(z.dtype).toBe("int32");
      expect(z.toArray()).toEqual([[1, 10, 3], [1, 20, 3]]);
    });

    test("long same-shape rows (vector path) and a scalar condition", () => {
      const n = 50;
      const a = Array.from({ length: n }, (_, i) => i + 0.5);
      const b = Array.from({ length: n }, (_, i) => -i);
      const c = Array.from({ length: n }, (_, i) => i % 7 < 3);
      expect(values(ops.where(tensor(c, null, "bool"), tensor(a, null, "float32"), tensor(b, null, "float32")))).toEqual(a.map((v, i) => (c[i] ? v : b[i])));
      expect(values(ops.where(true, tensor(a, null, "float32"), 0))).toEqual(a);
      const bools = ops.where(tensor(c, null, "bool"), tensor(c.map((v) => !v), null, "bool"), true);
      expect(bools.dtype).toBe("bool");
      expect(values(bools)).toEqual(c.map((v) => (v ? 0 : 1)));
    });

    test("condition is cast to bool (NaN and nonzero are true); dtypes promote", () => {
      const c = tensor([0, NaN, -2, 0.5], null, "float32");
      expect(values(ops.where(c, 1, 0))).toEqual([0, 1, 1, 1]);
      expect(ops.where(c, 1, 0).dtype).toBe("int32");
      expect(ops.where(c, 1.5, 0).dtype).toBe("float32");
      expect(ops.where(c, tensor([1, 2, 3, 4], null, "int32"), 0.5).dtype).toBe("float32");
      expect(ops.where(c, tensor([1, 2, 3, 4], null, "int32"), 7).dtype).toBe("int32");
      expect(ops.where(c, tensor([1, 2, 3, 4], null, "int32"), tensor([1, 2, 3, 4], null, "float32")).dtype).toBe("float32");
    });

    test("size 0 and rank 0", () => {
      const z = ops.where(tensor([], [0, 3], "bool"), 1.5, tensor([1, 2, 3], null, "float32"));
      expect(z.shape).toEqual([0, 3]);
      expect(z.size).toBe(0);
      const s = ops.where(false, 1, 2);
      expect(s.shape).toEqual([]);
      expect(s.item()).toBe(2);
    });

    test("errors", () => {
      throws(() => ops.where([true]), NotImplementedError, "ops.where", "one-argument");
      throws(() => ops.where([true], 1), ValueError, "`x1` and `x2` either both should be `None`");
      throws(() => ops.where(tensor([true, false], null, "bool"), tensor([1, 2, 3], null, "float32"), 0), ValueError, "ops.where", "broadcast");
    });
  });

  describe("clip", () => {
    test("float: NaN stays, bounds apply, xMax wins if xMin > xMax", () => {
      const x = tensor([NaN, -5, 0.25, 5, -Infinity, Infinity, -0.5], null, "float32");
      expect(values(ops.clip(x, 0, 1))).toEqual([NaN, 0, 0.25, 1, 0, 1, 0]);
      expect(values(ops.clip(x, 2, 1))).toEqual([NaN, 1, 1, 1, 1, 1, 1]);
      expect(values(ops.clip(x, -Infinity, 0.1))).toEqual([NaN, -5, 0.1, 0.1, -Infinity, 0.1, -0.5].map(f));
      expect(ops.clip(x, 0, 1).dtype).toBe("float32");
    });

    test("int stays int32; bool gives int32; fractional bounds act as NumPy clip + cast", () => {
      const i = tensor([-3, 0, 1, 2, 3, 10], null, "int32");
      expect(ops.clip(i, 0, 2).dtype).toBe("int32");
      expect(values(ops.clip(i, 0, 2))).toEqual([0, 0, 1, 2, 2, 2]);
      // np.clip([...], 0.5, 2.5).astype(int32)
      expect(values(ops.clip(i, 0.5, 2.5))).toEqual([0, 0, 1, 2, 2, 2]);
      expect(values(ops.clip(i, -1.5, Infinity))).toEqual([-1, 0, 1, 2, 3, 10]);
      const b = ops.clip(tensor([true, false], null, "bool"), 0, 0);
      expect(b.dtype).toBe("int32");
      expect(values(b)).toEqual([0, 0]);
    });

    test("bounds: numbers or one-element tensors", () => {
      const x = tensor([1, 5, 9], null, "float32");
      expect(values(ops.clip(x, tensor(2, null, "float32"), 6))).toEqual([2, 5, 6]);
      throws(() => ops.clip(x, tensor([1, 2], null, "float32"), 3), NotImplementedError, "ops.clip", "x_min");
      throws(() => ops.clip(x, "a" as never, 3), KerasTypeError, "ops.clip", "x_min");
    });
  });
});

// Shape ops against NumPy/Keras semantics, on the WASM kernels and on the
// reference kernels. Expected values come from index formulas or by hand.
import { describe, expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { throwsValue, onBothKernels } from "../helpers/expect.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";

const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const flat = (t: Tensor): number[] => Array.from(t.data);

onBothKernels("shape ops", () => {

  describe("reshape", () => {
    test("keeps row-major order, infers -1, shares storage", () => {
      const x = tensor(iota(6));
      const y = ops.reshape(x, [2, -1]);
      expect(y.shape).toEqual([2, 3]);
      expect(y.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
      expect(y.storage).toBe(x.storage);
      expect(ops.reshape(x, 6).shape).toEqual([6]);
      expect(ops.reshape(tensor(5), [1, 1]).toArray()).toEqual([[5]]);
      expect(ops.reshape(ops.zeros([0, 3]), [3, -1]).shape).toEqual([3, 0]);
      expect(ops.reshape(tensor(new Int32Array([1, 2])), [2, 1]).dtype).toBe("int32");
    });
    test("errors", () => {
      const x = tensor(iota(6));
      throwsValue(() => ops.reshape(x, [4]), "ops.reshape", "cannot reshape array of size 6 into shape (4,)");
      throwsValue(() => ops.reshape(x, [4, -1]), "cannot reshape array of size 6 into shape (4, -1)");
      throwsValue(() => ops.reshape(x, [-1, -1]), "at most one unknown dimension");
      throwsValue(() => ops.reshape(x, [-2, -3]), "newshape", "-2");
      throwsValue(() => ops.reshape(x, [2, 1.5]), "'newshape'", "integer", "1.5");
      throwsValue(() => ops.reshape(ops.zeros([0]), [0, -1]), "size 0 into shape (0, -1)");
    });
  });

  describe("transpose", () => {
    const x = ops.reshape(ops.arange(24), [2, 3, 4]);
    test("default reverses the axes: out[i, j, k] = x[k, j, i]", () => {
      const y = ops.transpose(x);
      expect(y.shape).toEqual([4, 3, 2]);
      const d = y.data;
      for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) expect(d[i * 6 + j * 2 + k]).toBe(k * 12 + j * 4 + i);
    });
    test("explicit and negative permutations", () => {
      const y = ops.transpose(x, [1, -3, 2]);
      expect(y.shape).toEqual([3, 2, 4]);
      const d = y.data;
      for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) expect(d[j * 8 + i * 4 + k]).toBe(i * 12 + j * 4 + k);
      expect(ops.transpose(x, [0, 1, 2]).storage).toBe(x.storage); // identity is a view
    });
    test("large int32 and bool tensors (resident path)", () => {
      const n = 37 * 61;
      const a = ops.reshape(tensor(Int32Array.from(iota(n))), [37, 61]);
      const d = ops.transpose(a).data;
      for (let i = 0; i < 61; i++) for (let j = 0; j < 37; j++) expect(d[i * 37 + j]).toBe(j * 61 + i);
      const b = ops.reshape(tensor(Uint8Array.from(iota(n), (v) => v % 3 === 0 ? 1 : 0)), [61, 37]);
      const t = ops.transpose(b);
      expect(t.dtype).toBe("bool");
      const e = t.data;
      for (let i = 0; i < 37; i++) for (let j = 0; j < 61; j++) expect(e[i * 61 + j]).toBe((j * 37 + i) % 3 === 0 ? 1 : 0);
    });
    test("errors", () => {
      throwsValue(() => ops.transpose(x, [0, 1]), "ops.transpose", "axes don't match array", "(2, 3, 4)");
      throwsValue(() => ops.transpose(x, [0, 0, 1]), "repeated axis");
      throwsValue(() => ops.transpose(x, [0, 1, 3]), "out of bounds", "axis 3");
    });
  });

  describe("expandDims / squeeze", () => {
    const x = ops.zeros([2, 3]);
    test("expandDims positions follow NumPy", () => {
      expect(ops.expandDims(x, 0).shape).toEqual([1, 2, 3]);
      expect(ops.expandDims(x, -1).shape).toEqual([2, 3, 1]);
      expect(ops.expandDims(x, 1).shape).toEqual([2, 1, 3]);
      expect(ops.expandDims(x, [0, 2]).shape).toEqual([1, 2, 1, 3]);
      expect(ops.expandDims(x, [-1, -2]).shape).toEqual([2, 3, 1, 1]);
      expect(ops.expandDims(tensor(7), 0).toArray()).toEqual([7]);
      expect(ops.expandDims(x, 0).storage).toBe(x.storage);
    });
    test("squeeze", () => {
      const y = ops.zeros([1, 3, 1, 2]);
      expect(ops.squeeze(y).shape).toEqual([3, 2]);
      expect(ops.squeeze(y, 0).shape).toEqual([3, 1, 2]);
      expect(ops.squeeze(y, [-2, 0]).shape).toEqual([3, 2]);
      expect(ops.squeeze(ops.zeros([1])).shape).toEqual([]);
      expect(ops.squeeze(y).storage).toBe(y.storage);
    });
    test("errors", () => {
      throwsValue(() => ops.expandDims(x, 3), "ops.expandDims", "out of bounds", "axis 3");
      throwsValue(() => ops.expandDims(x, [1, 1]), "repeated axis");
      throwsValue(() => ops.expandDims(x, 0.5), "'axis'", "integer");
      throwsValue(() => ops.squeeze(x, 1), "ops.squeeze", "cannot squeeze axis 1", "not 1");
      throwsValue(() => ops.squeeze(x, 2), "out of bounds");
    });
  });

  describe("concatenate", () => {
    test("along each axis", () => {
      const a = [[1, 2], [3, 4]];
      const b = [[5, 6]];
      expect(ops.concatenate([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(ops.concatenate([a, [[7], [8]]], 1).toArray()).toEqual([[1, 2, 7], [3, 4, 8]]);
      expect(ops.concatenate([a, [[7], [8]], a], -1).toArray()).toEqual([[1, 2, 7, 1, 2], [3, 4, 8, 3, 4]]);
      expect(ops.concatenate([a, b], null).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ops.concatenate([ops.zeros([0, 2]), b]).toArray()).toEqual([[5, 6]]);
    });
    test("promotes dtypes as Keras", () => {
      const i = tensor(new Int32Array([1, 2]));
      const f = tensor([0.5]);
      const bo = tensor(new Uint8Array([1]));
      const r = ops.concatenate([i, f]);
      expect(r.dtype).toBe("float32");
      expect(flat(r)).toEqual([1, 2, 0.5]);
      const s = ops.concatenate([bo, i]);
      expect(s.dtype).toBe("int32");
      expect(flat(s)).toEqual([1, 1, 2]);
      expect(ops.concatenate([bo, bo]).dtype).toBe("bool");
    });
    test("more than eight inputs, small and large", () => {
      for (const len of [3, 200]) {
        const parts = iota(21).map((k) => ops.reshape(ops.arange(k * len, (k + 1) * len), [1, len]));
        const r = ops.concatenate(parts, 0);
        expect(r.shape).toEqual([21, len]);
        expect(flat(r)).toEqual(iota(21 * len));
        const c = ops.concatenate(parts, 1);
        expect(flat(c)).toEqual(iota(21 * len));
      }
    });
    test("large inputs, the same input twice", () => {
      const big = ops.reshape(ops.arange(3000), [1000, 3]);
      const r = ops.concatenate([big, big], 1);
      expect(r.shape).toEqual([1000, 6]);
      const d = r.data;
      for (let i = 0; i < 1000; i++) for (let j = 0; j < 6; j++) if (d[i * 6 + j] !== i * 3 + (j % 3)) throw new Error(`[${i}, ${j}]`);
    });
    test("errors", () => {
      throwsValue(() => ops.concatenate([]), "ops.concatenate", "non-empty");
      throwsValue(() => ops.concatenate([[[1, 2]], [[1, 2, 3]]], 0), "ops.concatenate", "input 1 has shape (1, 3)", "input 0 has shape (1, 2)");
      throwsValue(() => ops.concatenate([[[1, 2]], [1, 2]]), "input 1 has shape (2,)");
      throwsValue(() => ops.concatenate([1, 2]), "zero-dimensional");
      throwsValue(() => ops.concatenate([[1], [2]], 1), "out of bounds");
    });
  });

  describe("stack", () => {
    test("along new axes", () => {
      expect(ops.stack([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
      expect(ops.stack([[1, 2], [3, 4]], 1).toArray()).toEqual([[1, 3], [2, 4]]);
      expect(ops.stack([[1, 2], [3, 4]], -1).toArray()).toEqual([[1, 3], [2, 4]]);
      expect(ops.stack([1, 2, 3]).toArray()).toEqual([1, 2, 3]);
      const many = ops.stack(iota(30).map((k) => [k, -k]), 1);
      expect(many.shape).toEqual([2, 30]);
      expect(many.toArray()).toEqual([iota(30), iota(30).map((k) => -k)]);
      expect(ops.stack([tensor(new Int32Array([1])), [2.5]]).dtype).toBe("float32");
    });
    test("errors", () => {
      throwsValue(() => ops.stack([[1, 2], [1, 2], [1]]), "ops.stack", "same shape", "input 2 has shape (1,)");
      throwsValue(() => ops.stack([[1, 2]], 2), "out of bounds");
      throwsValue(() => ops.stack([]), "non-empty");
    });
  });

  describe("slice", () => {
    const x = ops.reshape(ops.arange(24), [2, 3, 4]);
    test("start indices and shape", () => {
      const y = ops.slice(x, [1, 1, 1], [1, 2, 3]);
      expect(y.toArray()).toEqual([[[17, 18, 19], [21, 22, 23]]]);
      expect(ops.slice(x, [0, 2, 0], [-1, -1, 2]).toArray()).toEqual([[[8, 9]], [[20, 21]]]);
      expect(ops.slice(x, [0, 0, 4], [2, 3, 0]).shape).toEqual([2, 3, 0]);
      expect(ops.slice(x, [0, 0, 0], [2, 3, 4]).storage).toBe(x.storage);
    });
    test("errors", () => {
      throwsValue(() => ops.slice(x, [0, 0], [1, 1]), "ops.slice", "one entry per axis");
      throwsValue(() => ops.slice(x, [0, 2, 0], [1, 2, 1]), "does not fit", "axis 1");
      throwsValue(() => ops.slice(x, [-1, 0, 0], [1, 1, 1]), "does not fit", "axis 0");
    });
  });

  describe("take", () => {
    const x = [[1, 2, 3], [4, 5, 6]];
    test("flattened, along an axis, negative indices", () => {
      expect(ops.take(x, [0, -1, 4]).toArray()).toEqual([1, 6, 5]);
      expect(ops.take(x, [1, -2], 0).toArray()).toEqual([[4, 5, 6], [1, 2, 3]]);
      expect(ops.take(x, [2, 0, -1], 1).toArray()).toEqual([[3, 1, 3], [6, 4, 6]]);
      expect(ops.take(x, [[0], [1]], -1).shape).toEqual([2, 2, 1]);
      expect(ops.take(x, [[0], [1]], -1).toArray()).toEqual([[[1], [2]], [[4], [5]]]);
      expect(ops.take(x, 1, 1).toArray()).toEqual([2, 5]);
      expect(ops.take(x, tensor(new Int32Array([-3])), 1).toArray()).toEqual([[1], [4]]);
      const bx = ops.take(tensor(new Uint8Array([1, 0, 1])), [1, 2]);
      expect(bx.dtype).toBe("bool");
      expect(flat(bx)).toEqual([0, 1]);
      expect(ops.take(x, [], 0).shape).toEqual([0, 3]);
      // Indices beyond float32's exact integers stay exact.
      const long = ops.zeros([16777219]);
      expect(() => ops.take(long, [16777219])).toThrow(/index 16777219 is out of bounds/);
    });
    test("errors", () => {
      throwsValue(() => ops.take(x, [3], 1), "ops.take", "index 3 is out of bounds for axis 1 with size 3");
      throwsValue(() => ops.take(x, [-7]), "index -7 is out of bounds for axis 0 with size 6");
      throwsValue(() => ops.take(x, [0], 2), "out of bounds");
      expect(() => ops.take(x, [0.5])).toThrow(KerasTypeError);
      expect(() => ops.take(x, tensor(new Uint8Array([1])))).toThrow(/ops.take.*bool/);
    });
  });

  describe("oneHot", () => {
    test("rows, zero rows for bad indices, axis, dtype", () => {
      expect(ops.oneHot(tensor(new Int32Array([0, 2, 1])), 3).toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
      expect(ops.oneHot([-1, 3, 1], 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0], [0, 1, 0]]);
      const y = ops.oneHot([[0, 1], [2, 0]], 3);
      expect(y.shape).toEqual([2, 2, 3]);
      expect(y.dtype).toBe("float32");
      const z = ops.oneHot([[0, 1], [2, 0]], 3, 0);
      expect(z.shape).toEqual([3, 2, 2]);
      expect(z.toArray()).toEqual([[[1, 0], [0, 1]], [[0, 1], [0, 0]], [[0, 0], [1, 0]]]);
      const w = ops.oneHot([[0, 1], [2, 0]], 3, 1, "int32");
      expect(w.dtype).toBe("int32");
      expect(w.toArray()).toEqual([[[1, 0], [0, 1], [0, 0]], [[0, 1], [0, 0], [1, 0]]]); // out[i, c, j] = x[i, j] == c
      expect(ops.oneHot([1], 2, -1, "bool").dtype).toBe("bool");
      expect(ops.oneHot(2, 4).toArray()).toEqual([0, 0, 1, 0]);
    });
    test("errors", () => {
      throwsValue(() => ops.oneHot([1, 2], 3, 1), "ops.oneHot", "axis must be -1 or between [0, 1), but received 1");
      throwsValue(() => ops.oneHot([1, 2], -3), "num_classes", "non-negative");
      throwsValue(() => ops.oneHot([1, 2], 2.5), "num_classes", "integer");
      throwsValue(() => ops.oneHot([1], 2, -1, "float128"), "Invalid dtype");
    });
  });

  describe("broadcastTo", () => {
    test("new leading axes and size-1 axes", () => {
      expect(ops.broadcastTo([1, 2], [2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
      expect(ops.broadcastTo([[1], [2], [3]], [2, 3, 4]).toArray()).toEqual([0, 1].map(() => [1, 2, 3].map((v) => [v, v, v, v])));
      expect(ops.broadcastTo(5, [2, 3]).toArray()).toEqual([[5, 5, 5], [5, 5, 5]]);
      expect(ops.broadcastTo([1, 2], [0, 2]).shape).toEqual([0, 2]);
      const big = ops.broadcastTo(tensor(new Int32Array([7, 8, 9])), [500, 3]);
      expect(flat(big)).toEqual(iota(1500).map((i) => 7 + (i % 3)));
    });
    test("errors", () => {
      throwsValue(() => ops.broadcastTo([1, 2, 3], [2, 4]), "ops.broadcastTo", "cannot broadcast a tensor of shape (3,) to shape (2, 4)");
      throwsValue(() => ops.broadcastTo([[1, 2]], [2]), "shape (1, 2) to shape (2,)");
      throwsValue(() => ops.broadcastTo([1], [-1]), "ops.broadcastTo", "non-negative integers");
    });
  });
});

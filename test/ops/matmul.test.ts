// ops.matmul against NumPy's matmul semantics, on the WASM kernels and on
// the reference kernels. Expected values are computed by hand or by an
// exact integer product in plain JS.
import { expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { throwsValue, onBothKernels } from "../helpers/expect.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";

/** Small integers, so float32 products and sums are exact. */
function ints(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = ((i * 7 + seed * 13) % 11) - 5;
  return tensor(d, shape);
}

/** Exact row-major [m,k] @ [k,n] in plain JS. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out.push(s);
    }
  }
  return out;
}

onBothKernels("ops.matmul", () => {

  test("2-D x 2-D", () => {
    const y = ops.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]);
    expect(y.shape).toEqual([2, 2]);
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([[19, 22], [43, 50]]);
    expect(ops.matmul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]]).toArray()).toEqual([[58, 64], [139, 154]]);
  });

  test("vector cases: the added 1 is removed again", () => {
    const dot = ops.matmul([1, 2, 3], [4, 5, 6]);
    expect(dot.shape).toEqual([]);
    expect(dot.toArray()).toBe(32);
    const row = ops.matmul([1, 2], [[1, 2, 3], [4, 5, 6]]);
    expect(row.shape).toEqual([3]);
    expect(row.toArray()).toEqual([9, 12, 15]);
    const col = ops.matmul([[1, 2, 3], [4, 5, 6]], [1, 0, -1]);
    expect(col.shape).toEqual([2]);
    expect(col.toArray()).toEqual([-2, -2]);
    // 1-D @ N-D: the vector multiplies every matrix of the stack.
    const stack = [[[1, 2, 3], [4, 5, 6]], [[0, 1, 0], [1, 0, 1]]];
    const vs = ops.matmul([1, 2], stack);
    expect(vs.shape).toEqual([2, 3]);
    expect(vs.toArray()).toEqual([[9, 12, 15], [2, 1, 2]]);
    const sv = ops.matmul(stack, [1, 1, 1]);
    expect(sv.shape).toEqual([2, 2]);
    expect(sv.toArray()).toEqual([[6, 15], [1, 2]]);
  });

  test("batched, with broadcast batch dims", () => {
    // A[i] = (i + 1) * I, so out[i][j] = (i + 1) * B[j].
    const a = tensor([[[[1, 0], [0, 1]]], [[[2, 0], [0, 2]]]]); // [2, 1, 2, 2]
    const b = tensor([[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[5, 5], [5, 5]]]); // [3, 2, 2]
    const y = ops.matmul(a, b);
    expect(y.shape).toEqual([2, 3, 2, 2]);
    expect(y.toArray()).toEqual([
      [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[5, 5], [5, 5]]],
      [[[2, 4], [6, 8]], [[0, 2], [2, 0]], [[10, 10], [10, 10]]],
    ]);
    // A 2-D operand broadcasts against a stack, on either side.
    expect(ops.matmul([[0, 1], [1, 0]], b).toArray()).toEqual([[[3, 4], [1, 2]], [[1, 0], [0, 1]], [[5, 5], [5, 5]]]);
    expect(ops.matmul(b, [[0, 1], [1, 0]]).toArray()).toEqual([[[2, 1], [4, 3]], [[1, 0], [0, 1]], [[5, 5], [5, 5]]]);
    // Size-1 batch dims on B broadcast too.
    expect(ops.matmul(b, tensor([[[[1, 0], [0, 1]]]])).shape).toEqual([1, 3, 2, 2]);
  });

  test("sizes past the kernel's tiles and blocks match an exact product", () => {
    for (const [bA, bB, m, k, n] of [
      [[], [], 37, 19, 23],
      [[3], [], 5, 300, 9],
      [[2, 1], [3], 13, 6, 530],
      [[], [4], 1, 7, 1],
    ] as [number[], number[], number, number, number][]) {
      const a = ints([...bA, m, k], 1);
      const b = ints([...bB, k, n], 2);
      const y = ops.matmul(a, b);
      const batch = bA.length === 2 ? [2, 3] : bA.length ? bA : bB;
      expect(y.shape).toEqual([...batch, m, n]);
      const count = batch.reduce((x, z) => x * z, 1);
      const ad = a.data;
      const bd = b.data;
      const yd = Array.from(y.data);
      for (let t = 0; t < count; t++) {
        // Which A and B matrices output batch t uses, per case above.
        const ai = bA.length === 2 ? Math.floor(t / 3) : bA.length ? t : 0;
        const bi = bB.length ? t % bB[0]! : 0;
        const want = naive(ad.subarray(ai * m * k, (ai + 1) * m * k), bd.subarray(bi * k * n, (bi + 1) * k * n), m, k, n);
        expect(yd.slice(t * m * n, (t + 1) * m * n)).toEqual(want);
      }
    }
  });

  test("zero-sized dims", () => {
    expect(ops.matmul(ints([0, 3], 0), ints([3, 4], 0)).shape).toEqual([0, 4]);
    expect(ops.matmul(ints([2, 3], 0), ints([3, 0], 0)).shape).toEqual([2, 0]);
    expect(ops.matmul(ints([0, 2, 3], 0), ints([3, 4], 0)).shape).toEqual([0, 2, 4]);
    expect(ops.matmul(ints([1, 2, 3], 0), ints([0, 3, 4], 0)).shape).toEqual([0, 2, 4]);
    // k = 0: empty sums are 0.
    const z = ops.matmul(ints([2, 0], 0), ints([0, 3], 0));
    expect(z.shape).toEqual([2, 3]);
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ops.matmul(ints([0], 0), ints([0], 0)).toArray()).toBe(0);
  });

  test("dtypes", () => {
    const i = tensor([[1, 2], [3, 4]], null, "int32");
    const ii = ops.matmul(i, i);
    expect(ii.dtype).toBe("int32");
    expect(ii.toArray()).toEqual([[7, 10], [15, 22]]);
    expect(ops.matmul(i, [[1, 0], [0, 1]]).dtype).toBe("float32");
    // int32 wraps: 65536 * 65536 = 2^32 -> 0; 46341^2 wraps negative.
    expect(ops.matmul(tensor([[65536]], null, "int32"), tensor([[65536]], null, "int32")).toArray()).toEqual([[0]]);
    expect(ops.matmul(tensor([46341], null, "int32"), tensor([46341], null, "int32")).toArray()).toBe(46341 * 46341 - 2 ** 32);
    // bool @ bool counts the true pairs, as int32.
    const p = tensor([[1, 1], [0, 1]], null, "bool");
    const q = tensor([[1, 0], [1, 1]], null, "bool");
    const pq = ops.matmul(p, q);
    expect(pq.dtype).toBe("int32");
    expect(pq.toArray()).toEqual([[2, 1], [1, 1]]);
    expect(ops.matmul(p, i).dtype).toBe("int32");
    expect(ops.matmul(p, [[0.5, 0], [0, 0.5]]).toArray()).toEqual([[0.5, 0.5], [0, 0.5]]);
  });

  test("special values propagate as in IEEE float32", () => {
    const y = ops.matmul([[Infinity, 1], [NaN, 0]], [[1, 0], [0, 1]]).data;
    // Inf * 0 = NaN; NaN spreads to its row.
    expect(Array.from(y)).toEqual([Infinity, NaN, NaN, NaN]);
    expect(Object.is(ops.matmul([-0], [1]).item(), 0)).toBe(true); // sums start from +0
  });

  test("errors", () => {
    throwsValue(
      () => ops.matmul(ints([2, 3], 0), ints([4, 5], 0)),
      "ops.matmul: Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received `x1.shape=(2, 3)` and `x2.shape=(4, 5)`.",
    );
    // 1-D operands show as the matrices they become.
    throwsValue(() => ops.matmul([1, 2, 3], [1, 2]), "`x1.shape=(1, 3)`", "`x2.shape=(2, 1)`");
    throwsValue(() => ops.matmul(ints([7, 2, 3], 0), ints([5, 3, 4], 0)), "ops.matmul", "cannot broadcast");
    throwsValue(() => ops.matmul(2, [1, 2]), "argument 'x1'", "shape ()");
    throwsValue(() => ops.matmul([[1, 2]], tensor(3)), "argument 'x2'", "shape ()");
    expect(() => ops.matmul("a" as never, [1])).toThrow(KerasTypeError);
  });
});

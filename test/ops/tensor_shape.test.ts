// Tensor.shape cannot be used to corrupt a tensor: it used to be the very
// array ops size their reads by, so `x.shape[0] = 4000` made them read past
// the elements. Now each read of `shape` is a new array.
import { describe, expect, test } from "vitest";
import { ops, tensor } from "../../src/index.js";

describe("Tensor.shape", () => {
  test("writing to the returned array does not reach the tensor (small and resident tensors, views)", () => {
    const small = tensor([[1, 2], [3, 4]]);
    const big = ops.reshape(ops.arange(4000), [2, 2000]); // resident, and a view
    for (const x of [small, big]) {
      const before = x.shape;
      const s = x.shape;
      s[0] = 4000;
      s.push(7);
      expect(x.shape).toEqual(before);
      expect(x.ndim).toBe(2);
      // Ops still read exactly the tensor's elements.
      const n = x.size;
      expect(ops.sum(x).item()).toBe(x === small ? 10 : (n * (n - 1)) / 2);
      expect(ops.add(x, 1).shape).toEqual(before);
      expect(ops.transpose(x).shape).toEqual([before[1], before[0]]);
    }
    expect(small.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  test("the property itself cannot be replaced", () => {
    const x = tensor([1, 2, 3]);
    expect(() => {
      (x as unknown as { shape: number[] }).shape = [4000];
    }).toThrow(TypeError); // a getter without a setter, in strict-mode code
    expect(x.shape).toEqual([3]);
    expect(ops.sum(x).item()).toBe(6);
  });

  test("results do not alias their inputs' shapes", () => {
    const a = tensor([[1, 2, 3]]);
    const b = ops.add(a, 1); // the same-shape fast path shares the shape internally
    const s = b.shape;
    s[1] = 1;
    expect(a.shape).toEqual([1, 3]);
    expect(b.shape).toEqual([1, 3]);
    expect(b.toArray()).toEqual([[2, 3, 4]]);
  });
});

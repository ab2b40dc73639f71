// tensor(), the Tensor surface, and what bad input gets.
import { describe, expect, test } from "vitest";
import { KerasTypeError, Tensor, ValueError, ops, tensor } from "../../src/index.js";

describe("tensor()", () => {
  test("nested arrays give float32 with the inferred shape", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  test("numbers are float32 scalars, rounded to float32", () => {
    const t = tensor(0.1);
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(Math.fround(0.1));
    expect(t.toArray()).toBe(Math.fround(0.1));
  });

  test("typed arrays pick the dtype; an explicit dtype wins", () => {
    expect(tensor(new Int32Array([1, 2])).dtype).toBe("int32");
    expect(tensor(new Uint8Array([0, 2])).dtype).toBe("bool");
    expect(tensor(new Uint8Array([0, 2])).toArray()).toEqual([0, 1]);
    expect(tensor(new Float64Array([1.5])).dtype).toBe("float32");
    expect(tensor([1.7, -1.7, NaN], null, "int32").toArray()).toEqual([1, -1, 0]);
    expect(tensor([0, 2, NaN, -0], null, "bool").toArray()).toEqual([0, 1, 1, 0]);
    expect(tensor([true, false]).dtype).toBe("bool"); // as tensor(true), and NumPy
  });

  test("a shape reshapes flat data; empty and zero-sized shapes work", () => {
    expect(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor([], [0, 3]).shape).toEqual([0, 3]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor(new Float32Array(0)).toArray()).toEqual([]);
  });

  test("the data is a copy of the input", () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 99;
    expect(t.toArray()).toEqual([1, 2]);
  });

  test("toString reads like Keras/NumPy", () => {
    expect(tensor([[1, 2], [3, 4.5]]).toString()).toBe("Tensor(shape=(2, 2), dtype=float32)\n[[1., 2.],\n [3., 4.5]]");
    expect(tensor(new Int32Array([7])).toString()).toBe("Tensor(shape=(1,), dtype=int32)\n[7]");
    expect(tensor([NaN, Infinity, -Infinity]).toString()).toContain("[nan, inf, -inf]");
    expect(ops.greater([1, 3], 2).toString()).toContain("[False, True]");
    expect(tensor(new Float32Array(100)).toString()).toContain("...");
  });
});

describe("tensor() rejects bad input, naming the argument", () => {
  test("data and shape disagree", () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ValueError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/tensor: argument 'shape' \(2, 2\) needs 4 values, but the data has 3/);
  });
  test("negative or fractional dimensions", () => {
    expect(() => tensor([1, 2], [-1, -2])).toThrow(/argument 'shape' must contain only non-negative integers; received \[-1, -2\]/);
    expect(() => tensor([1, 2], [0.5, 4])).toThrow(/bad dimension 0.5/);
  });
  test("ragged nested arrays", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged: expected 2 elements at \[1\], received 1/);
    expect(() => tensor([[1, 2], 3] as never)).toThrow(ValueError);
  });
  test("non-numeric values", () => {
    expect(() => tensor(["a"] as never)).toThrow(KerasTypeError);
    expect(() => tensor(["a"] as never)).toThrow(/expected a number at \[0\]; received "a"/);
    expect(() => tensor({} as never)).toThrow(/argument 'values' must be a number, a nested array, a typed array or a Tensor/);
  });
  test("unknown dtype", () => {
    expect(() => tensor([1], null, "float8")).toThrow(ValueError);
    expect(() => tensor([1], null, "float8")).toThrow(/Invalid dtype: float8/);
    expect(() => tensor([1], null, 5 as never)).toThrow(KerasTypeError);
  });
  test("item() on more than one element", () => {
    expect(() => tensor([1, 2]).item()).toThrow(/one element; this one has shape \(2,\)/);
  });
});

// Binary ops: values, broadcasting, Keras type promotion, errors.
import { describe, expect, test } from "vitest";
import { KerasTypeError, ValueError, ops, tensor } from "../../src/index.js";

const i32 = (v: number[]) => tensor(new Int32Array(v));
const bool = (v: number[]) => tensor(new Uint8Array(v));

describe("binary ops", () => {
  test("values by hand", () => {
    expect(ops.add([1, 2], [10, 20]).toArray()).toEqual([11, 22]);
    expect(ops.subtract([1, 2], 5).toArray()).toEqual([-4, -3]);
    expect(ops.multiply(3, [1, 2]).toArray()).toEqual([3, 6]);
    expect(ops.divide([1, -1, 0], 0).toArray()).toEqual([Infinity, -Infinity, NaN]);
    expect(ops.power([2, 4, -8], [3, 0.5, 1 / 3]).toArray()).toEqual([8, 2, NaN]);
    expect(ops.maximum([1, NaN, -0], [2, 0, 0]).toArray()).toEqual([2, NaN, 0]);
    expect(ops.minimum([1, NaN, -0], [2, 0, 0]).toArray()).toEqual([1, NaN, -0]);
    expect(ops.equal([1, NaN, -0], [1, NaN, 0]).toArray()).toEqual([1, 0, 1]);
    expect(ops.notEqual([1, NaN], [1, NaN]).toArray()).toEqual([0, 1]);
    expect(ops.greater([1, 2, 3], 2).toArray()).toEqual([0, 0, 1]);
    expect(ops.greaterEqual([1, 2, 3], 2).toArray()).toEqual([0, 1, 1]);
    expect(ops.less([1, 2, 3], 2).toArray()).toEqual([1, 0, 0]);
    expect(ops.lessEqual([1, 2, 3], 2).toArray()).toEqual([1, 1, 0]);
  });

  test("float32 rounding happens once per op", () => {
    expect(ops.add(0.1, 0.2).item()).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });

  test("broadcasting in both directions and across ranks", () => {
    const col = tensor([[1], [2], [3]]);
    const row = tensor([10, 20]);
    expect(ops.add(col, row).toArray()).toEqual([[11, 21], [12, 22], [13, 23]]);
    expect(ops.add(row, col).toArray()).toEqual([[11, 21], [12, 22], [13, 23]]);
    const t = ops.multiply(tensor([[[1, 2]], [[3, 4]]]), tensor([[1], [10], [100]]));
    expect(t.shape).toEqual([2, 3, 2]);
    expect(t.toArray()).toEqual([[[1, 2], [10, 20], [100, 200]], [[3, 4], [30, 40], [300, 400]]]);
    expect(ops.add(tensor([], [0, 3]), [1, 2, 3]).shape).toEqual([0, 3]);
    expect(ops.add(tensor([], [2, 0]), tensor([[1], [2]])).shape).toEqual([2, 0]);
  });

  test("a large broadcast matches a JS loop", () => {
    const a = tensor(Float32Array.from({ length: 300 * 70 }, (_, i) => i % 13), [300, 70]);
    const b = tensor(Float32Array.from({ length: 70 }, (_, i) => i * 0.5));
    const got = ops.subtract(a, b).data;
    for (let r = 0; r < 300; r += 37) for (let c = 0; c < 70; c++) expect(got[r * 70 + c]).toBe(((r * 70 + c) % 13) - c * 0.5);
  });

  test("type promotion as keras.backend.result_type", () => {
    expect(ops.add(i32([1]), i32([2])).dtype).toBe("int32");
    expect(ops.add(i32([1]), [2]).dtype).toBe("float32");
    expect(ops.add(i32([1]), 2).dtype).toBe("int32"); // an integer is a weak scalar
    expect(ops.add(i32([1]), 2.5).toArray()).toEqual([3.5]); // a fraction lifts to float
    expect(ops.divide(i32([1, 3]), i32([2, 2])).toArray()).toEqual([0.5, 1.5]);
    expect(ops.divide(i32([1]), 2).dtype).toBe("float32");
    expect(ops.multiply(bool([1, 0]), i32([5, 5])).toArray()).toEqual([5, 0]);
    expect(ops.add(bool([1, 1]), 1).dtype).toBe("int32");
    expect(ops.greater(i32([1, 2]), 1.5).toArray()).toEqual([0, 1]);
  });

  test("int32 arithmetic wraps as int32 does", () => {
    expect(ops.add(i32([2147483647]), i32([1])).toArray()).toEqual([-2147483648]);
    expect(ops.multiply(i32([65536]), i32([65536])).toArray()).toEqual([0]);
    expect(ops.power(i32([2, 3, -2]), i32([10, 3, 3])).toArray()).toEqual([1024, 27, -8]);
  });

  test("bool x bool: add is or, multiply is and, comparisons compare", () => {
    expect(ops.add(bool([0, 1, 0, 1]), bool([0, 0, 1, 1])).toArray()).toEqual([0, 1, 1, 1]);
    expect(ops.add(bool([1]), bool([1])).dtype).toBe("bool");
    expect(ops.multiply(bool([0, 1, 0, 1]), bool([0, 0, 1, 1])).toArray()).toEqual([0, 0, 0, 1]);
    expect(ops.equal(bool([0, 1]), bool([0, 0])).toArray()).toEqual([1, 0]);
  });
});

describe("binary ops reject bad input", () => {
  test("incompatible broadcast names the op and both shapes", () => {
    expect(() => ops.add(tensor([[1, 2, 3]]), tensor([[1, 2], [3, 4]]))).toThrow(ValueError);
    expect(() => ops.add(tensor([[1, 2, 3]]), tensor([[1, 2], [3, 4]]))).toThrow(
      /ops\.add: cannot broadcast shapes \(1, 3\) and \(2, 2\): the failure dim has value 3, which cannot be broadcasted to 2/,
    );
  });
  test("bool subtract is refused as in NumPy", () => {
    expect(() => ops.subtract(bool([1]), bool([0]))).toThrow(KerasTypeError);
  });
  test("non-tensor arguments name the argument", () => {
    expect(() => ops.add({} as never, 1)).toThrow(/ops\.add: argument 'x1' must be a tensor, a number or a nested array; received an object/);
    expect(() => ops.multiply(1, "x" as never)).toThrow(/argument 'x2'/);
  });
});

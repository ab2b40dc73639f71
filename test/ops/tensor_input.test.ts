// What tensor() and take() make of JS input at the edges: booleans, very
// deep or cyclic nesting, and float indices.
import { describe, expect, test } from "vitest";
import { KerasTypeError, ValueError, ops, tensor } from "../../src/index.js";

describe("tensor() of booleans", () => {
  test("arrays of booleans are bool, as a boolean is (NumPy infers bool for both)", () => {
    expect(tensor(true).dtype).toBe("bool");
    const t = tensor([true, false]);
    expect(t.dtype).toBe("bool");
    expect(t.toArray()).toEqual([1, 0]);
    expect(tensor([[true], [false]]).dtype).toBe("bool");
  });

  test("booleans mixed with numbers, and empty arrays, stay float32", () => {
    expect(tensor([true, 2]).dtype).toBe("float32");
    expect(tensor([true, 2]).toArray()).toEqual([1, 2]);
    expect(tensor([]).dtype).toBe("float32");
    expect(tensor([true, false], null, "int32").toArray()).toEqual([1, 0]);
  });

  test("so ops see bool operands (Keras: bool + weak int is int32)", () => {
    const r = ops.add([true, false], 1);
    expect(r.dtype).toBe("int32");
    expect(r.toArray()).toEqual([2, 1]);
  });
});

describe("tensor() of deep or cyclic nested arrays: a ValueError, not a stack overflow", () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };

  test("10 000 levels", () => {
    expect(() => tensor(nest(10_000) as number[])).toThrow(ValueError);
    expect(() => tensor(nest(10_000) as number[])).toThrow(/^tensor: the nested arrays are more than 64 levels deep/);
    expect(() => ops.add(nest(10_000) as number[], 1)).toThrow(ValueError);
  });

  test("64 levels are a tensor of rank 64 (NumPy's most); 65 are refused", () => {
    expect(tensor(nest(64) as number[]).shape).toEqual(new Array(64).fill(1));
    expect(() => tensor(nest(65) as number[])).toThrow(/more than 64 levels deep/);
  });

  test("an array that contains itself", () => {
    const a: unknown[] = [1];
    a[0] = a;
    expect(() => tensor(a as number[])).toThrow(/^tensor: the nested arrays contain themselves \(a cycle\) at \[0\]/);
    const b: unknown[] = [[1, 2], [3, 4]];
    (b[1] as unknown[])[1] = b; // a cycle off the first path: the element is not a number
    expect(() => tensor(b as number[])).toThrow(/expected a number at \[1\]\[1\]/);
  });
});

describe("ops.take indices are integers, whatever their form", () => {
  const x = tensor([10, 20, 30]);

  test("float tensors are refused as NumPy refuses float index arrays (they were truncated, NaN -> 0)", () => {
    expect(() => ops.take(x, tensor([1.7]))).toThrow(KerasTypeError);
    expect(() => ops.take(x, tensor([NaN]))).toThrow(/argument 'indices' must hold integers; received a float32 tensor/);
    expect(() => ops.take(x, tensor([1]))).toThrow(/received a float32 tensor/); // float32 even if integer-valued
    expect(() => ops.take(x, tensor([1], null, "float16"))).toThrow(/received a float16 tensor/);
    expect(() => ops.take(x, new Float32Array([1]))).toThrow(/received a Float32Array/);
  });

  test("JS numbers must be integers; booleans are refused as bool tensors are", () => {
    expect(() => ops.take(x, 1.7)).toThrow(KerasTypeError);
    expect(() => ops.take(x, [NaN])).toThrow(KerasTypeError);
    expect(() => ops.take(x, [true, false] as unknown as number[])).toThrow(/must hold integers; received true/);
    expect(() => ops.take(x, tensor([true]))).toThrow(/received a bool tensor/);
  });

  test("integers in any form work, and a cast float tensor does", () => {
    expect(ops.take(x, 1).toArray()).toBe(20);
    expect(ops.take(x, [2, 0]).toArray()).toEqual([30, 10]);
    expect(ops.take(x, new Int32Array([1])).toArray()).toEqual([20]);
    expect(ops.take(x, new Uint8Array([2])).toArray()).toEqual([30]);
    expect(ops.take(x, tensor([2, -1], null, "int32")).toArray()).toEqual([30, 30]);
    expect(ops.take(x, ops.cast(tensor([1.7]), "int32")).toArray()).toEqual([20]);
  });
});

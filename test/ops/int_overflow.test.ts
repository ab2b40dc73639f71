// An integer JS number that does not fit int32, converted to int32, is an
// OverflowError everywhere (scalar operands, tensor(), full(), arange()).
// Keras converts a Python int to the other operand's int dtype (result_type
// keeps int32 for int32 + weak int) with the backend, and NumPy 2
// (`np.array(2**31, dtype="int32")`) and JAX (`jnp.add(int32_array, 2**31)`)
// both raise OverflowError. Before, the scalar ops wrapped modulo 2^32
// (`equal(int32 [1], 2**32 + 1)` was true) while tensor() and full()
// saturated.
import { describe, expect, test } from "vitest";
import { OverflowError, ops, tensor } from "../../src/index.js";
import { throws } from "../helpers/expect.js";

function overflows(f: () => unknown, where: string, value: string): void {
  throws(f, OverflowError, new RegExp(`^${where.replace(".", "\\.")}: Python integer ${value} out of bounds for int32`));
}

describe("integer numbers beyond int32", () => {
  const i = tensor([1, 2, 3], null, "int32");

  test("as the scalar operand of an int32 op", () => {
    overflows(() => ops.equal(i, 2 ** 32 + 1), "ops.equal", "4294967297");
    overflows(() => ops.add(i, 2 ** 31), "ops.add", "2147483648");
    overflows(() => ops.subtract(2 ** 31, i), "ops.subtract", "2147483648");
    overflows(() => ops.multiply(i, -(2 ** 31) - 1), "ops.multiply", "-2147483649");
    overflows(() => ops.maximum(i, 2 ** 53), "ops.maximum", "9007199254740992");
    overflows(() => ops.where(ops.greater(i, 1), i, 2 ** 40), "ops.where", "1099511627776");
    // A bool tensor with an int number computes in int32 (Keras's promotion).
    overflows(() => ops.add(tensor([true, false]), 2 ** 31), "ops.add", "2147483648");
  });

  test("tensor(), full(), fullLike() and arange() with an int32 dtype", () => {
    overflows(() => tensor(2 ** 31, null, "int32"), "tensor", "2147483648");
    overflows(() => tensor([[1], [-(2 ** 31) - 1]], null, "int32"), "tensor", "-2147483649");
    overflows(() => ops.full([2], 2 ** 31, "int32"), "ops.full", "2147483648");
    overflows(() => ops.fullLike(i, 2 ** 40), "ops.fullLike", "1099511627776");
    overflows(() => ops.arange(2 ** 31 - 2, 2 ** 31 + 1, 1, "int32"), "ops.arange", "2147483648");
  });

  test("values that fit are exact, at both ends of the range", () => {
    expect(ops.equal(i, 1).toArray()).toEqual([1, 0, 0]);
    expect(ops.add(i, -2147483648).toArray()).toEqual([-2147483647, -2147483646, -2147483645]);
    expect(ops.full([2], 2147483647, "int32").toArray()).toEqual([2147483647, 2147483647]);
    expect(tensor([-2147483648, 2147483647], null, "int32").toArray()).toEqual([-2147483648, 2147483647]);
    expect(ops.arange(2 ** 31 - 3, 2 ** 31 - 1, 1, "int32").toArray()).toEqual([2147483645, 2147483646]);
  });

  test("non-integer numbers are floats: ops promote, and conversions cast (truncate, saturate)", () => {
    const r = ops.add(i, 2 ** 31 + 0.5); // a weak float lifts int32 to float32
    expect(r.dtype).toBe("float32");
    expect(r.toArray()).toEqual([1, 2, 3].map((v) => Math.fround(v + 2 ** 31 + 0.5)));
    expect(tensor([3e9 + 0.5, -1.7], null, "int32").toArray()).toEqual([2147483647, -1]);
  });

  test("typed arrays and tensors are cast, not checked (as NumPy's astype)", () => {
    expect(tensor(new Float64Array([2 ** 31, -(2 ** 40)]), null, "int32").toArray()).toEqual([2147483647, -2147483648]);
    expect(ops.cast(tensor([2 ** 31]), "int32").toArray()).toEqual([2147483647]);
  });

  test("float dtypes take any number (overflow to infinity, as NumPy)", () => {
    expect(ops.add(tensor([1], null, "float16"), 2 ** 40).toArray()).toEqual([Infinity]);
    expect(ops.full([1], 2 ** 40).toArray()).toEqual([2 ** 40]);
  });
});

// Ports of the backend-independent cases of Keras's variables_test.py.
// Expected values are Keras's own (from the test file) or hand-computed.
import { describe, expect, test } from "vitest";
import { Variable, standardizeShape } from "../../src/variables.js";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import type { Tensor } from "../../src/tensor.js";
import { Ones, RandomNormal } from "../../src/initializers/index.js";
import { L1 } from "../../src/regularizers/index.js";
import { NonNeg } from "../../src/constraints/index.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import { nameScope } from "../../src/utils/naming.js";

const throws = (f: () => unknown, cls: new (...a: never[]) => Error, re: RegExp): void => {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).message).toMatch(re);
};

describe("Variable initialization", () => {
  test("from an Int32Array (numpy int array): dtype int32", () => {
    const v = new Variable(new Int32Array([1, 1, 1, 1]), { trainable: false });
    expect(v.dtype).toBe("int32");
    expect(v.toArray()).toEqual([1, 1, 1, 1]);
  });
  test("from a tensor keeps its dtype and shape", () => {
    const v = new Variable(ops.ones([2, 2], "int32"), { trainable: false });
    expect(v.dtype).toBe("int32");
    expect(v.shape).toEqual([2, 2]);
    expect(v.toArray()).toEqual([[1, 1], [1, 1]]);
  });
  test("nested JS arrays are float32 (JS has no int/float distinction), explicit dtype wins", () => {
    expect(new Variable([[1, 1], [1, 1]]).dtype).toBe("float32");
    const v = new Variable([[1.7, -1.7]], { dtype: "int32" });
    expect(v.toArray()).toEqual([[1, -1]]);
  });
  test("from functions returning numbers, arrays and tensors", () => {
    expect(new Variable(() => 1, { shape: [], dtype: "float32" }).toArray()).toBe(1);
    expect(new Variable(() => [1], { shape: [1] }).toArray()).toEqual([1]);
    expect(new Variable(() => ops.ones([1]), { shape: [1] }).toArray()).toEqual([1]);
  });
  test("from a string initializer", () => {
    const v = new Variable("ones", { shape: [2, 2] });
    expect(v.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(v.dtype).toBe("float32");
  });
  test("options-object form", () => {
    const v = new Variable({ initializer: new Ones(), shape: [3], name: "w", trainable: false });
    expect(v.name).toBe("w");
    expect(v.trainable).toBe(false);
    expect(v.toArray()).toEqual([1, 1, 1]);
  });
  test("an initializer without a shape is rejected", () => {
    throws(() => new Variable(new RandomNormal()), ValueError, /When creating a Variable from an initializer, the `shape` /);
    throws(() => new Variable(() => 1), ValueError, /When creating a Variable from an initializer/);
  });
  test("an initializer returning the wrong shape is rejected", () => {
    throws(() => new Variable(() => [1, 2], { shape: [3] }), ValueError, /returned a value of shape \(2,\); expected shape=\(3,\)/);
  });
  test("shapes with None dimensions are rejected", () => {
    throws(() => new Variable("zeros", { shape: [null as unknown as number, 3], name: "x" }), ValueError,
      /fully-defined \(no `None` dimensions\)\. Received: shape=\(None, 3\) for variable path='x'/);
  });
  test("unknown options are rejected by name", () => {
    throws(() => new Variable(1, { foo: 1 } as never), ValueError, /unrecognized option 'foo'/);
  });
});

describe("Variable properties", () => {
  test("trainable setter", () => {
    const v = new Variable(new RandomNormal(), { shape: [2, 2] });
    expect(v.trainable).toBe(true);
    v.trainable = false;
    expect(v.trainable).toBe(false);
  });
  test("constraint setter accepts Constraint, functions and null; rejects others", () => {
    const v = new Variable("ones", { shape: [2] });
    const fn = (w: Tensor) => w;
    v.constraint = fn;
    expect(v.constraint).toBe(fn);
    v.constraint = new NonNeg();
    expect(v.constraint).toBeInstanceOf(NonNeg);
    v.constraint = null;
    expect(v.constraint).toBeNull();
    throws(() => { v.constraint = "not callable" as never; }, ValueError, /Invalid value for attribute `constraint`/);
  });
  test("regularizer setter accepts Regularizer, functions and null; rejects others", () => {
    const v = new Variable("ones", { shape: [2] });
    v.regularizer = new L1();
    expect(v.regularizer).toBeInstanceOf(L1);
    v.regularizer = null;
    expect(v.regularizer).toBeNull();
    throws(() => { v.regularizer = "not callable" as never; }, ValueError, /Invalid value for attribute `regularizer`/);
  });
  test("name validation", () => {
    throws(() => new Variable(new RandomNormal(), { shape: [1], name: 12345 as never }), ValueError, /Argument `name` must be a string/);
    throws(() => new Variable(new RandomNormal(), { shape: [1], name: "invalid/name" }), ValueError, /cannot contain character `\/`/);
  });
  test("aggregation validation and default", () => {
    expect(new Variable(1).aggregation).toBe("none");
    expect(new Variable(1, { aggregation: "mean" }).aggregation).toBe("mean");
    throws(() => new Variable(1, { aggregation: "max" as never }), ValueError,
      /Invalid value for argument `aggregation`\. Expected one of .* Received: aggregation="max"/);
  });
  test("autocast flag", () => {
    expect(new Variable(1).autocast).toBe(true);
    expect(new Variable(1, { autocast: false }).autocast).toBe(false);
  });
  test("auto names are unique: variable, variable_1, ...", () => {
    const a = new Variable(1);
    const b = new Variable(1);
    expect(a.name).toMatch(/^variable(_\d+)?$/);
    expect(b.name).not.toBe(a.name);
  });
  test("path: name alone, under a name scope, and set by an owner", () => {
    expect(new Variable(1, { name: "test_var" }).path).toBe("test_var");
    const v = nameScope("test_scope", () => new Variable(1, { name: "test_var" }));
    expect(v.path).toBe("test_scope/test_var");
    v._setPathPrefix("layer/sub");
    expect(v.path).toBe("layer/sub/test_var");
  });
  test("overwriteWithGradient setter", () => {
    const v = new Variable(1);
    expect(v.overwriteWithGradient).toBe(false);
    v.overwriteWithGradient = true;
    expect(v.overwriteWithGradient).toBe(true);
    throws(() => { v.overwriteWithGradient = "true" as never; }, KerasTypeError, /must be a boolean/);
  });
  test("dtype, shape, ndim, toString", () => {
    const v = new Variable(new Float32Array([1, 2, 3]), { name: "test_var" });
    expect(v.dtype).toBe("float32");
    expect(v.shape).toEqual([3]);
    expect(v.ndim).toBe(1);
    expect(String(v)).toMatch(/^<Variable path=test_var, shape=\(3,\), dtype=float32, value=\[1\., 2\., 3\.\]>$/);
  });
});

describe("Variable value and assignment", () => {
  test("assign / assignAdd / assignSub (Keras's values)", () => {
    const v = new Variable([1, 2, 3]);
    expect(v.assign([4, 5, 6])).toBe(v);
    expect(v.toArray()).toEqual([4, 5, 6]);
    const w = new Variable([1, 2, 3]);
    w.assignAdd([1, 1, 1]);
    expect(w.toArray()).toEqual([2, 3, 4]);
    const u = new Variable([2, 3, 4]);
    u.assignSub([1, 1, 1]);
    expect(u.toArray()).toEqual([1, 2, 3]);
  });
  test("assign casts to the variable's dtype (float -> int truncates)", () => {
    const v = new Variable(new Int32Array([0, 0]));
    v.assign([1.9, -1.9]);
    expect(v.dtype).toBe("int32");
    expect(v.toArray()).toEqual([1, -1]);
    v.assignAdd(0.5); // 1.5, -0.5 -> 1, 0
    expect(v.toArray()).toEqual([1, 0]);
  });
  test("assign checks the shape with Keras's message and leaves the value", () => {
    const v = new Variable([1, 2, 3], { name: "t" });
    throws(() => v.assign([1, 2]), ValueError,
      /The shape of the target variable and the shape of the target value in `variable\.assign\(value\)` must match\. variable\.shape=\(3,\), Received: value\.shape=\(2,\)\. Target variable: <Variable path=t/);
    expect(v.toArray()).toEqual([1, 2, 3]);
  });
  test("assign never applies the constraint", () => {
    const v = new Variable([1, 2]);
    v.constraint = new NonNeg();
    v.assign([-1, -2]);
    expect(v.toArray()).toEqual([-1, -2]);
  });
  test("a value read before an assign does not change", () => {
    const v = new Variable([1, 2]);
    const before = v.value;
    v.assign([5, 6]);
    expect(before.toArray()).toEqual([1, 2]);
  });
  test("usable in ops wherever a tensor is", () => {
    const v1 = new Variable([1, 2, 3]);
    const v2 = new Variable([4, 5, 6]);
    expect(ops.add(v1, v2).toArray()).toEqual([5, 7, 9]);
    expect(ops.add(v1, 1).toArray()).toEqual([2, 3, 4]);
    expect(ops.subtract(v1, v2).toArray()).toEqual([-3, -3, -3]);
    expect(ops.multiply(v1, v2).toArray()).toEqual([4, 10, 18]);
    expect(ops.divide(v1, v2).toArray()).toEqual([0.25, 0.4000000059604645, 0.5]);
    const m1 = new Variable([[1, 2], [3, 4]]);
    const m2 = new Variable([[5, 6], [7, 8]]);
    expect(ops.matmul(m1, m2).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(ops.matmul(m2, m1).toArray()).toEqual([[23, 34], [31, 46]]);
    expect(ops.negative(new Variable([-1, 2])).toArray()).toEqual([1, -2]);
    expect(ops.equal(new Variable([1, 2]), [1, 2]).toArray()).toEqual([1, 1]);
    expect(tensor(v1).toArray()).toEqual([1, 2, 3]);
  });
});

describe("standardizeShape", () => {
  test("valid shapes, with null kept", () => {
    expect(standardizeShape([3, 4, 5])).toEqual([3, 4, 5]);
    expect(standardizeShape([3, null, 5])).toEqual([3, null, 5]);
  });
  test("Keras's errors", () => {
    throws(() => standardizeShape(null), ValueError, /Undefined shapes are not supported\./);
    throws(() => standardizeShape(42), ValueError, /Cannot convert '42' to a shape\./);
    throws(() => standardizeShape([3, 4, "5"]), ValueError, /Cannot convert .* to a shape\. Found invalid dimension '"5"'/);
    throws(() => standardizeShape([3, 4, 5.5]), ValueError, /Cannot convert .* to a shape\. Found invalid dimension '5\.5'/);
    throws(() => standardizeShape([3, 4, -5]), ValueError, /Cannot convert .* to a shape\. Negative dimensions/);
  });
});

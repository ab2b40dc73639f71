// valueAndGrad / grad: values worked out by hand (each expectation's
// derivation is in its comment), ties, untouched and non-differentiable
// paths, errors, layers, mixed precision, and what happens to tensors made
// inside fn once the call has returned.
import { afterEach, describe, expect, test } from "vitest";
import { Variable, clearSession, grad, ops, tensor, valueAndGrad, ValueError, KerasTypeError, type Tensor, type TensorLike } from "../../src/index.js";
import { TestDense } from "../layers/test_layers.js";
import { differentiable } from "../../src/autodiff/registry.js";

afterEach(() => clearSession());

describe("values and gradients", () => {
  test("sum(w * x + w^2): d/dw = x + 2w", () => {
    const w = new Variable([1, -2, 3]);
    const x = tensor([10, 20, 30]);
    const { value, grads } = valueAndGrad(() => ops.sum(ops.add(ops.multiply(w, x), ops.square(w))), [w]);
    expect(value.item()).toBe(10 - 40 + 90 + 1 + 4 + 9);
    expect(grads[0]!.toArray()).toEqual([12, 16, 36]);
  });

  test("a rule is told which inputs need a gradient (matmul skips x's, whose product would be wasted)", () => {
    let seen: readonly boolean[] = [];
    const double = differentiable("double", (a: TensorLike, b: TensorLike) => ops.add(ops.multiply(a, 2), b), (dy, _i, _o, _a, needs) => {
      seen = needs;
      return [needs[0] ? ops.multiply(dy, 2) : null, needs[1] ? dy : null];
    }, [0, 1]);
    const w = new Variable([1, 2]);
    // d/dw sum(2 * x + w) = 1 per element; x is a constant.
    expect(grad(() => ops.sum(double(tensor([5, 6]), w)), [w])[0]!.toArray()).toEqual([1, 1]);
    expect(seen).toEqual([false, true]);
    // d/dw sum(x @ w) for x [1, 2], w [2, 1]: x^T = [[3], [4]]; x needs none.
    const k = new Variable([[1], [2]]);
    expect(grad(() => ops.sum(ops.matmul(tensor([[3, 4]]), k)), [k])[0]!.toArray()).toEqual([[3], [4]]);
  });

  test("a variable fn does not use gets zeros of its shape, not null", () => {
    const a = new Variable([1, 2]);
    const b = new Variable([[1, 2, 3]]);
    const grads = grad(() => ops.sum(a), [a, b]);
    expect(grads[0]!.toArray()).toEqual([1, 1]);
    expect(grads[1]!.toArray()).toEqual([[0, 0, 0]]);
  });

  test("a value that does not depend on any variable: all zeros", () => {
    const a = new Variable([1, 2]);
    const { value, grads } = valueAndGrad(() => ops.sum(tensor([3, 4])), [a]);
    expect(value.item()).toBe(7);
    expect(grads[0]!.toArray()).toEqual([0, 0]);
  });

  test("a variable used twice accumulates; a variable listed twice gets its gradient twice", () => {
    const w = new Variable([3]);
    // d/dw (w * w + w) = 2w + 1 = 7
    const grads = grad(() => ops.sum(ops.add(ops.multiply(w, w), w)), [w, w]);
    expect(grads.map((g) => g.toArray())).toEqual([[7], [7]]);
  });

  test("two variables holding one tensor stay apart", () => {
    const t = tensor([2, 5]);
    const u = new Variable([0, 0]);
    const v = new Variable([0, 0]);
    u.assign(t);
    v.assign(t); // both hold the same Tensor object
    // L = sum(u * 3 + v * 5): d/du = 3, d/dv = 5
    const grads = grad(() => ops.sum(ops.add(ops.multiply(u, 3), ops.multiply(v, 5))), [u, v]);
    expect(grads.map((g) => g.toArray())).toEqual([[3, 3], [5, 5]]);
  });

  test("ties: max splits evenly among tied maxima, maximum gives half to each input, relu'(0) = 0", () => {
    const w = new Variable([1, 3, 3, 2]);
    expect(grad(() => ops.max(w), [w])[0]!.toArray()).toEqual([0, 0.5, 0.5, 0]);
    // negative maps the min gradient [0, 0.5, 0.5, 0] to [-0, -0.5, -0.5, -0].
    expect(grad(() => ops.min(ops.negative(w)), [w])[0]!.toArray()).toEqual([-0, -0.5, -0.5, -0]);
    const a = new Variable([1, 2, 3]);
    const b = new Variable([3, 2, 1]);
    expect(grad(() => ops.sum(ops.maximum(a, b)), [a, b]).map((g) => g.toArray())).toEqual([[0, 0.5, 1], [1, 0.5, 0]]);
    expect(grad(() => ops.sum(ops.minimum(a, b)), [a, b]).map((g) => g.toArray())).toEqual([[1, 0.5, 0], [0, 0.5, 1]]);
    const r = new Variable([-1, 0, 2]);
    expect(grad(() => ops.sum(ops.relu(r)), [r])[0]!.toArray()).toEqual([0, 0, 1]);
    // clip passes the gradient at its bounds (TensorFlow and torch): x = -1 and 1 are on them.
    const c = new Variable([-2, -1, 0, 1, 2]);
    expect(grad(() => ops.sum(ops.clip(c, -1, 1)), [c])[0]!.toArray()).toEqual([0, 1, 1, 1, 0]);
  });

  test("non-differentiable ops (comparisons, argmax, integer casts) give no gradient and no error", () => {
    const w = new Variable([0.5, 2.5, 1.5]);
    const grads = grad(() => {
      const idx = ops.argmax(w);
      const mask = ops.cast(ops.greater(w, 1), "float32");
      const asInt = ops.cast(ops.cast(w, "int32"), "float32");
      return ops.add(ops.sum(ops.multiply(mask, 3)), ops.add(ops.sum(asInt), ops.cast(idx, "float32")));
    }, [w]);
    expect(grads[0]!.toArray()).toEqual([0, 0, 0]);
  });

  test("stopGradient: d/dw sum(w * stop(w)) = w", () => {
    const w = new Variable([1, -2]);
    expect(grad(() => ops.sum(ops.multiply(w, ops.stopGradient(w))), [w])[0]!.toArray()).toEqual([1, -2]);
  });

  test("a variable assigned inside fn: the read after the assignment is watched too (as tf.GradientTape)", () => {
    const w = new Variable([2]);
    // L = w_before * 1 + w_after * 10 with w_after a new value: both reads are w, so dL/dw = 11
    const g = grad(() => {
      const first = ops.sum(w);
      w.assign([5]);
      return ops.add(first, ops.multiply(ops.sum(w), 10));
    }, [w]);
    expect(g[0]!.toArray()).toEqual([11]);
    expect(w.toArray()).toEqual([5]); // the assigned value outlives the call
  });
});

describe("bad input", () => {
  test("not a Variable, an integer Variable, a bad fn", () => {
    const w = new Variable([1]);
    expect(() => valueAndGrad(() => ops.sum(w), [tensor([1]) as never])).toThrow(KerasTypeError);
    expect(() => valueAndGrad(() => ops.sum(w), [tensor([1]) as never])).toThrow(/variables\[0\] must be a Variable/);
    const i = new Variable(new Int32Array([1, 2]));
    expect(() => valueAndGrad(() => ops.sum(w), [i])).toThrow(/variables\[0\] .* has dtype int32: grad requires real-valued inputs/);
    expect(() => valueAndGrad(5 as never, [w])).toThrow(/argument 'fn' must be a function/);
    expect(() => valueAndGrad(() => 3 as never, [w])).toThrow(/fn must return a scalar Tensor/);
  });

  test("a non-scalar value: JAX's error", () => {
    const w = new Variable([1, 2]);
    expect(() => valueAndGrad(() => ops.multiply(w, 2), [w])).toThrow(ValueError);
    expect(() => valueAndGrad(() => ops.multiply(w, 2), [w])).toThrow("Gradient only defined for scalar-output functions. Output had shape: (2,).");
    expect(() => valueAndGrad(() => ops.sum(ops.cast(w, "int32")), [w])).toThrow(/grad requires real-valued outputs/);
  });

  test("nested valueAndGrad: a clear error, and the outer call leaves nothing recording", () => {
    const w = new Variable([1]);
    expect(() => valueAndGrad(() => valueAndGrad(() => ops.sum(w), [w]).value, [w])).toThrow(/nested calls .* not supported/);
    expect(grad(() => ops.sum(ops.multiply(w, 4)), [w])[0]!.toArray()).toEqual([4]);
  });

  test("fn throwing: the error propagates and the next call works", () => {
    const w = new Variable([1]);
    expect(() => valueAndGrad(() => { throw new RangeError("boom"); }, [w])).toThrow("boom");
    expect(grad(() => ops.sum(ops.multiply(w, 2)), [w])[0]!.toArray()).toEqual([2]);
  });
});

describe("layers", () => {
  test("a Dense layer with a regularizer: d/dkernel of sum(x @ k + b) + 0.5 sum(k^2)... via layer.losses", () => {
    const layer = new TestDense(2, { kernelInitializer: "ones", kernelRegularizer: "l2" });
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    layer.apply(x); // builds
    const { value, grads } = valueAndGrad(() => {
      const y = layer.apply(x) as Tensor;
      return ops.add(ops.sum(y), ops.sum(ops.stack(layer.losses)));
    }, layer.trainableWeights);
    // y = x @ ones(3,2) + 0: row sums 6 and 15 in both columns: sum(y) = 42; L2(0.01) on 6 ones: 0.06.
    expect(value.item()).toBeCloseTo(42.06, 5);
    // d sum(y)/dk[i][j] = sum over rows of x[:, i] = [5, 7, 9]; L2 adds 2 * 0.01 * k = 0.02.
    expect(grads[0]!.toArray()).toEqual([[5.02, 5.02], [7.02, 7.02], [9.02, 9.02]].map((r) => r.map(Math.fround)));
    expect(grads[1]!.toArray()).toEqual([2, 2]); // bias: one per row
    expect(layer.losses.length).toBe(1); // readable after the call
    expect(layer.losses[0]!.item()).toBeCloseTo(0.06, 6);
  });

  test("mixed precision: float16 compute, float32 variables: gradients in float32", () => {
    const layer = new TestDense(3, { dtype: "mixed_float16", kernelInitializer: "ones" });
    const x = tensor([[0.5, -1], [2, 0.25]]);
    layer.apply(x);
    const { value, grads } = valueAndGrad(() => ops.sum(ops.square(layer.apply(x) as Tensor)), layer.trainableWeights);
    expect(value.dtype).toBe("float16");
    expect(grads.map((g) => g.dtype)).toEqual(["float32", "float32"]);
    // y = x @ ones: rows -0.5 and 2.25 in each of 3 columns; dL/dy = 2y;
    // dL/dk[i][j] = sum_r x[r][i] * 2 y[r] = [0.5*-1 + 2*4.5, -1*-1 + 0.25*4.5] = [8.5, 2.125] (exact in float16).
    expect(grads[0]!.toArray()).toEqual([[8.5, 8.5, 8.5], [2.125, 2.125, 2.125]]);
    expect(grads[1]!.toArray()).toEqual([3.5, 3.5, 3.5]); // sum_r 2 y[r] = -1 + 4.5
  });
});

describe("tensors made inside fn", () => {
  test("an intermediate kept past the call: reading it is an error naming it and its op", () => {
    const w = new Variable(tensor(new Float32Array(4096).fill(1), [64, 64]));
    let kept: Tensor | null = null;
    let small: Tensor | null = null;
    valueAndGrad(() => {
      kept = ops.relu(ops.matmul(w, w)); // 16 KB: in WASM memory
      small = ops.multiply(ops.sum(w), 2); // small, on the JS heap: the same rule
      return ops.sum(kept);
    }, [w]);
    expect(() => kept!.data).toThrow(ValueError);
    expect(() => kept!.toArray()).toThrow("Tensor(shape=(64, 64), dtype=float32) (made by ops.relu) was created while valueAndGrad's fn ran and released");
    expect(() => ops.add(kept!, 1)).toThrow(/ops.add: argument 'x1', Tensor\(shape=\(64, 64\), dtype=float32\), \(made by ops.relu\)/);
    expect(() => small!.item()).toThrow(/\(made by ops.multiply\) was created while valueAndGrad's fn ran/);
  });

  test("tensors from before the call, the value and the gradients stay readable", () => {
    const w = new Variable(tensor(new Float32Array(4096).fill(2), [4096]));
    const before = ops.multiply(w, 3);
    const { value, grads } = valueAndGrad(() => ops.sum(ops.multiply(before, w)), [w]);
    expect(before.data[0]).toBe(6);
    expect(value.item()).toBe(4096 * 12);
    expect(grads[0]!.data[4095]).toBe(6);
    expect(w.value.data[0]).toBe(2);
  });
});

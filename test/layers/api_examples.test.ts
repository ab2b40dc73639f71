// Keras's two Layer docstring examples (SimpleDense, ComputeSum), written
// for keras-wasm as a user would (no `override`), with the expectations
// their comments state. ("keras-wasm" is this package; the source entry
// stands in for it. The only additions are `@ts-expect-error` comments where
// this repo's stricter tsconfig wants `override`.)
import { expect, test } from "vitest";
import { Layer, Variable, ops, Tensor, Shape } from "../../src/index.js";

test("SimpleDense: builds on the first call; two trainable weights", () => {
  class SimpleDense extends Layer {
    units: number;
    kernel!: Variable;
    bias!: Variable;
    constructor(units = 32) {
      super();
      this.units = units;
    }
    // @ts-expect-error TS4114: the example omits `override`; this repo's tsconfig has noImplicitOverride
    build(inputShape: Shape) {
      this.kernel = this.addWeight({
        shape: [inputShape[inputShape.length - 1]!, this.units],
        initializer: "glorot_uniform", trainable: true, name: "kernel",
      });
      this.bias = this.addWeight({ shape: [this.units], initializer: "zeros", trainable: true, name: "bias" });
    }
    // @ts-expect-error TS4114: the example omits `override`; this repo's tsconfig has noImplicitOverride
    call(inputs: Tensor) {
      return ops.add(ops.matmul(inputs, this.kernel), this.bias);
    }
  }
  const linear = new SimpleDense(4);
  const y = linear.apply(ops.ones([2, 2]));   // builds, then calls
  expect(linear.weights.length === 2 && linear.trainableWeights.length === 2).toBe(true);

  expect(linear.built).toBe(true);
  expect(y.shape).toEqual([2, 4]);
  expect(linear.weights).toEqual([linear.kernel, linear.bias]);
  expect(linear.kernel.shape).toEqual([2, 4]);
  expect(linear.kernel.path).toBe(`${linear.name}/kernel`);
  // ones @ kernel + 0: each output column is the column sum of the kernel.
  const k = linear.kernel.toArray() as number[][];
  const expected = [0, 1, 2, 3].map((j) => Math.fround(k[0]![j]! + k[1]![j]!));
  expect(y.toArray()).toEqual([expected, expected]);
});

test("ComputeSum: a non-trainable weight updated in call", () => {
  class ComputeSum extends Layer {
    total: Variable;
    constructor(inputDim: number) {
      super();
      this.total = this.addWeight({ shape: [], initializer: "zeros", trainable: false, name: "total" });
    }
    // @ts-expect-error TS4114: the example omits `override`; this repo's tsconfig has noImplicitOverride
    call(inputs: Tensor) {
      this.total.assign(ops.add(this.total, ops.sum(inputs)));
      return this.total.value;
    }
  }
  const mySum = new ComputeSum(2);
  mySum.apply(ops.ones([2, 2]));              // total is now 4
  // mySum.weights == [mySum.total], nonTrainableWeights == [mySum.total], trainableWeights == []
  expect(mySum.total.toArray()).toBe(4);
  expect(mySum.weights).toEqual([mySum.total]);
  expect(mySum.weights[0]).toBe(mySum.total);
  expect(mySum.nonTrainableWeights).toEqual([mySum.total]);
  expect(mySum.trainableWeights).toEqual([]);
  expect(mySum.apply(ops.ones([2, 2])).item()).toBe(8);
});

// Ports of Keras's layers/layer_test.py, part 2: trainable, build
// signatures, locking, addWeight, paths (part 1 is layer.test.ts).
import { beforeEach, describe, expect, test } from "vitest";
import { Layer, type Shape } from "../../src/layers/layer.js";
import { Variable } from "../../src/variables.js";
import { Tensor } from "../../src/tensor.js";
import * as ops from "../../src/ops/index.js";
import { SeedGenerator } from "../../src/random/index.js";
import { L2 } from "../../src/regularizers/index.js";
import { ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import { throws } from "../helpers/expect.js";
import { TestDense } from "./test_layers.js";

beforeEach(() => clearSession());

describe("trainable (test_trainable_setting, test_trainable_init_arg)", () => {
  class NonTrainableWeightsLayer extends Layer {
    w1!: Variable; w2!: Variable; seed!: SeedGenerator;
    override build(_shape?: unknown): void {
      this.w1 = this.addWeight({ shape: [], initializer: "ones", trainable: true });
      this.w2 = this.addWeight({ shape: [], initializer: "ones", trainable: false });
      this.seed = new SeedGenerator(123);
    }
    override call(x: Tensor): Tensor { return x; }
  }
  class Nested extends Layer {
    w1!: Variable; w2!: Variable;
    nested!: NonTrainableWeightsLayer;
    override build(_shape?: unknown): void {
      this.w1 = this.addWeight({ shape: [], initializer: "ones", trainable: true });
      this.w2 = this.addWeight({ shape: [], initializer: "ones", trainable: false });
      this.nested = new NonTrainableWeightsLayer();
      this.nested.build(null);
    }
  }
  const counts = (l: Layer): number[] =>
    [l.trainableWeights.length, l.trainableVariables.length, l.nonTrainableWeights.length, l.nonTrainableVariables.length];
  test("the setter propagates; created-non-trainable weights stay so", () => {
    const layer = new Nested();
    layer.build(null);
    expect(counts(layer)).toEqual([2, 2, 2, 3]);
    layer.trainable = false;
    expect(counts(layer)).toEqual([0, 0, 4, 5]);
    expect(layer.w1.trainable).toBe(false);
    expect(layer.nested.w1.trainable).toBe(false);
    layer.trainable = true;
    expect(counts(layer)).toEqual([2, 2, 2, 3]);
    expect(layer.nested.w1.trainable).toBe(true);
    expect(layer.w2.trainable).toBe(false);
  });
  test("trainable: false at construction", () => {
    const layer = new Nested({ trainable: false });
    layer.build(null);
    expect(counts(layer)).toEqual([0, 0, 4, 5]);
    layer.trainable = true;
    expect(counts(layer)).toEqual([2, 2, 2, 3]);
    const dense = new TestDense(2, { trainable: false });
    dense.build([null, 1]);
    expect([dense._trainableVariables.length, dense._nonTrainableVariables.length, dense.trainableWeights.length]).toEqual([2, 0, 0]);
    dense.trainable = true;
    expect(dense.trainableWeights.length).toBe(2);
  });
});

test("multi-argument build matched by name (test_build_signature_errors)", () => {
  const foo = ops.ones([4, 1]);
  const bar = ops.ones([4, 2]);
  const baz = ops.ones([4, 3]);
  class NoShapeSuffix extends Layer {
    override build(fooShape: Shape, bar: Shape): void { void fooShape; void bar; }
    override call(): Tensor { return foo; }
  }
  throws(() => new NoShapeSuffix().apply({ foo, bar }), ValueError, "argument `bar`, which does not end in `Shape`");
  class NonMatchingArgument extends Layer {
    override build(fooShape: Shape, bazShape: Shape): void { void fooShape; void bazShape; }
    override call(): Tensor { return foo; }
  }
  throws(() => new NonMatchingArgument().apply({ foo, bar }), ValueError, "`bazShape`, but `call()` does not have argument `baz`");
  class MatchingArguments extends Layer {
    shapes: unknown[] = [];
    override build(barShape: Shape, fooShape: Shape): void { this.shapes = [fooShape, barShape]; }
    override call(): Tensor { return foo; }
  }
  const m = new MatchingArguments();
  m.apply({ foo, bar });
  expect(m.shapes).toEqual([[4, 1], [4, 2]]);
  class SubsetArguments extends Layer {
    shapes: unknown[] = [];
    override build(bazShape: Shape, fooShape: Shape): void { this.shapes = [fooShape, bazShape]; }
    override call(): Tensor { return foo; }
  }
  const sub = new SubsetArguments();
  sub.apply({ foo, bar, baz });
  expect(sub.shapes).toEqual([[4, 1], [4, 3]]);
  expect(sub.getBuildConfig()).toEqual({ shapesDict: { baz_shape: [4, 3], foo_shape: [4, 1] } });
});

test("state is locked after build (test_tracker_locking)", () => {
  class BadLayer extends Layer {
    w?: Variable;
    override call(x: Tensor): Tensor { this.w = this.addWeight({ initializer: "zeros", shape: [] }); return x; }
  }
  throws(() => new BadLayer().apply(ops.ones([3, 2])), ValueError, "cannot add new elements of state");
});

test("addWeight defaults (test_add_weight_defaults)", () => {
  class MyLayer extends Layer {
    w1 = this.addWeight();
    w2 = this.addWeight({ dtype: "int32", trainable: false });
    w3 = this.addWeight({ dtype: "bool", trainable: false });
    w4 = this.addWeight({ dtype: "int32", shape: [2, 2], trainable: false });
    w5 = this.addWeight({ initializer: "ones", shape: [2, 2] });
  }
  const l = new MyLayer();
  expect([l.w1.shape, l.w1.dtype]).toEqual([[], "float32"]);
  expect([l.w2.shape, l.w2.dtype, l.w2.toArray()]).toEqual([[], "int32", 0]);
  expect([l.w3.shape, l.w3.dtype, l.w3.toArray()]).toEqual([[], "bool", 0]);
  expect([l.w4.dtype, l.w4.toArray()]).toEqual(["int32", [[0, 0], [0, 0]]]);
  expect([l.w5.dtype, l.w5.toArray()]).toEqual(["float32", [[1, 1], [1, 1]]]);
  expect([l.w1.name, l.w2.name, l.w1.path]).toEqual(["variable", "variable_1", "my_layer/variable"]);
});

test("removing and replacing a weight (test_remove_weight)", () => {
  class MyLayer extends Layer {
    w: Variable | undefined = this.addWeight();
    removeW(): void { this.w = this._untrackVariable(this.w!) as undefined; }
    changeDtype(): void {
      this._untrackVariable(this.w!);
      this.w = this.addWeight({ initializer: "zeros", dtype: "int32", trainable: false });
    }
  }
  const a = new MyLayer();
  expect(a.weights.length).toBe(1);
  a.removeW();
  expect(a.weights.length).toBe(0);
  expect(a.w).toBeUndefined();
  const b = new MyLayer();
  b.changeDtype();
  expect([b.w!.dtype, b.w!.trainable, b.weights.length]).toEqual(["int32", false, 1]);
});

test("activity regularizer in the config (test_serialize_activity_regularizer)", () => {
  const config = new TestDense(2, { activityRegularizer: "l2" }).getConfig();
  expect(config.activityRegularizer).toEqual({ module: "keras.regularizers", class_name: "L2", config: { l2: 0.01 }, registered_name: null });
  expect(TestDense.fromConfig(config).activityRegularizer).toBeInstanceOf(L2);
  expect("activityRegularizer" in new TestDense(2).getConfig()).toBe(false);
});

describe("variable paths (test_custom_layer_add_weight_in_*_name, test_layer_variable_tracking_correct)", () => {
  test("weights created in constructors", () => {
    class InnerInnerLayer extends Layer { v = this.addWeight({ shape: [1], name: "inner" }); }
    class InnerLayer extends Layer { v = this.addWeight({ shape: [1], name: "inner" }); inner = new InnerInnerLayer(); }
    class TrainingLayer extends Layer { inner = new InnerLayer(); }
    const layer = new TrainingLayer();
    layer.build(null);
    expect(layer.variables.map((v) => v.path).sort()).toEqual(["inner_inner_layer/inner", "inner_layer/inner"]);
  });
  test("weights created in build, from the parent's call", () => {
    class InnerInnerLayer extends Layer {
      v!: Variable;
      override build(): void { this.v = this.addWeight({ shape: [1], name: "inner" }); }
      override call(x: Tensor): Tensor { return ops.add(this.v, x); }
    }
    class InnerLayer extends Layer {
      inner = new InnerInnerLayer();
      v!: Variable;
      override build(): void { this.v = this.addWeight({ shape: [1], name: "inner" }); }
      override call(x: Tensor): Tensor { return ops.add(this.v, this.inner.apply(x)); }
    }
    class TrainingLayer extends Layer {
      inner = new InnerLayer();
      override call(x: Tensor): Tensor { return this.inner.apply(x); }
    }
    const layer = new TrainingLayer();
    expect(layer.apply(ops.ones([4, 1])).shape).toEqual([4, 1]);
    expect(layer.variables.map((v) => v.path).sort()).toEqual(["training_layer/inner_layer/inner", "training_layer/inner_layer/inner_inner_layer/inner"]);
  });
  test("adding and removing after build, unlocked by hand", () => {
    class PostBuildModifyLayer extends Layer {
      v?: Variable; v2?: Variable;
      override build(): void { this.v = this.addWeight({ shape: [2], name: "var" }); }
      override call(x: Tensor): Tensor { return ops.add(this.v!, x); }
      postBuildAdd(): void { this._tracker.unlock(); this.v2 = this.addWeight({ shape: [2], name: "var2" }); this._tracker.lock(); }
      postBuildRemove(): void { this._tracker.unlock(); this._untrackVariable(this.v!); delete this.v; this._tracker.lock(); }
    }
    class TrainingLayer extends Layer {
      postBuildModifyLayer = new PostBuildModifyLayer();
      override call(x: Tensor): Tensor { return this.postBuildModifyLayer.apply(x); }
    }
    const layer = new TrainingLayer();
    expect(layer.apply(ops.ones([4, 2])).shape).toEqual([4, 2]);
    expect(layer.variables.map((v) => v.path)).toEqual(["training_layer/post_build_modify_layer/var"]);
    layer.postBuildModifyLayer.postBuildAdd();
    expect(layer.variables.map((v) => v.path)).toEqual(["training_layer/post_build_modify_layer/var", "training_layer/post_build_modify_layer/var2"]);
    layer.postBuildModifyLayer.postBuildRemove();
    expect(layer.variables.map((v) => v.path)).toEqual(["training_layer/post_build_modify_layer/var2"]);
  });
});

// Ports of the backend-independent cases of Keras's layers/layer_test.py (part 1;
// part 2 is layer_weights_paths.test.ts).
// The numbers (counts, values, paths) are the ones asserted there; Dense is
// TestDense and Dropout(0.9) is DropLike until those layers exist.
import { beforeEach, describe, expect, test } from "vitest";
import { Layer, type CallOptions, type Shape } from "../../src/layers/layer.js";
import { Tensor } from "../../src/tensor.js";
import { tensor } from "../../src/ops/convert.js";
import * as ops from "../../src/ops/index.js";
import { SeedGenerator, normal } from "../../src/random/index.js";
import { Mean } from "../../src/metrics/index.js";
import { NotImplementedError, ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import { throws } from "../helpers/expect.js";
import { DropLike, TestDense } from "./test_layers.js";

beforeEach(() => clearSession());

describe("computeOutputSpec from computeOutputShape (test_compute_output_spec)", () => {
  const make = (fn: (s: Shape) => unknown): Layer =>
    new (class TestLayer extends Layer {
      override call(): never { throw new Error("Should never be called."); }
      override computeOutputShape(s: Shape): unknown { return fn(s); }
    })();
  const spec = { shape: [2, 3], dtype: "float32" };
  test("single, array, dict, nested", () => {
    expect(make((s) => s).computeOutputSpec(spec)).toEqual({ shape: [2, 3], dtype: "float32" });
    const two = make((s) => [s, s]).computeOutputSpec(spec) as { shape: number[] }[];
    expect(two.map((o) => o.shape)).toEqual([[2, 3], [2, 3]]);
    const d = make((s) => ({ 1: s, 2: s })).computeOutputSpec(spec) as Record<string, { shape: number[] }>;
    expect(Object.keys(d)).toEqual(["1", "2"]);
    expect(d["2"]!.shape).toEqual([2, 3]);
    const n = make((s) => [s, [s, s], [s, s]]).computeOutputSpec(spec) as unknown[];
    expect(n.length).toBe(3);
    expect((n[1] as { shape: number[] }[])[1]!.shape).toEqual([2, 3]);
    const nd = make((s) => ({ 1: s, 2: { 11: s, 22: s } })).computeOutputSpec(spec) as Record<string, Record<string, { shape: number[] }>>;
    expect(nd["2"]!["22"]!.shape).toEqual([2, 3]);
  });
});

test("not implemented: call, computeOutputShape (test_not_implemented_error)", () => {
  const layer = new Layer();
  layer.built = true;
  throws(() => layer.call(null), NotImplementedError, "does not have a `call` method implemented.");
  throws(() => layer.computeOutputShape(null), NotImplementedError, "does not have a `computeOutputShape` method implemented.");
});

test("seed generator tracking (test_rng_seed_tracking)", () => {
  class RNGLayer extends Layer {
    seedGen = new SeedGenerator({ seed: 1337 });
    override call(x: Tensor): Tensor { return ops.multiply(x, normal(x.shape, { seed: this.seedGen })); }
  }
  const layer = new RNGLayer();
  expect(layer.variables).toEqual([layer.seedGen.state]);
  expect(layer.variables[0]!.toArray()).toEqual([1337, 0]);
  layer.apply(ops.ones([3, 4]));
  expect(layer.variables[0]!.toArray()).toEqual([1337, 1]);

  class RNGListLayer extends Layer {
    seedGens: SeedGenerator[] = [];
    constructor() {
      super();
      this.seedGens.push(new SeedGenerator({ seed: 1 }));
      this.seedGens.push(new SeedGenerator({ seed: 10 }));
    }
    override call(x: Tensor): Tensor {
      x = ops.multiply(x, normal(x.shape, { seed: this.seedGens[0] }));
      return ops.multiply(x, normal(x.shape, { seed: this.seedGens[1] }));
    }
  }
  const list = new RNGListLayer();
  expect(list.variables).toEqual([list.seedGens[0]!.state, list.seedGens[1]!.state]);
  list.apply(ops.ones([3, 4]));
  expect(list.variables.map((v) => v.toArray())).toEqual([[1, 1], [10, 1]]);
});

describe("layer tracking (test_layer_tracking)", () => {
  class LayerWithDenseLayers extends Layer {
    dense1: TestDense;
    layerDict: Record<string, TestDense>;
    layerList: TestDense[];
    seedGenerator = new SeedGenerator({ seed: 1 });
    constructor(readonly units: number) {
      super();
      this.dense1 = new TestDense(units);
      this.layerDict = { dense2: new TestDense(units) };
      this.layerList = [new TestDense(units)];
    }
    override build(_shape?: unknown): void { this.layerList.push(new TestDense(this.units)); }
    override call(x: Tensor): Tensor {
      x = this.dense1.apply(x);
      x = this.layerDict.dense2!.apply(x);
      return this.layerList[1]!.apply(this.layerList[0]!.apply(x));
    }
  }
  class ParentLayer extends Layer {
    constructor(readonly inner: Layer) { super(); }
    override call(x: Tensor): Tensor { return this.inner.apply(x); }
  }
  test("dicts, arrays, build-time additions", () => {
    const layer = new LayerWithDenseLayers(3);
    layer.build([1, 3]);
    expect(layer._layers.length).toBe(4);
    layer.apply(ops.zeros([1, 3]));
    expect(layer.variables.length).toBe(9);
    expect(layer.weights.length).toBe(8);
  });
  test("nested parents", () => {
    for (const layer of [new ParentLayer(new LayerWithDenseLayers(3)), new ParentLayer(new ParentLayer(new LayerWithDenseLayers(3)))]) {
      expect(layer._layers.length).toBe(1);
      layer.apply(ops.zeros([1, 3]));
      expect(layer.variables.length).toBe(9);
      expect(layer.weights.length).toBe(8);
    }
  });
  test("arrays of arrays created in build", () => {
    class LayerWithLazyTracker extends Layer {
      l1: TestDense[][] = [];
      override build(): void {
        for (let i = 0; i < 2; i++) {
          const l2: TestDense[] = [];
          this.l1.push(l2);
          for (let j = 0; j < 2; j++) l2.push(new TestDense(1, { name: `dense_${i}_${j}` }));
        }
      }
      override call(x: Tensor): Tensor {
        for (const l of this.l1) for (const d of l) x = d.apply(x);
        return x;
      }
    }
    const layer = new LayerWithLazyTracker();
    layer.apply(ops.ones([4, 1]));
    expect(layer.weights.length).toBe(8);
  });
});

test("metric tracking (test_metric_tracking)", () => {
  class LayerWithMetric extends Layer {
    dense: TestDense;
    metric = new Mean({ name: "my_metric" });
    constructor(units: number) { super(); this.dense = new TestDense(units); }
    override build(shape: Shape): void { this.dense.build(shape); }
    override call(x: Tensor): Tensor { return this.dense.apply(x); }
  }
  class ParentLayerWithMetric extends Layer {
    metric = new Mean({ name: "my_metric" });
    constructor(readonly inner: Layer) { super(); }
    override build(shape: Shape): void { this.inner.build(shape); }
    override call(x: Tensor): Tensor { return this.inner.apply(x); }
  }
  const cases: [Layer, number][] = [
    [new LayerWithMetric(3), 1],
    [new ParentLayerWithMetric(new LayerWithMetric(3)), 2],
    [new ParentLayerWithMetric(new ParentLayerWithMetric(new LayerWithMetric(3))), 3],
  ];
  for (const [layer, n] of cases) {
    layer.build([1, 3]);
    expect(layer.metrics.length).toBe(n);
    expect(layer.metricsVariables.length).toBe(2 * n);
    expect(layer.trainableVariables.length).toBe(2);
    expect(layer.nonTrainableVariables.length).toBe(0);
  }
});

test("build on call with unbuilt sub-layers (test_build_on_call)", () => {
  class LayerWithUnbuiltState extends Layer {
    dense1: TestDense;
    constructor(units: number) { super(); this.dense1 = new TestDense(units); }
    override call(x: Tensor): Tensor { return this.dense1.apply(x); }
  }
  const layer = new LayerWithUnbuiltState(2);
  layer.apply(ops.ones([3, 4]));
  expect(layer.weights.length).toBe(2);
  expect(layer.weights[0]!.path).toBe("layer_with_unbuilt_state/test_dense/kernel");
  // Keras's call(x1, x2) / call(x1=..., x2=...): a dict of inputs here.
  class KwargsLayerWithUnbuiltState extends Layer {
    dense1: TestDense;
    dense2: TestDense;
    constructor(units: number) { super(); this.dense1 = new TestDense(units); this.dense2 = new TestDense(units); }
    override call({ x1, x2 }: { x1: Tensor; x2: Tensor }): Tensor { return ops.add(this.dense1.apply(x1), this.dense2.apply(x2)); }
  }
  const kw = new KwargsLayerWithUnbuiltState(2);
  kw.apply({ x1: ops.ones([3, 4]), x2: ops.ones([3, 4]) });
  expect(kw.weights.length).toBe(4);
});

test("activity regularization (test_activity_regularization)", () => {
  class ActivityRegularizer extends Layer {
    override call(x: Tensor): Tensor { return x; }
  }
  const layer = new ActivityRegularizer({ activityRegularizer: "l1" });
  layer.apply(ops.ones([1]));
  expect(layer.losses.length).toBe(1);
  expect(layer.losses[0]!.item()).toBeCloseTo(0.01, 6);
  layer.apply(ops.ones([1])); // losses are reset upon call
  expect(layer.losses.length).toBe(1);
  expect(layer.losses[0]!.item()).toBeCloseTo(0.01, 6);
});

test("addLoss, also from a nested layer (test_add_loss)", () => {
  class LossLayer extends Layer {
    override call(x: Tensor): Tensor { this.addLoss(ops.sum(x)); return x; }
  }
  const layer = new LossLayer();
  layer.apply(ops.ones([1]));
  expect(layer.losses.map((l) => l.item())).toEqual([1]);
  class Wrapper extends Layer {
    constructor(readonly inner: Layer) { super(); }
    override call(x: Tensor): Tensor { return this.inner.apply(x); }
  }
  const outer = new Wrapper(new Wrapper(layer));
  outer.apply(ops.ones([1]));
  expect(outer.losses.map((l) => l.item())).toEqual([1]);
  outer.apply(ops.ones([1]));
  expect(outer.losses.length).toBe(1); // cleared by the outermost call, not accumulated
});

describe("training argument resolution (test_training_arg_value_resolution)", () => {
  class TrainingLayer extends Layer {
    dp = new DropLike();
    override call(x: Tensor, { training = false }: CallOptions = {}): Tensor { void training; return this.dp.apply(x); }
  }
  const x = ops.ones([4, 4]);
  const min = (t: Tensor): number => ops.min(t).item();
  test("the outer value propagates, also one level deeper", () => {
    const layer = new TrainingLayer();
    expect(min(layer.apply(x))).toBe(1);
    expect(min(layer.apply(x, { training: true }))).toBe(0);
    class Wrapped extends Layer {
      dp = new TrainingLayer();
      override call(x: Tensor, { training = false }: CallOptions = {}): Tensor { void training; return this.dp.apply(x); }
    }
    const w = new Wrapped();
    expect(min(w.apply(x))).toBe(1);
    expect(min(w.apply(x, { training: true }))).toBe(0);
  });
  test("an explicit inner value wins; a call() default does not leak", () => {
    class Explicit extends Layer {
      dp = new DropLike();
      override call(x: Tensor, { training = false }: CallOptions = {}): Tensor { void training; return this.dp.apply(x, { training: true }); }
    }
    expect(min(new Explicit().apply(x, { training: false }))).toBe(0);
    const layer = new TrainingLayer();
    layer.apply(x);
    expect(layer.dp.seen).toEqual([undefined]); // the signature default `false` stays in TrainingLayer.call
  });
  test("an interrupted call leaves no context behind", () => {
    class BadLayer extends Layer {
      override call(): never { throw new Error("oops!"); }
    }
    expect(() => new BadLayer().apply(x, { training: true })).toThrow(/oops!/);
    expect(min(new TrainingLayer().apply(x))).toBe(1);
  });
});

test("stateless call (test_stateless_call)", () => {
  class TestLayer extends Layer {
    seedGenerator = new SeedGenerator(1337);
    ntw = this.addWeight({ shape: [], initializer: "zeros", trainable: false });
    tw = this.addWeight({ shape: [], initializer: "zeros", trainable: true, regularizer: "l1" });
    constructor() { super(); this.built = true; }
    override call(x: Tensor): Tensor {
      this.addLoss(ops.sum(x));
      this.ntw.assign(ops.sum(x));
      x = ops.add(x, normal([], { seed: this.seedGenerator }));
      return ops.add(ops.add(x, this.tw), this.ntw);
    }
  }
  const data = tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]);
  const out = new TestLayer().apply(data);
  const layer1 = new TestLayer();
  const out1 = layer1.apply(data);
  expect(out.toArray()).toEqual(out1.toArray()); // deterministic
  const layer2 = new TestLayer();
  const [out2, ntv2] = layer2.statelessCall(layer2.trainableVariables, layer2.nonTrainableVariables, data) as [Tensor, Tensor[]];
  expect(out2.toArray()).toEqual(out1.toArray());
  expect(ntv2.map((v) => v.toArray())).toEqual(layer1.nonTrainableVariables.map((v) => v.toArray()));
  // No side effects on layer2.
  expect(layer2.ntw.toArray()).toBe(0);
  expect(layer2.seedGenerator.state.toArray()).toEqual([1337, 0]);
  const layer3 = new TestLayer();
  const [out3, , losses] = layer3.statelessCall(layer3.trainableVariables, layer3.nonTrainableVariables, data, { returnLosses: true }) as [Tensor, Tensor[], Tensor[]];
  expect(out3.toArray()).toEqual(out1.toArray());
  expect(losses.length).toBe(2);
  expect(losses.map((l) => l.item())).toEqual(layer1.losses.map((l) => l.item()));
  expect(layer3.losses.length).toBe(1); // only the l1 term: the added loss went to statelessCall's result
  throws(() => layer3.statelessCall([], layer3.nonTrainableVariables, data), ValueError, "`trainableVariables`", "expected 1 variables");
});

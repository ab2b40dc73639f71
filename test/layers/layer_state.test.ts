// Tracking at depth, locking, weights access and get/setWeights.
import { beforeEach, describe, expect, test } from "vitest";
import { Layer } from "../../src/layers/layer.js";
import { Variable } from "../../src/variables.js";
import { SeedGenerator } from "../../src/random/index.js";
import { Mean } from "../../src/metrics/index.js";
import { tensor } from "../../src/ops/convert.js";
import * as ops from "../../src/ops/index.js";
import { ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import type { Tensor } from "../../src/tensor.js";
import { throws } from "../helpers/expect.js";
import { TestDense } from "./test_layers.js";

beforeEach(() => clearSession());

describe("tracking", () => {
  test("class fields, arrays, plain objects, Maps, Sets, at depth, in storage order, once by identity", () => {
    const shared = new TestDense(1, { name: "shared" });
    class Deep extends Layer {
      a = new TestDense(1, { name: "a" });
      nested = { list: [new TestDense(1, { name: "b" }), { deeper: [shared] }] };
      map = new Map<string, unknown>([["c", new TestDense(1, { name: "c" })]]);
      again = [shared, this.a];
      set = new Set([new TestDense(1, { name: "d" })]);
      v = new Variable(1, { name: "v" });
      gen = { g: new SeedGenerator(3) };
      metric = [new Mean()];
    }
    const layer = new Deep();
    layer.map.set("e", [new TestDense(1, { name: "e" })]);
    expect(layer._layers.map((l) => l.name)).toEqual(["a", "b", "shared", "c", "d", "e"]);
    expect(layer._trainableVariables).toEqual([layer.v]);
    expect(layer._seedGenerators).toEqual([layer.gen.g]);
    expect(layer.metrics.length).toBe(1);
    expect(layer.map).toBeInstanceOf(Map); // identity-preserving for Maps
  });
  test("pushes in build are tracked; after build they throw the Keras error and change nothing", () => {
    class Blocks extends Layer {
      blocks: Layer[] = [];
      registry: Record<string, Layer> = {};
      override build(): void { this.blocks.push(new TestDense(2)); }
      override call(x: Tensor): Tensor { return this.blocks.reduce((y, b) => b.apply(y) as Tensor, x); }
    }
    const layer = new Blocks();
    layer.apply(ops.ones([1, 2]));
    expect(layer.weights.length).toBe(2);
    throws(() => layer.blocks.push(new TestDense(2)), ValueError, "You cannot add new elements of state (variables or sub-layers) to a layer that is already built");
    expect(layer.blocks.length).toBe(1);
    throws(() => { layer.registry.x = new TestDense(2); }, ValueError, "You cannot add new elements of state");
    expect(Object.keys(layer.registry)).toEqual([]);
    throws(() => { (layer as unknown as Record<string, unknown>).extra = new TestDense(2); }, ValueError, "You cannot add new elements of state");
    throws(() => layer.addWeight({ shape: [] }), ValueError, "You cannot add new elements of state");
    expect(layer._layers.length).toBe(1);
    layer.blocks[0] = layer.blocks[0]!; // re-storing tracked state is fine
    (layer as unknown as Record<string, unknown>).note = "plain values are fine";
  });
  test("reassigning a tracked slot after build swaps it (Keras #18601)", () => {
    class Holder extends Layer {
      inner: Layer = new TestDense(2);
      override call(x: Tensor): Tensor { return this.inner.apply(x); }
    }
    const h = new Holder();
    h.apply(ops.ones([1, 2]));
    const replacement = new TestDense(3);
    h.inner = replacement;
    expect(h._layers).toEqual([replacement]);
  });
  test("something stored through a raw reference is found before the state locks", () => {
    const raw: Layer[] = [];
    class Raw extends Layer { list = raw; }
    const layer = new Raw();
    raw.push(new TestDense(1)); // not through the layer: no trap sees it
    expect(layer._layers.length).toBe(1);
  });
});

describe("weights", () => {
  class TwoLevel extends Layer {
    inner = new TestDense(2, { name: "inner" });
    own = this.addWeight({ shape: [2], initializer: "ones", trainable: false, name: "own" });
    scale = this.addWeight({ shape: [], initializer: "ones", name: "scale" });
    override build(s: number[]): void { this.inner.build(s); }
    override call(x: Tensor): Tensor { return ops.multiply(this.inner.apply(x), this.scale); }
  }
  test("order: own trainable, own non-trainable, then sub-layers'; countParams", () => {
    const l = new TwoLevel({ name: "outer" });
    throws(() => l.countParams(), ValueError, "You tried to call `countParams` on layer 'outer', but the layer isn't built.");
    l.build([1, 3]);
    expect(l.weights.map((w) => w.path)).toEqual(["outer/scale", "outer/own", "outer/inner/kernel", "outer/inner/bias"]);
    expect(l.trainableWeights.map((w) => w.name)).toEqual(["scale", "kernel", "bias"]);
    expect(l.nonTrainableWeights.map((w) => w.name)).toEqual(["own"]);
    expect(l.countParams()).toBe(1 + 2 + 6 + 2);
  });
  test("getWeights: copies in weights order", () => {
    const l = new TwoLevel();
    l.build([1, 3]);
    const ws = l.getWeights();
    expect(ws.map((w) => w.shape)).toEqual([[], [2], [3, 2], [2]]);
    expect(ws[1]!.toArray()).toEqual([1, 1]);
    l.own.assign([5, 6]);
    expect(ws[1]!.toArray()).toEqual([1, 1]);
    expect(ws[1]).not.toBe(l.own.value);
  });
  test("setWeights: tensors, typed arrays, nested arrays", () => {
    const l = new TwoLevel();
    l.build([1, 3]);
    l.setWeights([tensor(2), new Float32Array([3, 4]), [[1, 2], [3, 4], [5, 6]], [0.5, -0.5]]);
    expect(l.getWeights().map((w) => w.toArray())).toEqual([2, [3, 4], [[1, 2], [3, 4], [5, 6]], [0.5, -0.5]]);
    expect(l.apply(tensor([[1, 1, 1]])).toArray()).toEqual([[2 * (9 + 0.5), 2 * (12 - 0.5)]]);
  });
  test("setWeights: a wrong count or any wrong shape changes nothing", () => {
    const l = new TwoLevel({ name: "outer" });
    l.build([1, 3]);
    const before = l.getWeights().map((w) => w.toArray());
    throws(() => l.setWeights([tensor(2)]), ValueError,
      "You called `setWeights(weights)` on layer 'outer' with a weight list of length 1, but the layer was expecting 4 weights.");
    throws(() => l.setWeights([tensor(9), [9, 9], [[1, 2, 3], [4, 5, 6]], [0, 0]]), ValueError,
      "Layer outer weight shape (3, 2) is not compatible with provided weight shape (2, 3)", "outer/inner/kernel");
    throws(() => l.setWeights([tensor(9), [9, 9], [[1, 2], [3, 4], [5, 6]], [0, 0, 0]]), ValueError, "weight shape (2,)", "provided weight shape (3,)");
    expect(l.getWeights().map((w) => w.toArray())).toEqual(before);
  });
});

test("a failed build leaves no state behind", () => {
  class Fragile extends Layer {
    override build(s: number[]): void {
      this.addWeight({ shape: [s[1]!], name: "first" });
      if (s[1] === 0) throw new ValueError("cannot build on an empty feature axis");
    }
    override call(x: Tensor): Tensor { return x; }
  }
  const l = new Fragile();
  throws(() => l.apply(ops.ones([2, 0])), ValueError, "empty feature axis");
  expect([l.built, l.weights.length]).toEqual([false, 0]);
  l.apply(ops.ones([2, 3]));
  expect(l.weights.map((w) => w.shape)).toEqual([[3]]);
});

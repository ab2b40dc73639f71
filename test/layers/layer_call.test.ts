// apply(): masks, activity regularization against Keras 3.16's numbers,
// losses with weight-regularizer terms, errors naming the layer, and the
// call-based computeOutputSpec.
import { beforeEach, describe, expect, test } from "vitest";
import { Layer, type CallOptions } from "../../src/layers/layer.js";
import { getKerasMask, setKerasMask } from "../../src/layers/masking.js";
import { L1, L2 } from "../../src/regularizers/index.js";
import { tensor } from "../../src/ops/convert.js";
import * as ops from "../../src/ops/index.js";
import { ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import type { Tensor } from "../../src/tensor.js";
import { throws } from "../helpers/expect.js";
import { TestDense, fixture } from "./test_layers.js";

beforeEach(() => clearSession());

describe("masking (test_masking)", () => {
  class BasicMasked extends Layer {
    masks: unknown[] = [];
    constructor() { super(); this.supportsMasking = true; }
    override call(x: unknown, { mask }: CallOptions = {}): unknown { this.masks.push(mask); return x; }
  }
  const mask = tensor([1, 1, 0, 1], null, "bool");
  test("an attached mask fills `mask`; an explicit one wins", () => {
    const layer = new BasicMasked();
    const x = ops.ones([4, 4]);
    setKerasMask(x, mask);
    layer.apply(x);
    expect(layer.masks[0]).toBe(mask);
    const other = tensor([0, 0, 0, 1], null, "bool");
    layer.apply(ops.ones([4, 4]), { mask: other });
    expect(layer.masks[1]).toBe(other);
    layer.apply(ops.ones([4, 4]));
    expect(layer.masks[2]).toBeUndefined();
  });
  test("nested inputs get a nested mask", () => {
    const layer = new BasicMasked();
    const [x1, x2] = [ops.ones([4, 4]), ops.ones([4, 4])];
    const [m1, m2] = [tensor([1, 0, 1, 1], null, "bool"), tensor([1, 1, 1, 0], null, "bool")];
    setKerasMask(x1, m1);
    setKerasMask(x2, m2);
    layer.apply([x1, x2]);
    expect(layer.masks[0]).toEqual([m1, m2]);
    layer.apply({ x1, x2 });
    expect(layer.masks[1]).toEqual({ x1: m1, x2: m2 });
  });
  test("the output gets the mask (computeMask), even if call unset it (MaskUnsetDuringCallLayer)", () => {
    class Unset extends Layer {
      constructor() { super(); this.supportsMasking = true; }
      override call(x: Tensor): Tensor { setKerasMask(x, null); return x; }
    }
    const x = ops.ones([4, 4]);
    setKerasMask(x, mask);
    const y = new Unset().apply(x);
    expect(getKerasMask(y)).toBe(mask);
  });
  test("supportsMasking defaults to whether computeMask is overridden; a custom computeMask is used", () => {
    class Custom extends Layer {
      override call(x: Tensor): Tensor { return ops.multiply(x, 2); }
      override computeMask(x: Tensor): Tensor { return ops.notEqual(x, 0); }
    }
    const layer = new Custom();
    expect(layer.supportsMasking).toBe(true);
    const y = layer.apply(tensor([[0, 1]]));
    expect(getKerasMask(y)!.toArray()).toEqual([[0, 1]]);
    expect(new Layer().supportsMasking).toBe(false);
  });
});

describe("activity regularization vs numerics/activity_regularization.json", () => {
  interface Arr { shape: number[]; values: number[] }
  const f = fixture<{ x_full: Arr; kernel: Arr; bias: Arr; cases: { layer: string; batch: number; output: Arr; losses: Arr[] }[]; two_calls_same_layer_losses: Arr[] }>(
    "numerics/activity_regularization.json");
  const rows = (a: Arr, n: number): number[][] =>
    Array.from({ length: n }, (_, i) => a.values.slice(i * a.shape[1]!, (i + 1) * a.shape[1]!));
  const dense = (reg: unknown): TestDense => {
    const d = new TestDense(3, { activityRegularizer: reg });
    d.build([null, 2]);
    d.setWeights([rows(f.kernel, 2), f.bias.values]);
    return d;
  };
  for (const c of f.cases.filter((c) => c.layer.startsWith("Dense"))) {
    test(`${c.layer}, batch ${c.batch}`, () => {
      const d = dense(c.layer.includes("L2") ? new L2(0.1) : new L1(0.1));
      const x = c.batch === 0 ? ops.zeros([0, 2]) : tensor(rows(f.x_full, c.batch));
      const y = d.apply(x);
      expect(y.shape).toEqual(c.output.shape);
      expect(Array.from(y.data)).toEqual(c.output.values);
      expect(d.losses.map((l) => l.item())).toEqual(c.losses.map((l) => l.values[0]));
      expect(d.losses[0]!.dtype).toBe("float32");
    });
  }
  test("two calls on one layer: losses replaced, not accumulated", () => {
    const d = dense(new L2(0.1));
    d.apply(tensor(rows(f.x_full, 5)));
    d.apply(tensor(rows(f.x_full, 5)));
    expect(d.losses.map((l) => l.item())).toEqual(f.two_calls_same_layer_losses.map((l) => l.values[0]));
  });
});

describe("losses", () => {
  test("own, then sub-layers', then trainable weights' regularizer terms, recomputed from current values", () => {
    class Outer extends Layer {
      inner = new TestDense(1, { kernelInitializer: "ones", kernelRegularizer: new L2(0.5), name: "inner" });
      override call(x: Tensor): Tensor { this.addLoss(7); return this.inner.apply(x); }
    }
    class Adds extends Layer {
      override call(x: Tensor): Tensor { this.addLoss(ops.sum(x)); return x; }
    }
    const outer = new Outer();
    const adds = new Adds();
    outer.apply(adds.apply(tensor([[1, 2]])));
    expect(outer.losses.map((l) => l.item())).toEqual([7, 0.5 * 2]); // own added loss, then 0.5 * sum(k^2)
    outer.inner.kernel.assign([[2], [2]]);
    expect(outer.losses.map((l) => l.item())).toEqual([7, 0.5 * 8]);
    outer.inner.kernel.trainable = false;
    expect(outer.losses.map((l) => l.item())).toEqual([7]); // absent when not trainable
    outer.trainable = false;
    expect(outer.losses.length).toBe(1);
    throws(() => outer.addLoss("x"), ValueError, "`addLoss()` can only be called from inside `build()` or `call()`, on a tensor input");
  });
  test("nested calls do not clear; the outermost call does", () => {
    class Adds extends Layer {
      override call(x: Tensor): Tensor { this.addLoss(1); return x; }
    }
    class Twice extends Layer {
      a = new Adds();
      override call(x: Tensor): Tensor { return this.a.apply(this.a.apply(x)); }
    }
    const t = new Twice();
    t.apply(ops.ones([1]));
    expect(t.losses.length).toBe(2);
    t.apply(ops.ones([1]));
    expect(t.losses.length).toBe(2);
  });
  // The outermost call skips clearing while no layer holds added losses;
  // these sequences must still clear what is held (Keras: each outermost
  // __call__ starts from no added losses).
  test("losses are still cleared after statelessCall, and after a clear that left another layer holding some", () => {
    class Adds extends Layer {
      override call(x: Tensor): Tensor { this.addLoss(1); return x; }
    }
    const a = new Adds();
    const b = new Adds();
    a.apply(ops.ones([1]));
    b.apply(ops.ones([1])); // a and b each hold one
    const [, , inner] = a.statelessCall([], [], ops.ones([1]), { returnLosses: true }) as [Tensor, Tensor[], Tensor[]];
    expect([inner.length, a.losses.length]).toEqual([1, 1]); // a's own loss put back
    a.apply(ops.ones([1]));
    expect(a.losses.length).toBe(1); // cleared, then one added
    b.apply(ops.ones([1]));
    expect(b.losses.length).toBe(1);
    const plain = new Layer();
    plain.call = (x: Tensor) => x;
    plain.apply(ops.ones([1]));
    a.apply(ops.ones([1]));
    expect([a.losses.length, b.losses.length]).toEqual([1, 1]);
  });
});

test("an error thrown in call is re-thrown naming the layer (innermost only)", () => {
  class Boom extends Layer {
    override call(): never { throw new ValueError("bad thing"); }
  }
  class Wrap extends Layer {
    b = new Boom({ name: "boom" });
    override call(x: Tensor): Tensor { return this.b.apply(x); }
  }
  let err: unknown;
  try { new Wrap({ name: "wrap" }).apply(ops.ones([2, 2])); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(ValueError);
  const msg = (err as Error).message;
  expect(msg).toMatch("Exception encountered when calling Boom.call() on layer 'boom'.");
  expect(msg).toMatch("bad thing");
  expect(msg).toMatch("inputs=Tensor(shape=(2, 2), dtype=float32)");
  expect(msg).not.toMatch("layer 'wrap'");
});

test("non-tensor inputs: nested arrays become tensors; other values are rejected", () => {
  class Id extends Layer {
    override call(x: unknown): unknown { return x; }
  }
  const y = new Id().apply([[1, 2]]) as Tensor;
  expect([y.shape, y.dtype]).toEqual([[1, 2], "float32"]);
  throws(() => new Id({ name: "id" }).apply({ a: "text" }), ValueError, "Only input tensors may be passed as positional arguments", "layer 'id'");
});

test("computeOutputSpec without computeOutputShape runs call on zeros (no side effects)", () => {
  class Counter extends Layer {
    n = this.addWeight({ shape: [], initializer: "zeros", trainable: false });
    override call(x: Tensor): Tensor { this.n.assignAdd(1); this.addLoss(1); return ops.sum(x, -1); }
  }
  const c = new Counter();
  expect(c.computeOutputSpec({ shape: [null, 3, 4], dtype: "float32" })).toEqual({ shape: [null, 3], dtype: "float32" });
  expect([c.n.toArray(), c.losses.length]).toEqual([0, 0]);
});

// apply reads a layer's state directly when no class or instance redefines
// the properties a call reads; a layer that does must still be obeyed.
describe("a layer's own accessors for the call-path properties are honoured", () => {
  class Id extends Layer {
    override call(x: Tensor): Tensor { return x; }
  }
  test("an autocast getter returning false keeps a float64 input (the base policy would cast it to float32)", () => {
    class NoCast extends Id {
      override get autocast(): boolean { return false; }
    }
    expect((new Id().apply(tensor([1.5], null, "float64")) as Tensor).dtype).toBe("float32");
    expect((new NoCast().apply(tensor([1.5], null, "float64")) as Tensor).dtype).toBe("float64");
  });
  test("an instance-defined supportsMasking accessor decides whether the mask is propagated", () => {
    const mask = tensor([1, 0], null, "bool");
    class Copy extends Layer {
      constructor() { super(); this.supportsMasking = false; }
      override call(x: Tensor): Tensor { return ops.add(x, 0); } // a new tensor, without the input's mask
    }
    const layer = new Copy();
    Object.defineProperty(layer, "supportsMasking", { get: () => true, configurable: true });
    const x = ops.ones([2]);
    setKerasMask(x, mask);
    expect(getKerasMask(layer.apply(x) as Tensor)).toBe(mask);
  });
});

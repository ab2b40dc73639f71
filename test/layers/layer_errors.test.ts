// Errors that say where (issue 12): the layer, the weight, the argument and
// the closest valid name; cycles between layers; flag and inputSpec checks;
// the standalone DTypePolicy JSON; the nesting limit of deserialization.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { Layer } from "../../src/layers/layer.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";
import type { Variable } from "../../src/variables.js";
import { closestName, unknownIdentifierMessage } from "../../src/utils/suggest.js";
import { throws } from "../helpers/expect.js";
import { fixture } from "./test_layers.js";

const { ops } = keras;
beforeEach(() => keras.clearSession());

describe("closest names", () => {
  test("camelCase of a snake_case key, else within a few edits, else none", () => {
    expect(closestName("input_shape", ["inputShape", "name"])).toBe("inputShape");
    expect(closestName("glorot_unifrom", ["glorot_uniform", "glorot_normal", "zeros"])).toBe("glorot_uniform");
    expect(closestName("nmae", ["name", "dtype"])).toBe("name"); // one swap
    expect(closestName("completely_else", ["name", "dtype"])).toBe(null);
  });
  test("one message for every identifier lookup: Keras's sentence, the hint, the valid names", () => {
    expect(unknownIdentifierMessage("initializer", "zeroes", ["zeros", "ones"])).toBe(
      "Could not interpret initializer identifier: zeroes. Did you mean 'zeros'? Valid names: 'ones', 'zeros'.");
    for (const [get, typo, fix] of [
      [keras.initializers.get, "glorot_unifrom", "glorot_uniform"], [keras.regularizers.get, "l1_l2", "l1l2"],
      [keras.constraints.get, "max_nrom", "max_norm"],
    ] as const) {
      throws(() => get(typo), ValueError, `identifier: ${typo}. Did you mean '${fix}'?`, "Valid names: ");
    }
  });
});

describe("addWeight names the layer and the weight", () => {
  class Probe extends Layer {
    make(options: Record<string, unknown>): Variable { return this.addWeight(options as never); }
  }
  test("a misspelt initializer", () => {
    throws(() => new Probe({ name: "probe" }).make({ shape: [2], initializer: "glorot_unifrom", name: "kernel" }), ValueError,
      "addWeight on layer 'probe', weight 'kernel': Could not interpret initializer identifier: glorot_unifrom. Did you mean 'glorot_uniform'?",
      "'he_normal'");
  });
  test("a bad shape", () => {
    throws(() => new Probe({ name: "probe" }).make({ shape: [2, -1], name: "kernel" }), ValueError,
      "addWeight on layer 'probe', weight 'kernel': ", "Cannot convert '(2, -1)' to a shape");
  });
  test("flags must be booleans (trainable: 'x' was accepted)", () => {
    throws(() => new Probe({ name: "probe" }).make({ shape: [2], trainable: "x", name: "b" }), ValueError,
      "addWeight on layer 'probe', weight 'b'", "Expected `trainable` to be a boolean. Received: trainable=\"x\"");
    throws(() => new Probe().make({ autocast: 1 }), ValueError, "Expected `autocast` to be a boolean");
  });
  test("a snake_case or misspelt option", () => {
    throws(() => new Probe({ name: "probe" }).make({ shape: [2], kernel_initializer: "ones" }), KerasTypeError,
      "Unrecognized keyword arguments passed to addWeight on layer 'probe': {'kernel_initializer': 'ones'}", "Valid options: `shape`, `initializer`");
    throws(() => new Probe().make({ shape: [2], trainabel: true, initialiser: "ones" }), KerasTypeError, "Did you mean `trainable` for `trainabel`? Did you mean `initializer` for `initialiser`?");
  });
  test("nothing is tracked after a failed addWeight", () => {
    const p = new Probe();
    expect(() => p.make({ shape: [2], initializer: "nope" })).toThrow();
    expect(p.weights).toEqual([]);
  });
});

describe("layer constructor options", () => {
  test("snake_case options: Keras's message, then the camelCase spelling", () => {
    throws(() => new Layer({ input_shape: [2] } as never), ValueError,
      "Unrecognized keyword arguments passed to Layer: {'input_shape': [2]}. Did you mean `inputShape`?");
    // A subclass's own option spelt the Python way reaches Layer unknown: the camelCase form is still suggested.
    class Dense extends Layer {
      constructor({ kernelInitializer, ...options }: { kernelInitializer?: string } & Record<string, unknown> = {}) {
        super(options);
        void kernelInitializer;
      }
    }
    throws(() => new Dense({ kernel_initializer: "ones" }), ValueError,
      "Unrecognized keyword arguments passed to Dense: {'kernel_initializer': 'ones'}. Did you mean `kernelInitializer`?");
    throws(() => new Layer({ nmae: "a" } as never), ValueError, "Did you mean `name`?");
  });
  test("trainable and inputSpec setters reject what Keras rejects", () => {
    const l = new Layer({ name: "l" });
    throws(() => { l.trainable = "x" as never; }, ValueError, "Expected `trainable` to be a boolean. Received: trainable=\"x\" (of type string) on layer 'l'");
    expect(l.trainable).toBe(true);
    throws(() => { l.inputSpec = "x"; }, KerasTypeError, "inputSpec must be an instance of InputSpec", "\"x\"", "layer 'l'");
    throws(() => { l.inputSpec = [new keras.InputSpec({ ndim: 2 }), 3]; }, KerasTypeError, "Got: 3");
    l.inputSpec = [new keras.InputSpec({ ndim: 2 }), null];
    l.inputSpec = null;
    expect(l.inputSpec).toBe(null);
  });
  test("apply(undefined) names the layer", () => {
    class Double extends Layer { override call(x: Tensor): Tensor { return ops.multiply(x, 2); } }
    const d = new Double({ name: "double" });
    throws(() => d.apply(undefined), KerasTypeError, "Double.apply() on layer 'double': missing a required argument: 'inputs'", "received undefined");
    throws(() => d.apply(null), KerasTypeError, "received null");
    expect(d.built).toBe(false);
  });
});

describe("a layer referring back to its parent (a cycle)", () => {
  class Block extends Layer {
    w: Variable;
    owner: Layer | null = null;
    constructor() { super(); this.w = this.addWeight({ shape: [2], initializer: "ones", regularizer: "l2", name: "w" }); }
    override call(x: Tensor): Tensor { this.addLoss(1); return ops.multiply(x, this.w); }
  }
  class Parent extends Layer {
    block: Block;
    v: Variable;
    constructor() {
      super();
      this.block = new Block();
      this.block.owner = this; // the back reference
      this.v = this.addWeight({ shape: [], initializer: "zeros", trainable: false, name: "v" });
    }
    override call(x: Tensor): Tensor { return this.block.apply(x); }
  }
  test("apply, weights, variables, losses, metrics, trainable = false terminate, each weight once", () => {
    const p = new Parent();
    expect(p.apply(ops.ones([1, 2])).toArray()).toEqual([[1, 1]]);
    expect(p.weights).toEqual([p.v, p.block.w]);
    expect(p.variables).toEqual([p.v, p.block.w]);
    expect(p.block.weights).toEqual([p.block.w, p.v]);
    // addLoss(1) once, plus l2 (0.01 * (1 + 1)) of the one regularized weight.
    expect(p.losses.map((t) => t.item())).toEqual([1, Math.fround(0.02)]);
    expect(p.metrics).toEqual([]);
    p.trainable = false;
    expect([p.trainable, p.block.trainable, p.block.w.trainable, p.trainableWeights]).toEqual([false, false, false, []]);
    expect(p._flattenLayers().length).toBe(2);
    expect(p.countParams()).toBe(3);
  });
});

describe("DTypePolicy as a standalone object (configs/dtype_policy_*.json)", () => {
  for (const name of ["float32", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16"]) {
    test(name, () => {
      const f = fixture<Record<string, unknown>>(`configs/dtype_policy_${name}.json`);
      expect(keras.saving.serializeKerasObject(new keras.DTypePolicy(name))).toEqual(f);
      const back = keras.saving.deserializeKerasObject(f) as keras.DTypePolicy;
      expect(back).toBeInstanceOf(keras.DTypePolicy);
      expect(back.name).toBe(name);
    });
  }
});

describe("deserializeKerasObject: nesting limit", () => {
  test("a 20k-deep config gives a clear error, not a stack overflow; 100 deep still works", () => {
    const policy = { module: "keras", class_name: "DTypePolicy", config: { name: "float16" }, registered_name: null };
    let deep: unknown = policy;
    for (let i = 0; i < 20000; i++) deep = { inner: deep };
    throws(() => keras.saving.deserializeKerasObject(deep), ValueError, "nested more than 256 levels");
    let ok: unknown = policy;
    for (let i = 0; i < 100; i++) ok = [ok];
    let out = keras.saving.deserializeKerasObject(ok);
    for (let i = 0; i < 100; i++) out = (out as unknown[])[0];
    expect((out as keras.DTypePolicy).name).toBe("float16");
    // and the depth counter recovered after the error
    expect(keras.saving.deserializeKerasObject(policy)).toBeInstanceOf(keras.DTypePolicy);
  });
  test("a cyclic object to serializeKerasObject", () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    throws(() => keras.saving.serializeKerasObject(cyc), ValueError, "refers to itself");
  });
});

// InputSpec: config against the Keras 3.16 fixtures, and each check of
// Keras's input_spec.py in its order, with its message.
import { describe, expect, test } from "vitest";
import { InputSpec, assertInputCompatibility } from "../../src/layers/input_spec.js";
import { Layer } from "../../src/layers/layer.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/serialization.js";
import * as ops from "../../src/ops/index.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";
import { throws } from "../helpers/expect.js";
import { fixture } from "./test_layers.js";

const check = (spec: unknown, x: unknown): void => assertInputCompatibility(spec, x, "x");

describe("config", () => {
  const spec = new InputSpec({ ndim: 2, axes: { [-1]: 3 } });
  test("getConfig == input_spec_get_config.json (camelCase keys)", () => {
    const f = fixture<Record<string, unknown>>("configs/input_spec_get_config.json");
    expect(spec.getConfig()).toEqual({ dtype: f.dtype, shape: f.shape, ndim: f.ndim, maxNdim: f.max_ndim, minNdim: f.min_ndim, axes: f.axes, optional: f.optional });
    expect(Object.keys(spec.getConfig())).toEqual(["dtype", "shape", "ndim", "maxNdim", "minNdim", "axes", "optional"]);
  });
  test("serializeKerasObject == input_spec_serialized.json; and back", () => {
    const f = fixture("configs/input_spec_serialized.json");
    expect(serializeKerasObject(spec)).toEqual(f);
    const back = deserializeKerasObject(f) as InputSpec;
    expect(back).toBeInstanceOf(InputSpec);
    expect(back.axes.get(-1)).toBe(3);
    expect(back.getConfig()).toEqual(spec.getConfig());
  });
  test("shape implies ndim; toString; bad arguments", () => {
    const s = new InputSpec({ shape: [null, 3] });
    expect(s.ndim).toBe(2);
    expect(String(new InputSpec({ ndim: 2, axes: { [-1]: 3 } }))).toBe("InputSpec(ndim=2, axes={-1: 3})");
    throws(() => new InputSpec({ axes: { a: 3 } as never }), KerasTypeError, "Argument `axes` must be a dict with integer keys. Received: axes={'a': 3}");
    throws(() => new InputSpec({ ndim: 2, axes: { 2: 3 } }), ValueError, "Axis 2 is greater than the maximum allowed value: 1");
    throws(() => new InputSpec({ ndimm: 2 } as never), ValueError, "ndimm");
  });
});

describe("assertInputCompatibility: Keras's checks and messages", () => {
  const x234 = ops.ones([2, 3, 4]);
  test("ndim", () => {
    throws(() => check(new InputSpec({ ndim: 2 }), x234), ValueError,
      'Input 0 of layer "x" is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (2, 3, 4)');
    check(new InputSpec({ ndim: 3 }), x234);
  });
  test("max_ndim, min_ndim", () => {
    throws(() => check(new InputSpec({ maxNdim: 2 }), x234), ValueError, "expected max_ndim=2, found ndim=3");
    throws(() => check(new InputSpec({ minNdim: 4 }), x234), ValueError, "expected min_ndim=4, found ndim=3. Full shape received: (2, 3, 4)");
  });
  test("dtype", () => {
    throws(() => check(new InputSpec({ dtype: "int32" }), x234), ValueError, "expected dtype=int32, found dtype=float32");
  });
  test("axes", () => {
    throws(() => check(new InputSpec({ axes: { [-1]: 3 } }), x234), ValueError, "expected axis -1 of input shape to have value 3, but received input with shape (2, 3, 4)");
    check(new InputSpec({ axes: { 1: 3, [-1]: 4 } }), x234);
    throws(() => check(new InputSpec({ axes: { 5: 3 } }), x234), ValueError, "axis 5 is out of bounds for an input with ndim=3");
  });
  test("shape (null matches anything), allowLastAxisSqueeze", () => {
    check(new InputSpec({ shape: [null, 3, 4] }), x234);
    throws(() => check(new InputSpec({ shape: [null, 3, 5] }), x234), ValueError, "expected shape=(None, 3, 5), found shape=(2, 3, 4)");
    const sq = new InputSpec({ shape: [null, 3, 1], allowLastAxisSqueeze: true });
    check(sq, ops.ones([2, 3]));
    check(new InputSpec({ shape: [null, 3], allowLastAxisSqueeze: true }), ops.ones([2, 3, 1]));
  });
  test("order: ndim is checked before dtype", () => {
    throws(() => check(new InputSpec({ ndim: 2, dtype: "int32" }), x234), ValueError, "expected ndim=2");
  });
  test("lists, named dicts, optional, non-tensors", () => {
    const a = new InputSpec({ ndim: 2, name: "a" });
    const b = new InputSpec({ ndim: 3, name: "b" });
    check([a, b], [ops.ones([1, 2]), x234]);
    check([a, b], { b: x234, a: ops.ones([1, 2]) });
    throws(() => check([a, b], { a: ops.ones([1, 2]) }), ValueError, `Missing data for input "b". You passed a data dictionary with keys ['a']. Expected the following keys: ['a', 'b']`);
    throws(() => check([new InputSpec({ ndim: 2 })], [x234, x234]), ValueError, 'Layer "x" expects 1 input(s), but it received 2 input tensors.');
    throws(() => check([a, b], [x234, x234]), ValueError, "Input 0 with name 'a' of layer \"x\" is incompatible with the layer: expected ndim=2, found ndim=3");
    check(new InputSpec({ ndim: 2, optional: true }), null);
    throws(() => check(new InputSpec({ ndim: 2 }), "text"), ValueError, "Inputs to a layer should be tensors. Got '\"text\"' (of type string) as input for layer 'x'.");
  });
});

test("a layer checks its inputSpec before building, and the layer stays unbuilt", () => {
  class Spec extends Layer {
    // @ts-expect-error TS2610 (TS forbids a field over an accessor; in JS, a class field like this goes through the setter)
    inputSpec = new InputSpec({ ndim: 2 });
    override build(shape: number[]): void { this.addWeight({ shape: [shape[1]!] }); }
    override call(x: Tensor): Tensor { return x; }
  }
  const layer = new Spec({ name: "spec" });
  expect(layer.inputSpec).toBeInstanceOf(InputSpec);
  throws(() => layer.apply(ops.ones([2, 3, 4])), ValueError, 'Input 0 of layer "spec" is incompatible with the layer: expected ndim=2, found ndim=3');
  expect([layer.built, layer.weights.length]).toEqual([false, 0]);
  layer.apply(ops.ones([2, 3]));
  expect(layer.weights.length).toBe(1);
});

test("build can set the inputSpec; it is checked again after build", () => {
  class Late extends Layer {
    override build(shape: number[]): void { this.inputSpec = new InputSpec({ axes: { [-1]: shape[shape.length - 1]! } }); }
    override call(x: Tensor): Tensor { return x; }
  }
  const layer = new Late({ name: "late" });
  layer.apply(ops.ones([2, 3]));
  throws(() => layer.apply(ops.ones([2, 4])), ValueError, 'Input 0 of layer "late"', "expected axis -1 of input shape to have value 3");
});

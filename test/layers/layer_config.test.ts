// Names, constructor options, getConfig / fromConfig / registry, and the
// shared runLayerTest on the layers that exist so far.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { Layer } from "../../src/layers/layer.js";
import { L2 } from "../../src/regularizers/index.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/serialization.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";
import { clearSession } from "../../src/utils/session.js";
import type { Tensor } from "../../src/tensor.js";
import { throws } from "../helpers/expect.js";
import { runLayerTest } from "../helpers/run_layer_test.js";
import { TestDense, fixture } from "./test_layers.js";

beforeEach(() => clearSession());

describe("names", () => {
  test("snake_case of the class name (Keras's to_snake_case)", () => {
    class HTTPServerLayer extends Layer {}
    class Conv2D extends Layer {}
    class My2DLayerV2 extends Layer {}
    expect([new HTTPServerLayer().name, new Conv2D().name, new My2DLayerV2().name]).toEqual(["http_server_layer", "conv2d", "my2d_layer_v2"]);
  });
  test("one global counter per name; explicit names kept; clearSession resets", () => {
    class Dense extends Layer {}
    expect([new Dense().name, new Dense().name, new Dense({ name: "dense" }).name, new Dense().name]).toEqual(["dense", "dense_1", "dense", "dense_2"]);
    keras.clearSession();
    expect(new Dense().name).toBe("dense");
    keras.utils.clearSession();
    expect(new Dense().name).toBe("dense");
    keras.backend.clearSession();
    expect(new Dense().name).toBe("dense");
  });
  test("static className overrides the JS class name (minified bundles)", () => {
    const Minified = class a extends Layer { static override className = "MyBlock"; };
    expect(new Minified().name).toBe("my_block");
    expect((serializeKerasObject(new Minified()) as { class_name: string }).class_name).toBe("MyBlock");
  });
});

describe("constructor options", () => {
  test("defaults", () => {
    const l = new Layer();
    expect([l.trainable, l.built, l.dtype, l.variableDtype, l.computeDtype, l.autocast, l.inputSpec, l.supportsMasking]).toEqual(
      [true, false, "float32", "float32", "float32", true, null, false]);
    expect(l.dtypePolicy.name).toBe("float32");
    expect(String(l)).toBe("<Layer name=layer, built=false>");
  });
  test("unknown options are rejected by name", () => {
    throws(() => new Layer({ units: 3 } as never), ValueError, "Unrecognized keyword arguments passed to Layer: {'units': 3}");
  });
  test("trainable must be a boolean", () => {
    throws(() => new Layer({ trainable: 1 as never }), ValueError, "Expected `trainable` to be a boolean. Received: trainable=1 (of type number)");
  });
  test("name: a string without '/'", () => {
    throws(() => new Layer({ name: "a/b" }), ValueError, "cannot contain character `/`", 'name="a/b"');
    throws(() => new Layer({ name: 3 as never }), ValueError, "Argument `name` must be a string", "of type number");
  });
  test("dtype, activityRegularizer, inputShape", () => {
    expect(new Layer({ dtype: "int32" }).computeDtype).toBe("int32");
    throws(() => new Layer({ dtype: "float64x" }), ValueError, "float64x");
    expect(new Layer({ activityRegularizer: "l2" }).activityRegularizer).toBeInstanceOf(L2);
    throws(() => new Layer({ activityRegularizer: "nope" }), ValueError, "Could not interpret regularizer identifier: nope");
    expect(new Layer({ inputShape: [null, 3] })._inputShapeArg).toEqual([null, 3]);
    expect(new Layer({ inputDim: 4 })._inputShapeArg).toEqual([4]);
    throws(() => new Layer("x" as never), KerasTypeError, "expected an options object");
  });
});

describe("config", () => {
  test("bare Layer config == layer_configs/layer_base.json, camelCase keys", () => {
    const f = fixture<Record<string, unknown>>("layer_configs/layer_base.json");
    const config = new Layer({ name: "base" }).getConfig();
    expect(config).toEqual({ name: f.name, activityRegularizer: f.activity_regularizer, trainable: f.trainable, dtype: f.dtype, autocast: f.autocast });
    expect(Object.keys(config)).toEqual(["name", "activityRegularizer", "trainable", "dtype", "autocast"]);
  });
  test("serializeKerasObject(Layer) == configs/layer_base.json, and back", () => {
    const f = fixture("configs/layer_base.json");
    expect(serializeKerasObject(new Layer({ name: "base" }))).toEqual(f);
    const back = deserializeKerasObject(f) as Layer;
    expect(back).toBeInstanceOf(Layer);
    expect(back.name).toBe("base");
    expect(back.getConfig()).toEqual(new Layer({ name: "base" }).getConfig());
  });
  test("subclasses: name, trainable, dtype, then their own keys; activityRegularizer only when set", () => {
    const c = new TestDense(3, { name: "d", trainable: false }).getConfig();
    expect(Object.keys(c)).toEqual(["name", "trainable", "dtype", "units", "useBias", "kernelInitializer"]);
    expect(c.trainable).toBe(false);
    const r = new TestDense(3, { activityRegularizer: new L2(0.5) }).getConfig();
    expect(r.activityRegularizer).toEqual(fixture("configs/reg_L2_0.5.json"));
  });
  test("build_config of a built layer ({'input_shape': [null, 2]} as in dense_built.json)", () => {
    const d = new TestDense(3);
    d.build([null, 2]);
    const s = serializeKerasObject(d) as Record<string, unknown>;
    expect(s.build_config).toEqual((fixture("configs/dense_built.json") as Record<string, unknown>).build_config);
    const back = deserializeKerasObject(JSON.parse(JSON.stringify(s))) as TestDense;
    expect(back.built).toBe(true);
    expect(back.kernel.shape).toEqual([2, 3]);
  });
  test("an unregistered class: the error says how to register it", () => {
    class Unknown extends Layer {}
    const s = JSON.parse(JSON.stringify(serializeKerasObject(new Unknown())));
    throws(() => deserializeKerasObject(s), KerasTypeError, "registerKerasSerializable");
    keras.saving.registerKerasSerializable(Unknown, { package: "mine" });
    expect(deserializeKerasObject(serializeKerasObject(new Unknown()))).toBeInstanceOf(Unknown);
  });
});

describe("runLayerTest", () => {
  test("TestDense", () => {
    runLayerTest(TestDense, {
      initKwargs: { units: 3 }, inputShape: [2, 4], expectedOutputShape: [2, 3], expectedOutputDtype: "float32",
      expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0,
      supportsMasking: false, invalidInputs: [keras.ops.ones([2]), "text"],
    });
  });
  test("TestDense with a kernel regularizer: one loss per read", () => {
    runLayerTest(TestDense, {
      initKwargs: { units: 2, kernelInitializer: "ones", kernelRegularizer: "l2" },
      inputData: keras.tensor([[1, 2]]), expectedOutput: [[3, 3]], expectedNumLosses: 1,
    });
  });
  test("the bare Layer (no call)", () => {
    runLayerTest(Layer, { initKwargs: { name: "base" } });
  });
  test("a layer without weights", () => {
    class Double extends Layer {
      override call(x: Tensor): Tensor { return keras.ops.multiply(x, 2); }
    }
    runLayerTest(Double, {
      inputData: keras.tensor([[1, -2]]), expectedOutput: [[2, -4]], expectedNumTrainableWeights: 0,
      expectedOutputShape: [1, 2], customObjects: { Double },
    });
  });
  test("the helper can fail: a wrong expected count is caught", () => {
    expect(() => runLayerTest(TestDense, { initKwargs: { units: 3 }, inputShape: [2, 4], expectedNumTrainableWeights: 1 })).toThrow(/trainableWeights/);
    expect(() => runLayerTest(TestDense, { initKwargs: { units: 3 }, inputShape: [2, 4], expectedOutputShape: [2, 4] })).toThrow(/expected shape/);
  });
});

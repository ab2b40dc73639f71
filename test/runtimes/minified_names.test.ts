// The published bundle is minified without keeping function names (see
// scripts/bundle.mjs): every name a user sees must come from Keras's names,
// never from a JS identifier the minifier renamed. This runs the Node
// bundle itself (dist/keras-wasm.node.js, built by `npm run build`).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, test } from "vitest";

type Keras = typeof import("../../src/index.js");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let keras: Keras;

beforeAll(async () => {
  keras = (await import(join(root, "dist", "keras-wasm.node.js"))) as Keras;
});

test("built-in loss and metric functions passed to compile() get Keras's names (their Python __name__)", async () => {
  const m = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
  m.compile({ optimizer: "sgd", loss: keras.losses.meanSquaredError, metrics: [keras.metrics.binaryAccuracy, keras.losses.meanAbsoluteError, keras.losses.meanSquaredError] });
  const logs = (await m.evaluate([[1, 2]], [[1]], { returnDict: true, verbose: 0 })) as Record<string, number>;
  expect(Object.keys(logs).sort()).toEqual(["binary_accuracy", "loss", "mean_absolute_error", "mean_squared_error"]);
});

test("auto-names, summary rows and serialized class names of built-in classes are Keras's", () => {
  keras.clearSession();
  const dense = new keras.layers.Dense(1);
  expect(dense.name).toBe("dense");
  expect(new keras.layers.BatchNormalization().name).toBe("batch_normalization");
  expect(new keras.losses.MeanSquaredError().name).toBe("mean_squared_error");
  expect(new keras.metrics.SparseCategoricalAccuracy().name).toBe("sparse_categorical_accuracy");
  expect(new keras.optimizers.AdamW().name).toBe("adam_w");
  const ser = keras.saving.serializeKerasObject(dense) as { class_name: string; module: string };
  expect([ser.module, ser.class_name]).toEqual(["keras.layers", "Dense"]);
  const model = new keras.Sequential([keras.Input({ shape: [3] }), new keras.layers.Dense(2)]);
  expect(model.summary({ printFn: () => {} })).toMatch(/dense_1 \(Dense\)/);
  // Classes that are not serialized name themselves too.
  expect(new keras.Model().name).toBe("model");
  class MyModel extends keras.Model {}
  expect(new MyModel().name).toBe("my_model"); // a user's class: its own JS name
  expect(() => new keras.callbacks.EarlyStopping().model).toThrow(/^EarlyStopping: no model is attached/);
});

test("errors are named as Python names the exceptions", () => {
  try {
    keras.ops.matmul(keras.ops.ones([2, 3]), keras.ops.ones([2, 3]));
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(keras.ValueError);
    expect((e as Error).name).toBe("ValueError");
    expect(String(e)).toMatch(/^ValueError: ops\.matmul: Inner dimensions/);
  }
  expect(keras.ValueError.name).toBe("ValueError");
  expect(keras.KerasTypeError.name).toBe("KerasTypeError");
  // Received values are described by their class: "Tensor of shape (2,)".
  expect(() => keras.saving.registerKerasSerializable(keras.tensor([1, 2]) as never)).toThrow(/received Tensor of shape \(2,\)/);
});

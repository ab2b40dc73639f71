// Bad input (Keras's wording, weights unchanged), callbacks (ported from
// keras/src/callbacks/*_test.py where backend-independent), Sequential.
import { expect, test } from "vitest";
import * as keras from "../../src/index.js";
const { layers, callbacks } = keras;

const small = () => {
  const m = new keras.Sequential([new layers.InputLayer({ shape: [2] }), new layers.Dense(1, { kernelInitializer: "ones" })]);
  return m;
};

test("fit before compile, unknown names, mismatched lengths: Keras's errors, weights unchanged", async () => {
  const m = small();
  const before = m.getWeights().map((t) => t.toArray());
  await expect(m.fit([[1, 2]], [[1]])).rejects.toThrow("You must call `compile()` before calling `fit()`.");
  expect(() => m.compile({ optimizer: "adamm", loss: "mse" })).toThrow("Could not interpret optimizer identifier: adamm");
  expect(() => m.compile({ optimizer: "sgd", loss: "msee" })).toThrow("Could not interpret loss identifier: msee");
  expect(() => m.compile({ optimizer: "sgd", loss: "mse", metrics: ["acuracy"] })).toThrow("Could not interpret metric identifier: acuracy");
  m.compile({ optimizer: "sgd", loss: "mse" });
  await expect(m.fit([[1, 2], [3, 4]], [[1]], { verbose: 0 })).rejects.toThrow("Data cardinality is ambiguous");
  await expect(m.fit([[1, 2]], [[1]], { verbose: 0, epocs: 2 } as never)).rejects.toThrow("unrecognized option 'epocs'");
  await expect(m.fit([[1, 2]], [[1]], { verbose: 0, classWeight: { 0: 1 }, sampleWeight: [1] })).rejects.toThrow("You cannot `class_weight` and `sample_weight` at the same time.");
  expect(m.getWeights().map((t) => t.toArray())).toEqual(before);
});

test("NaN inputs train; TerminateOnNaN stops at the first NaN batch (Keras's terminate_on_nan_test)", async () => {
  const m = small();
  m.compile({ optimizer: "sgd", loss: "mse" });
  const x = [[1, 2], [NaN, 1], [1, 1], [2, 2]];
  const y = [[1], [1], [1], [1]];
  const h = await m.fit(x, y, { batchSize: 1, epochs: 2, shuffle: false, verbose: 0 });
  expect(h.history.loss!.length).toBe(2);
  expect(Number.isNaN(h.history.loss![0])).toBe(true);
  const m2 = small();
  m2.compile({ optimizer: "sgd", loss: "mse" });
  const seen: number[] = [];
  const h2 = await m2.fit(x, y, { batchSize: 1, epochs: 3, shuffle: false, verbose: 0, callbacks: [new callbacks.TerminateOnNaN(), new callbacks.LambdaCallback({ onTrainBatchEnd: (b) => seen.push(b) })] });
  expect(seen).toEqual([0, 1]); // stopped after batch 1 of epoch 0
  expect(h2.history.loss!.length).toBe(1);
  const m3 = small();
  m3.compile({ optimizer: "sgd", loss: "mse" });
  await expect(m3.fit(x, y, { batchSize: 1, shuffle: false, verbose: 0, callbacks: [new callbacks.TerminateOnNaN({ raiseError: true })] })).rejects.toThrow("NaN or Inf loss encountered at batch 1");
});

test("EarlyStopping: patience, and restoreBestWeights puts back the best epoch's weights", async () => {
  // The loss rises every epoch with a negative learning rate, so the best epoch is the first (index 0).
  const m = small();
  m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: -0.01 }), loss: "mse" });
  const stop = new callbacks.EarlyStopping({ monitor: "loss", patience: 2, restoreBestWeights: true });
  let weightsAfterFirst: unknown = null;
  const record = new callbacks.LambdaCallback({ onEpochEnd: (e) => { if (e === 0) weightsAfterFirst = m.getWeights().map((t) => t.toArray()); } });
  const h = await m.fit([[1, 2]], [[0]], { epochs: 10, verbose: 0, callbacks: [record, stop] });
  expect(h.history.loss!.length).toBe(3); // epochs 1 and 2 do not improve: stop at epoch 2
  expect(stop.stoppedEpoch).toBe(2);
  expect(stop.bestEpoch).toBe(0);
  expect(m.getWeights().map((t) => t.toArray())).toEqual(weightsAfterFirst);
  expect(() => new callbacks.EarlyStopping({ monitor: "foo" }).setModel(m)).not.toThrow();
});

test("LearningRateScheduler sets the rate per epoch and logs it; ReduceLROnPlateau reduces it (Keras's tests)", async () => {
  const m = small();
  m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  const h = await m.fit([[1, 2]], [[0]], { epochs: 3, verbose: 0, callbacks: [new callbacks.LearningRateScheduler((epoch) => 0.01 * (epoch + 1))] });
  expect(h.history.learning_rate).toEqual([expect.closeTo(0.01, 7), expect.closeTo(0.02, 7), expect.closeTo(0.03, 7)]);
  const m2 = small();
  m2.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 1 }), loss: "mse" });
  // learningRate 0: the loss never improves, so after patience 1 the rate is multiplied by 0.1 once per epoch without improvement.
  m2.optimizer!.learningRate = 0;
  const h2 = await m2.fit([[1, 2]], [[0]], { epochs: 3, verbose: 0, callbacks: [new callbacks.ReduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 1, minLr: 0 })] });
  expect(h2.history.learning_rate).toEqual([0, 0, 0]);
  const m3 = small();
  m3.compile({ optimizer: new keras.optimizers.SGD({ learningRate: -0.01 }), loss: "mse" });
  const h3 = await m3.fit([[1, 2]], [[0]], { epochs: 4, verbose: 0, callbacks: [new callbacks.ReduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 1 })] });
  // logged before each reduction: -0.01 (epoch 0 improves: first value), then it rises: reduced at epochs 1, 2, 3
  expect(h3.history.learning_rate).toEqual([expect.closeTo(-0.01, 7), expect.closeTo(-0.01, 7), expect.closeTo(-0.01, 7), expect.closeTo(-0.01, 7)]);
  expect(() => new callbacks.ReduceLROnPlateau({ factor: 1 })).toThrow("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1");
});

test("verbose 2: one line per epoch, Keras's format; History keys are sorted", async () => {
  const m = small();
  m.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
  const out: string[] = [];
  const logger = new callbacks.ProgbarLogger({ write: (t) => out.push(t) });
  await m.fit([[1, 2], [3, 4], [5, 6]], [[1], [2], [3]], { batchSize: 2, epochs: 2, verbose: 2, callbacks: [logger] });
  expect(out[0]).toBe("Epoch 1/2\n");
  expect(out[1]).toMatch(/^2\/2 - \d+s - \d+(us|ms|s)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4}\n$/);
  expect(out[2]).toBe("Epoch 2/2\n");
  expect(out.length).toBe(4);
  const bar: string[] = [];
  const p = new callbacks.Progbar(63, { verbose: 1, dynamicDisplay: true, write: (t) => bar.push(t), now: () => 10 });
  p.update(12, [["accuracy", 0.91], ["loss", 0.31]]);
  expect(bar[0]).toContain("\x1b[32m━━━\x1b[0m\x1b[37m" + "━".repeat(17)); // floor(20 * 12 / 63) = 3 filled
  expect(bar[0]!.replace(/\x1b\[[0-9;]*m/g, "")).toBe("\r12/63 ━━━━━━━━━━━━━━━━━━━━ 0s 0s/step - accuracy: 0.9100 - loss: 0.3100");
});

test("Sequential: add / pop, inputShape on the first layer, unique names, getLayer, Keras's config layout and a round trip", () => {
  const m = new keras.Sequential({ name: "s" });
  m.add(new layers.Dense(4, { inputShape: [3], name: "a" }));
  expect(m.built).toBe(true);
  expect(m.inputShape).toEqual([null, 3]);
  m.add(new layers.Dense(2, { name: "b" }));
  expect(m.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
  expect(() => m.add(new layers.Dense(2, { name: "b" }))).toThrow("All layers added to a Sequential model should have unique names. Name 'b' is already");
  expect(m.getLayer("a").name).toBe("a");
  expect(() => m.getLayer("zz")).toThrow("No such layer: zz. Existing layers are: ['a', 'b'].");
  expect(m.weights.map((w) => w.path)).toEqual(["s/a/kernel", "s/a/bias", "s/b/kernel", "s/b/bias"]);
  const json = keras.saving.serializeKerasObject(m) as { class_name: string; config: Record<string, unknown> };
  expect(json.class_name).toBe("Sequential");
  expect(Object.keys(json.config)).toEqual(["name", "trainable", "dtype", "layers", "build_input_shape"]); // as the fixture's config.json
  expect((json.config.layers as { class_name: string }[]).map((l) => l.class_name)).toEqual(["InputLayer", "Dense", "Dense"]);
  expect(json.config.build_input_shape).toEqual([null, 3]);
  const back = keras.saving.deserializeKerasObject(json) as keras.Sequential;
  expect(back).toBeInstanceOf(keras.Sequential);
  expect(back.layers.map((l) => l.name)).toEqual(["a", "b"]);
  expect(back.countParams()).toBe(m.countParams());
  expect(m.pop().name).toBe("b");
  expect(m.layers.map((l) => l.name)).toEqual(["a"]);
  expect(() => new keras.Sequential().pop()).toThrow("There are no layers in the model.");
});

test("the Sequential config matches the Keras fixture's layer list for the mlp model", async () => {
  const { readFileSync } = await import("node:fs");
  const layout = JSON.parse(readFileSync("test/fixtures/keras/models/mlp.layout.json", "utf8"));
  const cfg = (layout["config.json"] ?? layout.config).config;
  const model = keras.saving.deserializeKerasObject({ module: "keras", class_name: "Sequential", config: cfg, registered_name: null }) as keras.Sequential;
  expect(model.layers.map((l) => l.name)).toEqual(["dense", "dropout", "dense_1"]);
  expect(model.countParams()).toBe(8 * 16 + 16 + 16 * 3 + 3);
  let text = "";
  model.summary({ printFn: (t) => (text = t) });
  expect(text).toContain("│ dropout (Dropout)               │ (None, 16)             │             0 │");
});

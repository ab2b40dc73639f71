// .keras archives and .weights.h5 files: the zip layout Keras writes,
// config and compile round trips, optimizer state resuming training, and
// file paths.
import { unzipSync, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { loadState } from "../../src/saving/weights_store.js";
import type { H5Group } from "../../src/saving/h5/tree.js";
import { readH5 } from "../../src/saving/h5/reader.js";
import { MODELS, fixtureTree, layout, withoutSharedIds } from "./fixture_models.js";


const { ops } = keras;
const decode = (b: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(b));

function entries(bytes: Uint8Array): { name: string; compression: number }[] {
  const out: { name: string; compression: number }[] = [];
  unzipSync(bytes, { filter: (f) => (out.push({ name: f.name, compression: f.compression }), false) });
  return out;
}

const mlp = (): keras.Sequential => {
  return new keras.Sequential([keras.Input({ shape: [4] }), new keras.layers.Dense(8, { activation: "relu" }), new keras.layers.Dense(3)]);
};

describe("the archive as Keras writes it", () => {
  test.each(MODELS)("%s: entries, order, STORED, metadata.json, config.json equal to Keras's", async (m) => {
    const model = keras.saving.deserializeKerasObject(withoutSharedIds(layout(m)["config.json"])) as keras.Model;
    loadState(model, fixtureTree(m), "model.weights.h5");
    const bytes = await keras.saving.saveModel(model);
    // Keras's zip (README quirk 13): these three, in this order, compress_type 0.
    expect(entries(bytes)).toEqual(layout(m).zip_entries.map((e) => ({ name: e.name, compression: e.compress_type })));
    const files = unzipSync(bytes);
    const meta = decode(files["metadata.json"]!) as Record<string, unknown>;
    expect(Object.keys(meta)).toEqual(Object.keys(layout(m)["metadata.json"]));
    expect(meta.keras_version).toBe("3.16.0");
    expect(meta.date_saved).toMatch(/^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);
    expect(JSON.stringify(decode(files["config.json"]!))).toBe(JSON.stringify(withoutSharedIds(layout(m)["config.json"])));
    // Python's json.dumps spacing.
    expect(new TextDecoder().decode(files["config.json"]!)).toMatch(/^\{"module": "keras", "class_name": "Sequential", "config": \{"name": /);
  });

  test("save, load: same predictions, weights, paths and names", async () => {
    keras.clearSession(); // auto names start again: "sequential", "dense", "dense_1"
    const model = mlp();
    const x = keras.tensor([[1, 2, 3, 4], [-1, 0.5, 0, 2]]);
    const before = (model.predictOnBatch(x) as keras.Tensor).toArray();
    const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
    expect((again.predictOnBatch(x) as keras.Tensor).toArray()).toEqual(before);
    // Built before saving inside the Sequential's scope; after a reload, each layer on its own (Keras's Sequential.from_config).
    expect(model.weights.map((w) => w.path)).toEqual(["sequential/dense/kernel", "sequential/dense/bias", "sequential/dense_1/kernel", "sequential/dense_1/bias"]);
    expect(again.weights.map((w) => [w.path, w.shape])).toEqual([["dense/kernel", [4, 8]], ["dense/bias", [8]], ["dense_1/kernel", [8, 3]], ["dense_1/bias", [3]]]);
    expect(again.name).toBe(model.name);
  });
});

describe("compile and optimizer state", () => {
  const data = (): [keras.Tensor, keras.Tensor] => [
    keras.tensor(Array.from({ length: 32 }, (_, i) => Math.sin(i))  , [8, 4]),
    keras.tensor([0, 1, 2, 0, 1, 2, 0, 1], null, "int32"),
  ];

  test("compile arguments round-trip through compile_config (Keras's keys and order)", async () => {
    const model = mlp();
    model.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const json = keras.saving.serializeKerasObject(model) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json.compile_config!)).toEqual(["optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile"]);
    const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
    expect(again.compiled).toBe(true);
    expect(again.optimizer!.getConfig()).toEqual(model.optimizer!.getConfig());
    expect((keras.saving.serializeKerasObject(again) as typeof json).compile_config).toEqual(json.compile_config);
    const noCompile = await keras.saving.loadModel(await keras.saving.saveModel(model), { compile: false });
    expect(noCompile.compiled).toBe(false);
  });

  test("train N steps, save, load, train M steps == train N + M steps (bit for bit)", async () => {
    // Same seed, same data, same order: the only state that could differ after
    // the reload is what the archive carries (weights, Adam's iteration count
    // and moments). If iterations were lost, Adam's bias correction would
    // restart and the weights would differ after the next step.
    const [x, y] = data();
    const make = (): keras.Sequential => {
      const m = mlp();
      m.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), loss: "sparse_categorical_crossentropy" });
      return m;
    };
    const straight = make();
    const split = make();
    split.setWeights(straight.getWeights());
    for (let i = 0; i < 3; i++) { straight.trainOnBatch(x, y); split.trainOnBatch(x, y); }
    const reloaded = await keras.saving.loadModel(await keras.saving.saveModel(split));
    expect(Number(reloaded.optimizer!.iterations.value.item())).toBe(3);
    expect(reloaded.optimizer!.variables.map((v) => v.value.toArray())).toEqual(split.optimizer!.variables.map((v) => v.value.toArray()));
    for (let i = 0; i < 2; i++) { straight.trainOnBatch(x, y); reloaded.trainOnBatch(x, y); }
    expect(reloaded.getWeights().map((w) => w.toArray())).toEqual(straight.getWeights().map((w) => w.toArray()));
  });

  test("the weights file has Keras's optimizer/vars: 0 the int64 iteration count, 1 the learning rate, then the slots", async () => {
    keras.clearSession(); // auto names start again: the optimizer is "adam"
    const [x, y] = data();
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    model.trainOnBatch(x, y);
    const tree = readH5(unzipSync(await keras.saving.saveModel(model))["model.weights.h5"]!);
    const opt = (tree.children.get("optimizer") as H5Group).children.get("vars") as H5Group;
    expect(opt.attrs).toEqual({ name: "adam" });
    expect(opt.children.size).toBe(2 + 2 * model.trainableWeights.length);
    const it = opt.children.get("0") as { dtype: string; data: BigInt64Array };
    expect([it.dtype, it.data[0]]).toEqual(["int64", 1n]);
    expect([...tree.children.keys()].sort()).toEqual(["layers", "optimizer", "vars"]);
  });
});

describe("file paths", () => {
  test("without the Node/Deno entry's file system (browsers, Workers), a path is a clear error", async () => {
    await expect(keras.saving.loadModel("model.keras")).rejects.toThrow(/loadModel: file paths need Node or Deno .* pass the bytes instead/);
  });

  test("model.save(path), loadModel(path), saveWeights(path), loadWeights(path) through node:fs; Keras's extensions", async () => {
    const { mkdtempSync, rmSync, readFileSync } = await import("node:fs");
    const { readFile, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { provideFileSystem } = await import("../../src/saving/file_system.js");
    provideFileSystem({ readFile, writeFile }); // what src/node.ts does
    const dir = mkdtempSync(join(tmpdir(), "keras-io-"));
    try {
      const model = mlp();
      await model.save(join(dir, "m.keras"));
      expect(Array.from(readFileSync(join(dir, "m.keras")).subarray(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
      const again = await keras.saving.loadModel(join(dir, "m.keras"));
      expect(again.getWeights().map((w) => w.toArray())).toEqual(model.getWeights().map((w) => w.toArray()));
      const bytes = await model.saveWeights(join(dir, "m.weights.h5"));
      expect(Array.from(readFileSync(join(dir, "m.weights.h5")))).toEqual(Array.from(bytes));
      const other = mlp();
      await other.loadWeights(join(dir, "m.weights.h5"));
      expect(other.getWeights().map((w) => w.toArray())).toEqual(model.getWeights().map((w) => w.toArray()));
      await expect(model.save(join(dir, "m.h5"))).rejects.toThrow(/expected a `\.keras` extension/);
      await expect(model.saveWeights(join(dir, "m.h5"))).rejects.toThrow(/expected a `\.weights\.h5` extension/);
      await expect(keras.saving.loadModel(join(dir, "missing.keras"))).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

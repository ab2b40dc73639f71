// A LossScaleOptimizer's state in .keras archives, laid out as Keras 3 lays
// it out. From Keras's sources: LossScaleOptimizer.variables is its own
// `_variables` (iteration, learning_rate from the base constructor, then
// step_counter and dynamic_scale from build) followed by the inner
// optimizer's variables; base_optimizer.save_own_variables writes
// `self.variables` as "0", "1", ...; saving_lib's _save_state then walks the
// optimizer's attributes and visits `inner_optimizer`, a saveable not seen
// yet, so the inner optimizer also gets its own `optimizer/inner_optimizer/vars`.
// Trainer.compile wraps the optimizer under mixed_float16 and records the
// unwrapped one in the compile config; the "int" counters (iteration,
// step_counter) are written as int64, as for a plain optimizer.
import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import type { H5Dataset, H5Group } from "../../src/saving/h5/tree.js";
import { readH5 } from "../../src/saving/h5/reader.js";

const { LossScaleOptimizer } = keras.optimizers;

const model = (): keras.Sequential =>
  new keras.Sequential([keras.Input({ shape: [4] }), new keras.layers.Dense(8, { activation: "relu" }), new keras.layers.Dense(2)]);

// Fixed data whose first steps overflow float16 under the 2^15 initial scale (|y| up to 40): those steps are skipped and halve the scale until the gradients fit.
const x = keras.tensor(Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) / 8 - 0.5), [6, 4]);
const y = keras.tensor(Array.from({ length: 12 }, (_, i) => (((i * 5) % 9) - 4) * 10), [6, 2]);

const values = (vs: readonly keras.Variable[]): number[][] => vs.map((v) => Array.from(v.value.data as ArrayLike<number>, Number));
const group = (g: H5Group, path: string): H5Group => path.split("/").reduce((at, p) => at.children.get(p) as H5Group, g);
const dataset = (g: H5Group, key: string): H5Dataset => g.children.get(key) as H5Dataset;
const numbers = (d: H5Dataset): number[] => Array.from(d.data as ArrayLike<number | bigint>, Number);

describe("LossScaleOptimizer (auto-wrapped under mixed_float16) in a .keras archive", () => {
  beforeEach(() => {
    keras.clearSession();
    keras.config.setDtypePolicy("mixed_float16");
  });
  afterEach(() => keras.config.setDtypePolicy("float32"));

  const trained = (): keras.Sequential => {
    keras.utils.setRandomSeed(1);
    const m = model();
    m.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), loss: "mse" });
    for (let i = 0; i < 5; i++) m.trainOnBatch(x, y);
    return m;
  };

  test("optimizer/vars: iteration, learning_rate, step_counter, dynamic_scale, then the inner optimizer's; optimizer/inner_optimizer/vars: the inner's", async () => {
    const m = trained();
    const lso = m.optimizer as InstanceType<typeof LossScaleOptimizer>;
    expect(lso).toBeInstanceOf(LossScaleOptimizer);
    const inner = lso.innerOptimizer;
    // The scenario is the one meant: some step was skipped (the scale halved), the others ran.
    const scale = lso.dynamicScale!.value.item();
    expect(scale).toBeLessThan(2 ** 15);
    expect(Number(inner.iterations.value.item())).toBeGreaterThan(0);
    expect(Number(inner.iterations.value.item())).toBeLessThan(5);

    const tree = readH5(unzipSync(await keras.saving.saveModel(m))["model.weights.h5"]!);
    const outer = group(tree, "optimizer/vars");
    expect(outer.attrs).toEqual({ name: "loss_scale_optimizer" });
    const innerCount = 2 + 2 * m.trainableWeights.length; // Adam: iteration, learning_rate, then m and v per weight
    expect(inner.variables.length).toBe(innerCount);
    // (HDF5 lists a group's links by name: "0", "1", "10", ...)
    expect([...outer.children.keys()].map(Number).sort((a, b) => a - b).map(String)).toEqual(Array.from({ length: 4 + innerCount }, (_, i) => String(i)));
    expect(["0", "1", "2", "3"].map((k) => dataset(outer, k).dtype)).toEqual(["int64", "float32", "int64", "float32"]);
    // The LSO's own iteration never moves (it delegates apply); its learning rate is the constructor's 0.
    expect(numbers(dataset(outer, "0"))).toEqual([0]);
    expect(numbers(dataset(outer, "1"))).toEqual([0]);
    expect(numbers(dataset(outer, "2"))).toEqual([Number(lso.stepCounter!.value.item())]);
    expect(numbers(dataset(outer, "3"))).toEqual([scale]);
    const innerGroup = group(tree, "optimizer/inner_optimizer/vars");
    expect(innerGroup.attrs).toEqual({ name: "adam" });
    expect(dataset(innerGroup, "0").dtype).toBe("int64");
    const want = values(inner.variables);
    for (let i = 0; i < innerCount; i++) {
      expect(numbers(dataset(outer, String(4 + i))), `optimizer/vars/${4 + i}`).toEqual(want[i]);
      expect(numbers(dataset(innerGroup, String(i))), `optimizer/inner_optimizer/vars/${i}`).toEqual(want[i]);
    }
    // The compile config holds the optimizer compile() was given, as Keras's `_compile_config` does.
    const config = JSON.parse(new TextDecoder().decode(unzipSync(await keras.saving.saveModel(m))["config.json"]!));
    expect(config.compile_config.optimizer.class_name).toBe("Adam");
  });

  test("loadModel restores the scale, its counter and the inner Adam state; training resumes bit-identically", async () => {
    const straight = trained();
    const saved = trained();
    expect(values(saved.weights)).toEqual(values(straight.weights)); // same seeds: the runs agree so far
    const reloaded = await keras.saving.loadModel(await keras.saving.saveModel(saved));
    const lso = reloaded.optimizer as InstanceType<typeof LossScaleOptimizer>;
    expect(lso).toBeInstanceOf(LossScaleOptimizer);
    expect(lso.innerOptimizer).toBeInstanceOf(keras.optimizers.Adam);
    expect(values(lso.variables)).toEqual(values(saved.optimizer!.variables));
    for (let i = 0; i < 3; i++) {
      straight.trainOnBatch(x, y);
      reloaded.trainOnBatch(x, y);
    }
    expect(values(reloaded.weights)).toEqual(values(straight.weights));
    expect(values(reloaded.optimizer!.variables)).toEqual(values(straight.optimizer!.variables));
  });
});

describe("an explicit LossScaleOptimizer (float32 model)", () => {
  test("saves the same layout and round-trips through compile_config", async () => {
    keras.clearSession();
    const m = model();
    m.compile({ optimizer: new LossScaleOptimizer(new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.5 }), { initialScale: 8, dynamicGrowthSteps: 2 }), loss: "mse" });
    const xs = keras.tensor([[1, 2, 3, 4], [0.5, -1, 0, 2]]);
    const ys = keras.tensor([[1, 0], [0, 1]]);
    for (let i = 0; i < 3; i++) m.trainOnBatch(xs, ys);
    // Three finite steps with growth every 2: the scale doubled once (8 -> 16), the counter is at 1.
    const lso = m.optimizer as InstanceType<typeof LossScaleOptimizer>;
    expect([lso.dynamicScale!.value.item(), lso.stepCounter!.value.item()]).toEqual([16, 1]);
    const bytes = await keras.saving.saveModel(m);
    const tree = readH5(unzipSync(bytes)["model.weights.h5"]!);
    // SGD with momentum: iteration, learning_rate, one momentum per weight.
    expect(group(tree, "optimizer/vars").children.size).toBe(4 + 2 + m.trainableWeights.length);
    expect(group(tree, "optimizer/inner_optimizer/vars").children.size).toBe(2 + m.trainableWeights.length);
    const config = JSON.parse(new TextDecoder().decode(unzipSync(bytes)["config.json"]!));
    expect(config.compile_config.optimizer.class_name).toBe("LossScaleOptimizer");
    const back = await keras.saving.loadModel(bytes);
    const blso = back.optimizer as InstanceType<typeof LossScaleOptimizer>;
    expect([blso.dynamicScale!.value.item(), blso.stepCounter!.value.item(), blso.dynamicGrowthSteps]).toEqual([16, 1, 2]);
    m.trainOnBatch(xs, ys);
    back.trainOnBatch(xs, ys);
    expect(values(back.weights)).toEqual(values(m.weights));
    expect(blso.dynamicScale!.value.item()).toBe(32); // the fourth finite step doubled it again, in both
  });
});

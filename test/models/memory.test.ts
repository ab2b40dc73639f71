// The train step owns its memory scope: every tensor a step makes (batch
// slices, activations, gradients, metric temporaries) is released when it
// ends. The weights the forward pass reads through Variable.value are the
// tape's views, which live with the step, so the optimizer frees each
// replaced value at once: a steady-state step spills nothing, and a view
// kept past the step reads as released (with the variable's path).
// WASM memory stays bounded over thousands of steps.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { setResidentBudget } from "../../src/backend/memory.js";

const BUDGET = 16 * 1024 * 1024;
const DEFAULT = keras.memoryStats().residentBudget;
beforeAll(() => setResidentBudget(BUDGET));
afterAll(() => setResidentBudget(DEFAULT));

function mlp(optimizer: keras.optimizers.Optimizer): keras.Sequential {
  const model = new keras.Sequential([
    new keras.layers.InputLayer({ shape: [128] }),
    new keras.layers.Dense(256, { activation: "relu", kernelRegularizer: "l2" }),
    new keras.layers.Dense(10),
  ]);
  model.compile({ optimizer, loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  return model;
}

const data = (n: number) => ({
  x: keras.ops.reshape(keras.tensor(Float32Array.from({ length: n * 128 }, (_, i) => Math.sin(i * 0.37))), [n, 128]),
  y: keras.tensor(Int32Array.from({ length: n }, (_, i) => i % 10)),
});

test("a steady-state fit step spills nothing (300 steps of Dense(128->256) -> Dense(10), Adam, L2, accuracy)", async () => {
  const model = mlp(new keras.optimizers.Adam({ learningRate: 1e-3 }));
  const { x, y } = data(64 * 20);
  await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 }); // warm-up: builds the optimizer state
  const before = keras.memoryStats();
  await model.fit(x, y, { batchSize: 64, epochs: 15, verbose: 0 }); // 300 steps
  const after = keras.memoryStats();
  expect(after.spills - before.spills).toBe(0);
  expect(after.residentBytes).toBeLessThanOrEqual(BUDGET);
});

test("WASM memory stays bounded over thousands of trainOnBatch steps", () => {
  const model = mlp(new keras.optimizers.SGD({ learningRate: 1e-3, momentum: 0.9 }));
  const { x, y } = data(32);
  model.trainOnBatch(x, y);
  const start = keras.memoryStats();
  for (let i = 0; i < 2000; i++) model.trainOnBatch(x, y);
  const end = keras.memoryStats();
  expect(end.spills - start.spills).toBe(0);
  expect(end.wasmMemoryBytes).toBeLessThanOrEqual(3 * BUDGET);
  expect(end.residentBytes).toBeLessThanOrEqual(BUDGET);
});

test("a weight read during a step and kept past the optimizer's update reads as released, naming the variable", () => {
  const model = mlp(new keras.optimizers.SGD({ learningRate: 1e-3 }));
  const { x, y } = data(8);
  model.trainOnBatch(x, y);
  model.trainOnBatch(x, y); // the kernel's value is now one the optimizer made
  const layer = model.layers[0] as keras.layers.Dense;
  let kept: keras.Tensor | null = null;
  const read = keras.ops.relu; // any op; the step below reads the kernel inside the tape
  const original = layer.call.bind(layer);
  layer.call = (inputs: keras.Tensor) => {
    kept = layer.kernel.value;
    return original(inputs);
  };
  model.trainOnBatch(x, y);
  layer.call = original;
  expect(() => read(kept!)).toThrow(/dense.*kernel read in a training step\) was replaced by an optimizer update/);
  // The variable itself reads its new value.
  expect(layer.kernel.value.shape).toEqual([128, 256]);
});

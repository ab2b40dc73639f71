import { test, expect } from "vitest";
import { readFileSync } from "node:fs";
import * as keras from "../../src/index.js";
const { layers } = keras;

test("smoke", async () => {
  const model = new keras.Sequential([new layers.InputLayer({ shape: [4] }), new layers.Dense(8, { activation: "tanh", name: "hidden" }), new layers.Dense(3, { name: "logits" })], { name: "mlp" });
  let text = "";
  model.summary({ printFn: (t) => (text = t) });
  console.log(text);
  expect(text).toBe(readFileSync("test/fixtures/keras/training/summary_sequential.txt", "utf8"));
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const x = [[0, 0, 1, 1], [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1]];
  const y = [0, 1, 2, 0];
  const h = await model.fit(x, y, { epochs: 3, batchSize: 3, verbose: 0 });
  console.log(h.history);
  console.log(await model.evaluate(x, y, { verbose: 0 }));
  console.log((await model.predict(x, { verbose: 0 }) as keras.Tensor).shape);
  console.log(model.trainOnBatch(x, y), model.testOnBatch(x, y));
  console.log(JSON.stringify(keras.saving.serializeKerasObject(model)).slice(0, 600));
});

// A tiny app as a user would write it: import keras-wasm by its package
// name, let Vite bundle it, show a result on the page.
import * as keras from "keras-wasm";
// A .keras archive written by Python Keras 3.16 and the outputs Keras
// predicted for it (test/fixtures/keras/models/): the app loads it as a user
// would, from a URL, which also pulls in the lazily loaded saving chunk.
const MLP_KERAS = new URL("../../fixtures/keras/models/mlp.keras", import.meta.url);
const MLP_EXPECTED = new URL("../../fixtures/keras/models/mlp.expected.json", import.meta.url);

const { ops } = keras;
const show = (text: string): void => {
  document.getElementById("result")!.textContent = text;
};

async function main(): Promise<void> {
  const x = keras.tensor([[1, 2], [3, 4]]);
  // Runs at once, on the reference kernels while the WASM module compiles.
  const before = ops.matmul(x, ops.transpose(x));
  await keras.ready();
  const after = ops.matmul(x, ops.transpose(x));
  const probs = ops.softmax(keras.tensor([0, Math.log(3)]));
  const loaded = await keras.saving.loadModel(await (await fetch(MLP_KERAS)).arrayBuffer());
  type Flat = { shape: number[]; values: number[] };
  const { input, predict } = (await (await fetch(MLP_EXPECTED)).json()) as { input: Flat; predict: Flat };
  const batch = keras.tensor(Float32Array.from(input.values), input.shape);
  const maxDiff = async (model: keras.Model): Promise<number> => {
    const got = ((await model.predict(batch, { verbose: 0 })) as keras.Tensor).data;
    return Math.max(...predict.values.map((v, i) => Math.abs(v - Number(got[i]))));
  };
  const reloaded = await keras.saving.loadModel(await keras.saving.saveModel(loaded));
  show(
    [
      `matmul(x, x.T) = ${JSON.stringify(after.toArray())}`,
      `before ready = ${JSON.stringify(before.toArray())}`,
      `softmax([0, ln 3]) = ${JSON.stringify(Array.from(probs.data, (v) => Number(v.toFixed(4))))}`,
      `kernels = ${keras.backendInfo().kernels}`,
      `mlp.keras predict max diff = ${await maxDiff(loaded)}`,
      `saved and reloaded max diff = ${await maxDiff(reloaded)}`,
    ].join("\n"),
  );
}

main().catch((e: unknown) => show(`error: ${e instanceof Error ? e.stack : String(e)}`));

// A tiny app as a user would write it: import keras-wasm by its package
// name, let Vite bundle it, show a result on the page.
import * as keras from "keras-wasm";

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
  show(
    [
      `matmul(x, x.T) = ${JSON.stringify(after.toArray())}`,
      `before ready = ${JSON.stringify(before.toArray())}`,
      `softmax([0, ln 3]) = ${JSON.stringify(Array.from(probs.data, (v) => Number(v.toFixed(4))))}`,
      `kernels = ${keras.backendInfo().kernels}`,
    ].join("\n"),
  );
}

main().catch((e: unknown) => show(`error: ${e instanceof Error ? e.stack : String(e)}`));

// A Cloudflare Worker as a user would write it: it imports keras-wasm by its
// package name, which the bundler resolves through the `workerd` export
// condition to the entry that imports the kernels as a `.wasm` module.
// GET / runs the platform suite and answers with the report as JSON.
// POST /load with a .keras archive as the body loads it (the lazy saving
// chunk, zip and HDF5 included), predicts on the JSON batch in the
// `x-input` header, saves the model again and loads that copy, and answers
// with both predictions.
import * as keras from "keras-wasm";
import { runChecks, type Keras } from "../../platform/index.js";

async function load(request: Request): Promise<Response> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const input = JSON.parse(request.headers.get("x-input")!) as { values: number[]; shape: number[]; dtype: string };
  const x = keras.tensor(input.values, input.shape, input.dtype);
  const model = await keras.saving.loadModel(bytes);
  const predict = Array.from((model.predictOnBatch(x) as keras.Tensor).data as Float32Array);
  const again = await keras.saving.loadModel(await keras.saving.saveModel(model));
  const reloaded = Array.from((again.predictOnBatch(x) as keras.Tensor).data as Float32Array);
  return new Response(JSON.stringify({ predict, reloaded }), { headers: { "content-type": "application/json" } });
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/load") return load(request);
    const first = keras.backendInfo(); // before any op: the imported module is already in
    const report = runChecks(keras as unknown as Keras);
    return new Response(JSON.stringify({ first, report }), { headers: { "content-type": "application/json" } });
  },
};

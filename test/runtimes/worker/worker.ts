// A Cloudflare Worker as a user would write it: it imports keras-wasm by its
// package name, which the bundler resolves through the `workerd` export
// condition to the entry that imports the kernels as a `.wasm` module.
// GET / runs the platform suite and answers with the report as JSON.
import * as keras from "keras-wasm";
import { runChecks, type Keras } from "../../platform/index.js";

export default {
  fetch(): Response {
    const first = keras.backendInfo(); // before any op: the imported module is already in
    const report = runChecks(keras as unknown as Keras);
    return new Response(JSON.stringify({ first, report }), { headers: { "content-type": "application/json" } });
  },
};

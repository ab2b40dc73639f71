// A first look at keras-wasm's tensor core: a tiny two-layer network's
// forward pass written with keras.ops, then a look at where memory went.
// Run with `npm run example` (builds first).
import * as keras from "keras-wasm";

const { ops } = keras;

// A batch of 4 inputs with 3 features, and fixed weights.
const x = keras.tensor([
  [0.5, -1.0, 2.0],
  [1.5, 0.25, -0.5],
  [-2.0, 1.0, 0.0],
  [0.0, 0.0, 1.0],
]);
const w1 = keras.tensor([
  [0.2, -0.4, 0.1, 0.3],
  [0.5, 0.1, -0.2, 0.0],
  [-0.3, 0.2, 0.4, -0.1],
]);
const b1 = keras.tensor([0.1, 0.0, -0.1, 0.05]);
const w2 = keras.tensor([
  [0.3, -0.2],
  [-0.1, 0.4],
  [0.2, 0.2],
  [0.5, -0.3],
]);

// Dense -> relu -> Dense -> softmax, as Keras's Dense layers compute it.
const hidden = ops.relu(ops.add(ops.matmul(x, w1), b1));
const probs = ops.softmax(ops.matmul(hidden, w2));
console.log("class probabilities:");
console.log(probs.toString());
console.log("predicted classes:", ops.argmax(probs, -1).toArray());
console.log("rows sum to one:", ops.sum(probs, -1).toArray());

// A bigger workload: nobody calls dispose(), memory stays bounded.
const a = keras.tensor(Float32Array.from({ length: 256 * 256 }, (_, i) => Math.sin(i)), [256, 256]);
let t = performance.now();
let y = a;
for (let i = 0; i < 200; i++) y = ops.matmul(a, a);
t = (performance.now() - t) / 200;
console.log(`\n256x256 matmul: ${t.toFixed(3)} ms (${((2 * 256 ** 3) / t / 1e6).toFixed(1)} GFLOPS) on ${keras.backendInfo().kernels}`);
console.log("checksum:", ops.sum(y).item().toFixed(3));
const m = keras.memoryStats();
console.log(`WASM memory: ${(m.wasmMemoryBytes / 2 ** 20).toFixed(1)} MiB, resident tensors: ${(m.residentBytes / 2 ** 20).toFixed(1)} MiB of a ${(m.residentBudget / 2 ** 20).toFixed(0)} MiB budget`);

// Threads (issue 11): the same ops on 1 and 2 threads (keras.config.setThreads)
// beside tfjs-wasm (one thread: it never uses threads in Node), in one table.
// Matmul (GFLOPS), add / relu / sum / var (GB/s of data each op moves), the MNIST
// training step (ms, from training.bench.mjs run at each thread count), and
// the small cases that must not get slower (an 8-element add, a 64x64
// matmul: below the split sizes, so threads are never asked).
// The 1-thread and 2-thread samples interleave (setThreads inside each
// sample's function), so load on the machine slows both alike.
import { run as training } from "./training.bench.mjs";

const MATMUL = [[256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [128, 784, 256], [64, 64, 64]];
const ELEMENTWISE = [
  { name: "add", bytes: 12, ours: (k, a, b) => k.ops.add(a, b), tf: (tf, a, b) => tf.add(a, b) },
  { name: "relu", bytes: 8, ours: (k, a) => k.ops.relu(a), tf: (tf, a) => tf.relu(a) },
  { name: "sum", bytes: 4, ours: (k, a) => k.ops.sum(a), tf: (tf, a) => tf.sum(a) },
  // ops.var: one pass over x (the moments kernels); tfjs: tf.moments.
  { name: "var", bytes: 4, ours: (k, a) => k.ops.var(a), tf: (tf, a) => tf.moments(a), untargeted: true },
];

export async function run(h) {
  const { keras } = h;
  const { config } = keras;
  const rows = [];
  const on = (n, fn) => () => {
    config.setThreads(n);
    return fn();
  };
  // Start the workers before any timing (they come online asynchronously).
  const warm = keras.tensor(h.randn(512 * 512, 9), [512, 512]);
  config.setThreads(2);
  for (let i = 0; i < 200 && keras.backendInfo().workerTasks === 0; i++) {
    keras.ops.matmul(warm, warm);
    await new Promise((r) => setTimeout(r, 10));
  }
  const tf = await h.tf("wasm");
  for (const [m, k, n] of MATMUL) {
    const da = h.randn(m * k, 1);
    const db = h.randn(k * n, 2);
    const a = keras.tensor(da, [m, k]);
    const b = keras.tensor(db, [k, n]);
    const ta = tf.tensor2d(da, [m, k]);
    const tb = tf.tensor2d(db, [k, n]);
    const t = await h.timeMany(
      { one: on(1, () => keras.ops.matmul(a, b)), two: on(2, () => keras.ops.matmul(a, b)), wasm: h.tfCall(tf, () => tf.matMul(ta, tb)) },
      { samples: m * k * n > 1e8 ? 9 : 21 },
    );
    tf.dispose([ta, tb]);
    const flops = 2 * m * k * n;
    const small = m === 64;
    rows.push({
      name: m === k && k === n ? `matmul N=${m}` : `matmul ${m}x${k} @ ${k}x${n}`,
      unit: "GFLOPS",
      ours: h.gflops(flops, t.two),
      oneThread: h.gflops(flops, t.one),
      tfjsWasm: h.gflops(flops, t.wasm),
      tfjsCpu: null,
      targets: small ? { vsOne: 1 } : { vsOne: 1.8, vsWasm: 2.4 },
    });
  }
  for (const op of ELEMENTWISE) {
    for (const n of [1e6, 1e7, 8]) {
      if (n === 8 && op.name !== "add") continue;
      const da = h.randn(n, 3);
      const db = h.randn(n, 4);
      const a = keras.tensor(da);
      const b = keras.tensor(db);
      const ta = tf.tensor1d(da);
      const tb = tf.tensor1d(db);
      const t = await h.timeMany(
        { one: on(1, () => op.ours(keras, a, b)), two: on(2, () => op.ours(keras, a, b)), wasm: h.tfCall(tf, () => op.tf(tf, ta, tb)) },
        { samples: n >= 1e7 ? 11 : 21 },
      );
      tf.dispose([ta, tb]);
      const name = `${op.name} n=${n === 8 ? 8 : n.toExponential(0).replace("+", "")}`;
      if (n === 8) {
        rows.push({ name, unit: "us", ours: t.two * 1e3, oneThread: t.one * 1e3, tfjsWasm: t.wasm * 1e3, tfjsCpu: null, targets: { vsOne: 1 } });
      } else {
        const gbs = (ms) => (op.bytes * n) / ms / 1e6;
        rows.push({ name, unit: "GB/s", ours: gbs(t.two), oneThread: gbs(t.one), tfjsWasm: gbs(t.wasm), tfjsCpu: null, targets: op.untargeted ? undefined : { vsOne: n === 1e6 ? 1.5 : 1 } });
      }
    }
  }
  // The training step: training.bench.mjs's trainOnBatch row, its 1- and 2-thread samples interleaved.
  const step = (await training(h, [1, 2])).find((r) => r.name.startsWith("trainOnBatch"));
  rows.push({ name: "trainOnBatch, MLP 784-256-10, batch 128", unit: "ms", ours: step.byThreads[2], oneThread: step.byThreads[1], tfjsWasm: step.tfjsWasm, tfjsCpu: null, targets: { vsOne: 1.5 } });
  config.setThreads(2);
  return rows;
}

// Memory-bound ops: add, relu, sum at 1e3..1e7 elements, in GB/s of data
// each op must move (add: read 2n, write n floats; relu: read n, write n;
// sum: read n), and the cost of one op on an 8-element tensor.
// keras-wasm results are simply dropped (no dispose exists); tfjs results
// are disposed (tf.tidy) as tfjs requires.
const SIZES = [1e3, 1e5, 1e6, 1e7];
const OPS = [
  { name: "add", bytes: 12, ours: (k, a, b) => k.ops.add(a, b), tf: (tf, a, b) => tf.add(a, b) },
  { name: "relu", bytes: 8, ours: (k, a) => k.ops.relu(a), tf: (tf, a) => tf.relu(a) },
  { name: "sum", bytes: 4, ours: (k, a) => k.ops.sum(a), tf: (tf, a) => tf.sum(a) },
];

export async function run(h) {
  const { keras } = h;
  const rows = [];
  for (const op of OPS) {
    for (const n of SIZES) {
      const da = h.randn(n, 3);
      const db = h.randn(n, 4);
      const a = keras.tensor(da);
      const b = keras.tensor(db);
      const big = n >= 1e7;
      let tf = await h.tf("wasm");
      let ta = tf.tensor1d(da);
      let tb = tf.tensor1d(db);
      const t = await h.timeMany(
        { ours: () => op.ours(keras, a, b), wasm: h.tfCall(tf, () => op.tf(tf, ta, tb)) },
        { samples: big ? 11 : 21 },
      );
      tf.dispose([ta, tb]);
      tf = await h.tf("cpu");
      ta = tf.tensor1d(da);
      tb = tf.tensor1d(db);
      const cpu = await h.time(h.tfCall(tf, () => op.tf(tf, ta, tb)), { samples: big ? 5 : 11 });
      tf.dispose([ta, tb]);
      const gbs = (ms) => (op.bytes * n) / ms / 1e6;
      rows.push({
        name: `${op.name} n=${n.toExponential(0).replace("+", "")}`,
        unit: "GB/s",
        ours: gbs(t.ours),
        tfjsWasm: gbs(t.wasm),
        tfjsCpu: gbs(cpu),
        targets: n >= 1e5 ? { vsWasm: 1.0 } : undefined,
      });
    }
  }

  // Per-op overhead: an 8-element add, result dropped.
  const a8 = keras.tensor([1, 2, 3, 4, 5, 6, 7, 8]);
  const b8 = keras.tensor([8, 7, 6, 5, 4, 3, 2, 1]);
  let tf = await h.tf("wasm");
  let ta = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
  let tb = tf.tensor1d([8, 7, 6, 5, 4, 3, 2, 1]);
  const t = await h.timeMany(
    { ours: () => keras.ops.add(a8, b8), wasm: h.tfCall(tf, () => tf.add(ta, tb)) },
    { samples: 21, minSampleMs: 20 },
  );
  tf.dispose([ta, tb]);
  tf = await h.tf("cpu");
  ta = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
  tb = tf.tensor1d([8, 7, 6, 5, 4, 3, 2, 1]);
  const cpu = await h.time(h.tfCall(tf, () => tf.add(ta, tb)), { samples: 21, minSampleMs: 20 });
  tf.dispose([ta, tb]);
  rows.push({ name: "one op, 8 elements (add)", unit: "us", ours: t.ours * 1e3, tfjsWasm: t.wasm * 1e3, tfjsCpu: cpu * 1e3, targets: { ours: 2 } });
  return rows;
}

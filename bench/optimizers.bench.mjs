// One optimizer step on a variable of n elements, as a user runs it:
// keras-wasm's `optimizer.apply([g], [v])` (one fused kernel per variable)
// beside TensorFlow.js's `tf.train.adam(...).applyGradients({ v: g })`, in
// GB/s of the data the update must move: Adam reads w, g, m, v and writes
// w, m, v (28 bytes per element); SGD with momentum reads w, g, m and
// writes w, m (20 bytes). Nothing is disposed on the keras-wasm side.
const SIZES = [1e5, 1e6];
const CASES = [
  { name: "Adam", bytes: 28, ours: (k) => new k.optimizers.Adam({ learningRate: 1e-3 }), tf: (tf) => tf.train.adam(1e-3) },
  { name: "SGD momentum", bytes: 20, ours: (k) => new k.optimizers.SGD({ learningRate: 1e-3, momentum: 0.9 }), tf: (tf) => tf.train.momentum(1e-3, 0.9) },
];

export async function run(h) {
  const { keras } = h;
  const rows = [];
  for (const c of CASES) {
    for (const n of SIZES) {
      const w0 = h.randn(n, 5);
      const g0 = h.randn(n, 6).map((x) => x * 1e-2);
      const v = new keras.Variable(w0);
      const g = keras.tensor(g0);
      const opt = c.ours(keras);
      const spills0 = keras.memoryStats().spills;
      let tf = await h.tf("wasm");
      const tv = tf.variable(tf.tensor1d(w0), true, "w");
      const tg = tf.tensor1d(g0);
      const topt = c.tf(tf);
      const t = await h.timeMany({
        ours: () => opt.apply([g], [v]),
        wasm: () => topt.applyGradients({ w: tg }),
      }, { samples: n >= 1e6 ? 11 : 21 });
      const spills = keras.memoryStats().spills - spills0;
      tf.dispose([tv, tg]);
      topt.dispose();
      tf = await h.tf("cpu");
      const cv = tf.variable(tf.tensor1d(w0), true, "w");
      const cg = tf.tensor1d(g0);
      const copt = c.tf(tf);
      const cpu = await h.time(() => copt.applyGradients({ w: cg }), { samples: 5 });
      tf.dispose([cv, cg]);
      copt.dispose();
      const gbs = (ms) => (c.bytes * n) / ms / 1e6;
      rows.push({
        name: `${c.name} step n=${n.toExponential(0).replace("+", "")}${spills ? ` (${spills} spills)` : ""}`,
        unit: "GB/s",
        ours: gbs(t.ours),
        tfjsWasm: gbs(t.wasm),
        tfjsCpu: gbs(cpu),
        targets: { vsWasm: 1.0 },
      });
    }
  }
  return rows;
}

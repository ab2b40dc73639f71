// float32 matmul throughput: keras-wasm ops.matmul vs tf.matMul on the
// tfjs wasm (XNNPACK) and cpu backends, inputs created once per side.
const CASES = [
  [64, 64, 64],
  [128, 128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [128, 784, 256],
];

export async function run(h) {
  const { keras } = h;
  const rows = [];
  for (const [m, k, n] of CASES) {
    const flops = 2 * m * k * n;
    const da = h.randn(m * k, 1);
    const db = h.randn(k * n, 2);
    const big = flops > 1e8;

    const a = keras.tensor(da, [m, k]);
    const b = keras.tensor(db, [k, n]);
    const check = keras.ops.matmul(a, b).data;

    // keras-wasm and tfjs-wasm, samples interleaved; then tfjs-cpu alone.
    let tf = await h.tf("wasm");
    let ta = tf.tensor2d(da, [m, k]);
    let tb = tf.tensor2d(db, [k, n]);
    // Sanity: the same product (summed in another order, so not bit-equal).
    const ref = tf.tidy(() => tf.matMul(ta, tb).dataSync());
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - check[i]));
    if (!(worst < 1e-3 * Math.sqrt(k))) throw new Error(`matmul bench: results differ from tfjs by ${worst} at ${m}x${k}x${n}`);
    const t = await h.timeMany({
      ours: () => keras.ops.matmul(a, b),
      wasm: h.tfCall(tf, () => tf.matMul(ta, tb)),
    }, { samples: 21 });
    tf.dispose([ta, tb]);

    tf = await h.tf("cpu");
    ta = tf.tensor2d(da, [m, k]);
    tb = tf.tensor2d(db, [k, n]);
    const cpu = await h.time(h.tfCall(tf, () => tf.matMul(ta, tb)), big ? { samples: 3, warmupMs: 0, minSampleMs: 0 } : {});
    tf.dispose([ta, tb]);

    const isSquare = m === k && k === n;
    rows.push({
      name: isSquare ? `N=${m}` : `${m}x${k} @ ${k}x${n}`,
      unit: "GFLOPS",
      ours: h.gflops(flops, t.ours),
      tfjsWasm: h.gflops(flops, t.wasm),
      tfjsCpu: h.gflops(flops, cpu),
      targets: m >= 256 && isSquare ? { ours: 23, vsWasm: 1.5 } : { vsWasm: 1.5 },
    });
  }
  return rows;
}

// Relaxed SIMD's matmul speedup, where the runtime has it (Deno, Chromium,
// workerd; Node 20 has not, so `npm run bench` cannot show it):
//
//   npm run build && node_modules/.bin/deno run -A bench/relaxed-simd.mjs
//
// Times float32 matmul on the same inputs with the relaxed-SIMD patch
// (fused multiply-adds) and with the plain SIMD kernels, alternating, and
// prints median GFLOPS of each and their ratio.
const keras = await import(new URL("../dist/keras-wasm.node.js", import.meta.url).href);
const { ops } = keras;
if (!keras.backendInfo().relaxedSimd) {
  console.log("relaxed SIMD is not available here (", JSON.stringify(keras.backendInfo()), "): run this under Deno");
} else {
  const rows = [];
  for (const n of [64, 128, 256, 512]) {
    const a = keras.tensor(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), [n, n]);
    const b = keras.tensor(Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)), [n, n]);
    const reps = Math.max(1, Math.round(2e8 / (2 * n ** 3)));
    const time = (relaxed) => {
      keras.useRelaxedSimd(relaxed);
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) ops.matmul(a, b);
      return (performance.now() - t0) / reps;
    };
    const t = { true: [], false: [] };
    for (let i = 0; i < 15; i++) for (const on of [true, false]) t[on].push(time(on));
    const med = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
    const gf = (ms) => (2 * n ** 3) / (ms * 1e6);
    rows.push({ n, relaxedGflops: +gf(med(t.true)).toFixed(1), plainGflops: +gf(med(t.false)).toFixed(1), speedup: +(med(t.false) / med(t.true)).toFixed(2) });
  }
  keras.useRelaxedSimd(true);
  console.log(`${navigator.userAgent}: float32 matmul n x n, median of 15`);
  console.table(rows);
}

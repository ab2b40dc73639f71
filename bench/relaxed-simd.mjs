// Relaxed SIMD's matmul speedup, where the runtime has it (Deno, Chromium,
// workerd; Node 20 has not, so `npm run bench` cannot show it):
//
//   npm run build && node_modules/.bin/deno run -A bench/relaxed-simd.mjs
//
// Times float32 matmul on the same inputs with the relaxed-SIMD patch
// (fused multiply-adds) and with the plain SIMD kernels, alternating, and
// prints median GFLOPS of each and their ratio.
//
// Deno (issue 11): the patch ran at the plain kernels' speed in Deno
// (~1.0x), both bound by V8 15's code for v128.load32_splat; since it
// broadcasts A by lane shuffles on packed panels (assembly/linalg/matmul.ts:
// microShuffle; same bits as before), Deno 2.9.6 (V8 15.0) runs it 1.5x
// faster. This script, 2026-11-28, 2 cores under load (uptime 4.6):
// relaxed vs plain GFLOPS n = 128 / 256 / 512: 23.9 vs 16.7, 39.5 vs 26.8,
// 45.0 vs 29.7 (n = 64 reads A in place, micro in both: 0.9-1.0x). The old
// and new patch files side by side (raw kernel, same process, medians of
// 21, three runs): Deno 28.6 -> 44.9, 30.6 -> 48.0, 30.7 -> 48.2 (n = 64:
// 30 -> 30); Chromium 143 (V8 14.3) 0-5 % slower: 50.3 -> 47.9, 50.3-53
// -> 50.3, 51.6 -> 49.7-50.6 (n = 64: 50.1 -> 50.1; its timer's steps are
// ~5 % of these times), taken for Deno's 1.55x, since a per-engine switch
// cost speed and bytes (see micro). Node 20 has no relaxed SIMD: its kernel is
// the main module's micro, at the same speed as before (45/47/46 GFLOPS at
// n = 128/256/512, old and new modules alternating).
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

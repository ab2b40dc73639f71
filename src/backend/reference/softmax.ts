// Reference twins of assembly/elementwise/softmax.ts, summing in the same
// order as the WASM lanes: for contiguous rows (inner == 1) four
// interleaved partial sums added as (s0 + s1) + (s2 + s3), then the last
// R % 4 values; for inner > 1 each column sums in row order.
import { expf, logf } from "./mathf.js";
import type { RefKernel } from "./types.js";

const f = Math.fround;

function kernel(log: boolean): RefKernel {
  return (...args) => {
    const [x, o, outer, R, inner] = args as [Float32Array, Float32Array, number, number, number];
    if (R === 0 || inner === 0) return;
    const main = R & ~3;
    const acc = [0, 0, 0, 0];
    for (let b = 0; b < outer; b++) {
      for (let j = 0; j < inner; j++) {
        const base = b * R * inner + j;
        let m = -Infinity;
        for (let r = 0; r < R; r++) m = Math.max(m, x[base + r * inner]!);
        let s = 0;
        if (inner === 1) {
          acc.fill(0);
          for (let r = 0; r < main; r++) acc[r & 3] = f(acc[r & 3]! + expf(f(x[base + r]! - m)));
          s = f(f(acc[0]! + acc[1]!) + f(acc[2]! + acc[3]!));
          for (let r = main; r < R; r++) s = f(s + expf(f(x[base + r]! - m)));
        } else {
          for (let r = 0; r < R; r++) s = f(s + expf(f(x[base + r * inner]! - m)));
        }
        const ls = log ? logf(s) : 0;
        for (let r = 0; r < R; r++) {
          const d = f(x[base + r * inner]! - m);
          o[base + r * inner] = log ? f(d - ls) : f(expf(d) / s);
        }
      }
    }
  };
}

export const softmaxKernels: Record<string, RefKernel> = {
  softmax_f32: kernel(false),
  log_softmax_f32: kernel(true),
};

// Reference twins of assembly/elementwise/softmax.ts, summing in the same
// order as the WASM lanes: for contiguous rows (inner == 1) sixteen
// interleaved partial sums over the first R - R % 16 elements, whole
// vectors after that into the first four, combined as in the kernel, then
// the last R % 4 values in order; for inner > 1 each column sums in row order.
// The float64 twins (reference-only) run the same steps in double.
import { FLOAT32, FLOAT64, type Real } from "./real.js";
import type { RefKernel, Twin } from "./types.js";

function kernel(log: boolean, { round: f, exp: expf, log: logf }: Real): Twin<"softmax_f32"> {
  return (x, o, outer, R, inner) => {
    if (R === 0 || inner === 0) return;
    const main = R & ~3;
    const main16 = R & ~15;
    const acc = new Array<number>(16);
    for (let b = 0; b < outer; b++) {
      for (let j = 0; j < inner; j++) {
        const base = b * R * inner + j;
        let m = -Infinity;
        for (let r = 0; r < R; r++) m = Math.max(m, x[base + r * inner]!);
        let s = 0;
        if (inner === 1) {
          acc.fill(0);
          for (let r = 0; r < main; r++) {
            const k = r < main16 ? r & 15 : r & 3;
            acc[k] = f(acc[k]! + expf(f(x[base + r]! - m)));
          }
          const v = [0, 1, 2, 3].map((l) => f(f(acc[l]! + acc[4 + l]!) + f(acc[8 + l]! + acc[12 + l]!)));
          s = f(f(v[0]! + v[1]!) + f(v[2]! + v[3]!));
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

/** assembly/elementwise/crossentropy.ts: log_softmax (as above), the loss -lp[y], and (grad !== 0) exp(lp) - one_hot. */
function sparseCe(real: Real): Twin<"sparse_softmax_ce_f32"> {
  const logSoftmax = kernel(true, real);
  return (x, labels, loss, grad, rows, classes) => {
    const lp = grad === 0 ? new (x.constructor as Float32ArrayConstructor)(rows * classes) : grad;
    logSoftmax(x, lp, rows, classes, 1);
    for (let r = 0; r < rows; r++) loss[r] = -lp[r * classes + labels[r]!]!;
    if (grad === 0) return;
    for (let i = 0; i < rows * classes; i++) lp[i] = real.exp(lp[i]!);
    for (let r = 0; r < rows; r++) lp[r * classes + labels[r]!] = real.round(lp[r * classes + labels[r]!]! - 1);
  };
}

export const softmaxKernels: Record<string, RefKernel> = {
  softmax_f32: kernel(false, FLOAT32),
  log_softmax_f32: kernel(true, FLOAT32),
  softmax_f64: kernel(false, FLOAT64),
  log_softmax_f64: kernel(true, FLOAT64),
  sparse_softmax_ce_f32: sparseCe(FLOAT32),
  sparse_softmax_ce_f64: sparseCe(FLOAT64),
};

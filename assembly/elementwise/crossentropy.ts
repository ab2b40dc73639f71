// Sparse softmax cross-entropy from logits, one row of `classes` logits
// per sample, with its gradient in the same call:
//   lp         = log_softmax(x) along each row (softmax.ts, its sum order)
//   loss[r]    = -lp[r][y]
//   grad[r][j] = exp(lp[r][j]) - (j == y ? 1 : 0)   (grad 0: not written)
// (grad is d loss[r] / d x[r][j]; the op's gradient rule scales it by dy).
// The loss has the bits of -log_softmax(x)[y], what categorical
// cross-entropy from logits gives. Labels are checked to lie in
// [0, classes) before the call. Row by row, with no scratch (without grad,
// only lp[r][y] = (x[r][y] - max) - l is formed): a call can be cut over
// rows and run on worker threads, which may not allocate.
import { expV, loadK, storeK } from "./mathf";
import { rowContiguous, rowMax } from "./softmax_row";

export function sparse_softmax_ce_f32(x: usize, labels: usize, loss: usize, grad: usize, rows: i32, classes: i32): void {
  const c = <usize>classes;
  for (let r: usize = 0; r < <usize>rows; r++) {
    const o = (r * c) << 2;
    const g = grad == 0 ? 0 : grad + o;
    const l = rowContiguous(true, x + o, g, c);
    const y = <usize>load<i32>(labels + (r << 2)) << 2;
    store<f32>(loss + (r << 2), -((load<f32>(x + o + y) - rowMax) - l));
    if (g == 0) continue;
    for (let i: usize = 0; i < c; i += 4) {
      const k = min<usize>(4, c - i);
      storeK(g + (i << 2), expV(loadK(g + (i << 2), k)), k);
    }
    store<f32>(g + y, load<f32>(g + y) - 1);
  }
}

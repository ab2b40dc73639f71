// Sparse softmax cross-entropy from logits, one row of `classes` logits
// per sample, with its gradient in the same call:
//   lp         = log_softmax(x) along each row (softmax.ts, its sum order)
//   loss[r]    = -lp[r][y]
//   grad[r][j] = exp(lp[r][j]) - (j == y ? 1 : 0)   (grad 0: not written)
// (grad is d loss[r] / d x[r][j]; the op's gradient rule scales it by dy).
// The loss has the bits of -log_softmax(x)[y], what categorical
// cross-entropy from logits gives. Labels are checked to lie in
// [0, classes) before the call. Rows are independent.
import { expV, loadK, storeK } from "./mathf";
import { log_softmax_f32 } from "./softmax";

export function sparse_softmax_ce_f32(x: usize, labels: usize, loss: usize, grad: usize, rows: i32, classes: i32): void {
  const n = <usize>rows * <usize>classes;
  // Two call sites, so that binaryen calls the export instead of inlining
  // a second copy of it (+1.5 KB gzipped).
  let lp = grad;
  if (grad != 0) log_softmax_f32(x, lp, rows, classes, 1);
  else {
    lp = heap.alloc(n << 2);
    log_softmax_f32(x, lp, rows, classes, 1);
  }
  for (let r = 0; r < rows; r++) {
    const y = <usize>r * <usize>classes + <usize>load<i32>(labels + (<usize>r << 2));
    store<f32>(loss + (<usize>r << 2), -load<f32>(lp + (y << 2)));
  }
  if (grad == 0) {
    heap.free(lp);
    return;
  }
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(4, n - i);
    storeK(lp + (i << 2), expV(loadK(lp + (i << 2), k)), k);
  }
  for (let r = 0; r < rows; r++) {
    const p = lp + ((<usize>r * <usize>classes + <usize>load<i32>(labels + (<usize>r << 2))) << 2);
    store<f32>(p, load<f32>(p) - 1);
  }
}

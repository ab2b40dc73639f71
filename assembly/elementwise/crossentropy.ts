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
  const lp = grad != 0 ? grad : heap.alloc(n << 2);
  log_softmax_f32(x, lp, rows, classes, 1);
  for (let r = 0; r < rows; r++) {
    const y = <usize>r * <usize>classes + <usize>load<i32>(labels + (<usize>r << 2));
    store<f32>(loss + (<usize>r << 2), -load<f32>(lp + (y << 2)));
  }
  if (grad == 0) {
    heap.free(lp);
    return;
  }
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) v128.store(lp + (i << 2), expV(v128.load(lp + (i << 2))));
  if (i < n) storeK(lp + (i << 2), expV(loadK(lp + (i << 2), n - i)), n - i);
  for (let r = 0; r < rows; r++) {
    const p = lp + ((<usize>r * <usize>classes + <usize>load<i32>(labels + (<usize>r << 2))) << 2);
    store<f32>(p, load<f32>(p) - 1);
  }
}

// Adam and AdamW (keras/src/optimizers/adam.py; AdamW is Adam with weight
// decay on). State: s0 momentum, s1 velocity, s2 velocity_hat (amsgrad).
// P[3] alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) (computed in JS),
// P[4] 1 - beta_1, P[5] 1 - beta_2, P[6] epsilon, P[7] amsgrad (0/1).
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   v_hat = max(v_hat, v) (amsgrad);  w -= m * alpha / (sqrt(v or v_hat) + epsilon)
import { ema, flag, loadK, storeK } from "./common";

@inline export function adamStep(
  x: v128, g: v128, s0: usize, s1: usize, s2: usize, s0o: usize, s1o: usize, s2o: usize, k: usize,
  alpha: v128, c1: v128, c2: v128, eps: v128, amsgrad: v128,
): v128 {
  const m = ema(loadK(s0, k), g, c1);
  let v = ema(loadK(s1, k), f32x4.mul(g, g), c2);
  storeK(s0o, m, k);
  storeK(s1o, v, k);
  if (flag(amsgrad)) {
    v = f32x4.max(loadK(s2, k), v);
    storeK(s2o, v, k);
  }
  return f32x4.sub(x, f32x4.div(f32x4.mul(m, alpha), f32x4.add(f32x4.sqrt(v), eps)));
}

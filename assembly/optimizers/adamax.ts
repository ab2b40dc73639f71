// Adamax (keras/src/optimizers/adamax.py). State: s0 momentum, s1 norm.
// P[3] 1 - beta_1, P[4] beta_2, P[5] epsilon, P[6] 1 - beta_1^t (from JS).
//   m += (g - m) * (1 - beta_1);  u = max(beta_2 * u, |g|)
//   w -= lr * m / ((1 - beta_1^t) * (u + eps))
import { ema, loadK, storeK } from "./common";

@inline export function adamaxStep(
  x: v128, g: v128, s0: usize, s1: usize, s0o: usize, s1o: usize, k: usize, lr: v128, c1: v128, b2: v128, eps: v128, d: v128,
): v128 {
  const m = ema(loadK(s0, k), g, c1);
  const u = f32x4.max(f32x4.mul(b2, loadK(s1, k)), f32x4.abs(g));
  storeK(s0o, m, k);
  storeK(s1o, u, k);
  return f32x4.sub(x, f32x4.div(f32x4.mul(lr, m), f32x4.mul(d, f32x4.add(u, eps))));
}

// Nadam (keras/src/optimizers/nadam.py). State: s0 momentum, s1 velocity.
// The step's scalars come from JS (the shared u_product is updated once per
// apply there): P[3] 1 - beta_1, P[4] 1 - beta_2, P[5] epsilon,
// P[6] u_{t+1}, P[7] 1 - u_product * u_{t+1}, P[8] 1 - u_t,
// P[9] 1 - u_product, P[10] 1 - beta_2^t.
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   m_hat = u_{t+1} m / (1 - u_product u_{t+1}) + (1 - u_t) g / (1 - u_product)
//   v_hat = v / (1 - beta_2^t);  w -= m_hat * lr / (sqrt(v_hat) + eps)
import { ema, loadK, storeK } from "./common";

@inline export function nadamStep(
  x: v128, g: v128, s0: usize, s1: usize, s0o: usize, s1o: usize, k: usize,
  lr: v128, c1: v128, c2: v128, eps: v128, ut1: v128, d1: v128, k2: v128, d2: v128, bv: v128,
): v128 {
  const m = ema(loadK(s0, k), g, c1);
  const v = ema(loadK(s1, k), f32x4.mul(g, g), c2);
  storeK(s0o, m, k);
  storeK(s1o, v, k);
  const mHat = f32x4.add(f32x4.div(f32x4.mul(ut1, m), d1), f32x4.div(f32x4.mul(k2, g), d2));
  return f32x4.sub(x, f32x4.div(f32x4.mul(mHat, lr), f32x4.add(f32x4.sqrt(f32x4.div(v, bv)), eps)));
}

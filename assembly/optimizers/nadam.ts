// Nadam (keras/src/optimizers/nadam.py). State: s0 momentum, s1 velocity.
// The step's scalars come from JS (the shared u_product is updated once per
// apply there): P[3] 1 - beta_1, P[4] 1 - beta_2, P[5] epsilon,
// P[6] u_{t+1}, P[7] 1 - u_product * u_{t+1}, P[8] 1 - u_t,
// P[9] 1 - u_product, P[10] 1 - beta_2^t.
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   m_hat = u_{t+1} m / (1 - u_product u_{t+1}) + (1 - u_t) g / (1 - u_product)
//   v_hat = v / (1 - beta_2^t);  w -= m_hat * lr / (sqrt(v_hat) + eps)
import { decayed, ema, loadK, param, storeK } from "./common";

export function nadam_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const c1 = param(p, 3), c2 = param(p, 4), eps = param(p, 5), ut1 = param(p, 6);
  const d1 = param(p, 7), k2 = param(p, 8), d2 = param(p, 9), bv = param(p, 10);
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    const m = ema(loadK(s0 + o, k), gv, c1);
    const v = ema(loadK(s1 + o, k), f32x4.mul(gv, gv), c2);
    storeK(s0o + o, m, k);
    storeK(s1o + o, v, k);
    const mHat = f32x4.add(f32x4.div(f32x4.mul(ut1, m), d1), f32x4.div(f32x4.mul(k2, gv), d2));
    const vHat = f32x4.div(v, bv);
    storeK(wo + o, f32x4.sub(x, f32x4.div(f32x4.mul(mHat, lr), f32x4.add(f32x4.sqrt(vHat), eps))), k);
  }
}

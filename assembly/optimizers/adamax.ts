// Adamax (keras/src/optimizers/adamax.py). State: s0 momentum, s1 norm.
// P[3] 1 - beta_1, P[4] beta_2, P[5] epsilon, P[6] 1 - beta_1^t (from JS).
//   m += (g - m) * (1 - beta_1);  u = max(beta_2 * u, |g|)
//   w -= lr * m / ((1 - beta_1^t) * (u + eps))
import { decayed, ema, loadK, param, storeK } from "./common";

export function adamax_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const c1 = param(p, 3), b2 = param(p, 4), eps = param(p, 5), d = param(p, 6);
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    const m = ema(loadK(s0 + o, k), gv, c1);
    const u = f32x4.max(f32x4.mul(b2, loadK(s1 + o, k)), f32x4.abs(gv));
    storeK(s0o + o, m, k);
    storeK(s1o + o, u, k);
    storeK(wo + o, f32x4.sub(x, f32x4.div(f32x4.mul(lr, m), f32x4.mul(d, f32x4.add(u, eps)))), k);
  }
}

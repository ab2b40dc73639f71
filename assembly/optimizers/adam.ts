// Adam and AdamW (keras/src/optimizers/adam.py; AdamW is Adam with weight
// decay on). State: s0 momentum, s1 velocity, s2 velocity_hat (amsgrad).
// P[3] alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) (computed in JS),
// P[4] 1 - beta_1, P[5] 1 - beta_2, P[6] epsilon, P[7] amsgrad (0/1).
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   v_hat = max(v_hat, v) (amsgrad);  w -= m * alpha / (sqrt(v or v_hat) + epsilon)
import { decayed, ema, loadK, param, storeK } from "./common";

export function adam_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const alpha = param(p, 3), c1 = param(p, 4), c2 = param(p, 5), eps = param(p, 6), amsgrad = load<f32>(p, 28) != 0;
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    const m = ema(loadK(s0 + o, k), gv, c1);
    let v = ema(loadK(s1 + o, k), f32x4.mul(gv, gv), c2);
    storeK(s0o + o, m, k);
    storeK(s1o + o, v, k);
    if (amsgrad) {
      v = f32x4.max(loadK(s2 + o, k), v);
      storeK(s2o + o, v, k);
    }
    storeK(wo + o, f32x4.sub(x, f32x4.div(f32x4.mul(m, alpha), f32x4.add(f32x4.sqrt(v), eps))), k);
  }
}

// SGD (keras/src/optimizers/sgd.py). State s0: momentum (when momentum != 0).
// P[3] momentum, P[4] nesterov (0/1), P[5] has momentum (0/1).
//   m = m * momentum - g * lr
//   w = nesterov ? w + (m * momentum - g * lr) : w + m      (with momentum)
//   w = w - g * lr                                          (without)
import { decayed, loadK, param, storeK } from "./common";

export function sgd_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const mom = param(p, 3), nesterov = load<f32>(p, 16) != 0, hasM = load<f32>(p, 20) != 0;
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gl = f32x4.mul(loadK(g + o, k), lr);
    if (hasM) {
      const m = f32x4.sub(f32x4.mul(loadK(s0 + o, k), mom), gl);
      storeK(s0o + o, m, k);
      storeK(wo + o, f32x4.add(x, nesterov ? f32x4.sub(f32x4.mul(m, mom), gl) : m), k);
    } else {
      storeK(wo + o, f32x4.sub(x, gl), k);
    }
  }
}

// Adagrad (keras/src/optimizers/adagrad.py). State: s0 accumulator (starts
// at initial_accumulator_value, 0.1 by default). P[3] epsilon.
//   acc += g^2;  w -= lr * g / sqrt(acc + eps)   (epsilon inside the root)
import { decayed, loadK, param, storeK } from "./common";

export function adagrad_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const eps = param(p, 3);
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    const acc = f32x4.add(loadK(s0 + o, k), f32x4.mul(gv, gv));
    storeK(s0o + o, acc, k);
    storeK(wo + o, f32x4.sub(x, f32x4.div(f32x4.mul(lr, gv), f32x4.sqrt(f32x4.add(acc, eps)))), k);
  }
}

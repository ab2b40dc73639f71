// RMSprop (keras/src/optimizers/rmsprop.py). State: s0 velocity,
// s1 momentum (momentum > 0), s2 average_gradient (centered).
// P[3] rho, P[4] 1 - rho, P[5] momentum, P[6] epsilon, P[7] centered (0/1).
//   vel = rho * vel + (1 - rho) * g^2
//   avg = rho * avg + (1 - rho) * g;  denom = vel - avg^2 + eps   (centered)
//   denom = vel + eps                                            (else)
//   inc = lr * g / sqrt(denom)          (epsilon inside the square root)
//   mom = momentum * mom + inc; w -= mom (momentum > 0), else w -= inc
import { decayed, loadK, param, storeK } from "./common";

export function rmsprop_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const rho = param(p, 3), c = param(p, 4), mom = param(p, 5), eps = param(p, 6);
  const hasM = load<f32>(p, 20) > 0, centered = load<f32>(p, 28) != 0;
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    const vel = f32x4.add(f32x4.mul(rho, loadK(s0 + o, k)), f32x4.mul(c, f32x4.mul(gv, gv)));
    storeK(s0o + o, vel, k);
    let denom = f32x4.add(vel, eps);
    if (centered) {
      const avg = f32x4.add(f32x4.mul(rho, loadK(s2 + o, k)), f32x4.mul(c, gv));
      storeK(s2o + o, avg, k);
      denom = f32x4.add(f32x4.sub(vel, f32x4.mul(avg, avg)), eps);
    }
    const inc = f32x4.div(f32x4.mul(lr, gv), f32x4.sqrt(denom));
    if (hasM) {
      const m = f32x4.add(f32x4.mul(mom, loadK(s1 + o, k)), inc);
      storeK(s1o + o, m, k);
      storeK(wo + o, f32x4.sub(x, m), k);
    } else {
      storeK(wo + o, f32x4.sub(x, inc), k);
    }
  }
}

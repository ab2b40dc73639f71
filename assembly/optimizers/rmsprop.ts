// RMSprop (keras/src/optimizers/rmsprop.py). State: s0 velocity,
// s1 momentum (momentum > 0), s2 average_gradient (centered).
// P[3] rho, P[4] 1 - rho, P[5] momentum, P[6] epsilon, P[7] centered (0/1).
//   vel = rho * vel + (1 - rho) * g^2
//   avg = rho * avg + (1 - rho) * g;  denom = vel - avg^2 + eps   (centered)
//   denom = vel + eps                                            (else)
//   inc = lr * g / sqrt(denom)          (epsilon inside the square root)
//   mom = momentum * mom + inc; w -= mom (momentum > 0), else w -= inc
import { flag, loadK, storeK } from "./common";

@inline export function rmspropStep(
  x: v128, g: v128, s0: usize, s1: usize, s2: usize, s0o: usize, s1o: usize, s2o: usize, k: usize,
  lr: v128, rho: v128, c: v128, mom: v128, eps: v128, centered: v128,
): v128 {
  const vel = f32x4.add(f32x4.mul(rho, loadK(s0, k)), f32x4.mul(c, f32x4.mul(g, g)));
  storeK(s0o, vel, k);
  let denom = f32x4.add(vel, eps);
  if (flag(centered)) {
    const avg = f32x4.add(f32x4.mul(rho, loadK(s2, k)), f32x4.mul(c, g));
    storeK(s2o, avg, k);
    denom = f32x4.add(f32x4.sub(vel, f32x4.mul(avg, avg)), eps);
  }
  const inc = f32x4.div(f32x4.mul(lr, g), f32x4.sqrt(denom));
  if (!(f32x4.extract_lane(mom, 0) > 0)) return f32x4.sub(x, inc);
  const m = f32x4.add(f32x4.mul(mom, loadK(s1, k)), inc);
  storeK(s1o, m, k);
  return f32x4.sub(x, m);
}

// SGD (keras/src/optimizers/sgd.py). State s0: momentum (when momentum != 0).
// P[3] momentum, P[4] nesterov (0/1), P[5] has momentum (0/1).
//   m = m * momentum - g * lr
//   w = nesterov ? w + (m * momentum - g * lr) : w + m      (with momentum)
//   w = w - g * lr                                          (without)
import { flag, loadK, storeK } from "./common";

/** The new value of 4 (k) lanes at byte offset o; writes the new state. */
@inline export function sgdStep(x: v128, g: v128, s0: usize, s0o: usize, k: usize, lr: v128, mom: v128, nesterov: v128, hasM: v128): v128 {
  const gl = f32x4.mul(g, lr);
  if (!flag(hasM)) return f32x4.sub(x, gl);
  const m = f32x4.sub(f32x4.mul(loadK(s0, k), mom), gl);
  storeK(s0o, m, k);
  return f32x4.add(x, flag(nesterov) ? f32x4.sub(f32x4.mul(m, mom), gl) : m);
}

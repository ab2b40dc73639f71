// Adagrad (keras/src/optimizers/adagrad.py). State: s0 accumulator (starts
// at initial_accumulator_value, 0.1 by default). P[3] epsilon.
//   acc += g^2;  w -= lr * g / sqrt(acc + eps)   (epsilon inside the root)
import { loadK, storeK } from "./common";

@inline export function adagradStep(x: v128, g: v128, s0: usize, s0o: usize, k: usize, lr: v128, eps: v128): v128 {
  const acc = f32x4.add(loadK(s0, k), f32x4.mul(g, g));
  storeK(s0o, acc, k);
  return f32x4.sub(x, f32x4.div(f32x4.mul(lr, g), f32x4.sqrt(f32x4.add(acc, eps))));
}

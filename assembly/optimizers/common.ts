// Shared pieces of the fused optimizer updates (update.ts runs them). Every
// update kernel has one signature: (w, g, s0, s1, s2, wOut, s0Out, s1Out,
// s2Out, n, params): the variable, its gradient, up to three state buffers
// (0 where the optimizer has fewer), new storages for each, the element
// count, and 11 float32 parameters, the first three shared:
//   P[0] learning rate, P[1] weight decay, P[2] 1 if weight decay applies,
//   P[3..10] the optimizer's own (unused ones are 0).
// Nothing is written in place: tensors are immutable, and other results'
// recipes may read the old values.
export { loadK, storeK } from "../elementwise/mathf";

/** Parameter `i` of the array at `p`, in every lane. */
@inline export function param(p: usize, i: i32): v128 {
  return f32x4.splat(load<f32>(p + (<usize>i << 2)));
}

/** A 0/1 flag parameter (splatted) as a bool. */
@inline export function flag(v: v128): bool {
  return f32x4.extract_lane(v, 0) != 0;
}

/**
 * Keras's `_apply_weight_decay`, run before the update:
 * `w - w * wd * lr`, each product rounded to float32 in that order.
 */
@inline export function decayed(w: v128, on: bool, wd: v128, lr: v128): v128 {
  return on ? f32x4.sub(w, f32x4.mul(f32x4.mul(w, wd), lr)) : w;
}

/** A moving average step, `m + (x - m) * c` (Keras's `assign_add(m, (x - m) * (1 - beta))`). */
@inline export function ema(m: v128, x: v128, c: v128): v128 {
  return f32x4.add(m, f32x4.mul(f32x4.sub(x, m), c));
}

// Gradient clipping as Keras's base optimizer does it (`_clip_by_norm`,
// `clip_by_global_norm`, clipvalue): the norms are scalars, computed by ops
// and finished in float32 in JS; the scaling is one op per gradient.
import { clip, square } from "../ops/math.js";
import { divide, multiply } from "../ops/elementwise.js";
import { sum } from "../ops/reduction.js";
import type { Tensor } from "../tensor.js";

const r = Math.fround;

/** `g * clipnorm / max(||g||, clipnorm)`; an all-zero gradient stays 0 (norm 0, not NaN). */
export function clipByNorm(g: Tensor, clipnorm: number): Tensor {
  const l2sum = sum(square(g)).item();
  // Keras's two-tap where: the root only where the sum is > 0.
  const l2norm = l2sum > 0 ? r(Math.sqrt(l2sum)) : l2sum;
  const c = r(clipnorm);
  const denom = Number.isNaN(l2norm) ? NaN : Math.max(l2norm, c);
  return divide(multiply(g, clipnorm), denom);
}

/** Every gradient times `clipnorm * min(1 / norm, 1 / clipnorm)`, NaN for a non-finite global norm. */
export function clipByGlobalNorm(grads: readonly Tensor[], clipnorm: number): Tensor[] {
  let total = 0;
  for (const g of grads) total = r(total + sum(square(g)).item());
  const norm = r(Math.sqrt(total));
  const c = r(clipnorm);
  const inv = r(1 / norm);
  const invC = r(1 / c);
  const forFinite = r(c * (Number.isNaN(inv) ? NaN : Math.min(inv, invC)));
  const scale = r(forFinite + r(norm - norm));
  return grads.map((g) => multiply(g, scale));
}

/** Each gradient clipped to [-clipvalue, clipvalue]. */
export function clipByValue(grads: readonly Tensor[], clipvalue: number): Tensor[] {
  return grads.map((g) => clip(g, -clipvalue, clipvalue));
}

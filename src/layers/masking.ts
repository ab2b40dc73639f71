// Keras's `_keras_mask`: a mask attached to a tensor. Tensors are immutable
// and shared, so the attachment lives in a WeakMap keyed by the tensor
// object (the same identity semantics as Keras's attribute).
import { Tensor } from "../tensor.js";

const MASKS = new WeakMap<Tensor, Tensor>();

/**
 * The mask attached to `x` by a masking layer, or null.
 *
 * @example
 * class MaskZeros extends keras.Layer {
 *   call(x) { return x; }
 *   computeMask(x) { return keras.ops.notEqual(x, 0); }
 * }
 * const y = new MaskZeros().apply(keras.tensor([[1, 0, 2]]));
 * keras.layers.getKerasMask(y).toArray(); // [[1, 0, 1]]
 * keras.layers.getKerasMask(keras.tensor([1])); // null
 */
export function getKerasMask(x: unknown): Tensor | null {
  return x instanceof Tensor ? MASKS.get(x) ?? null : null;
}

/**
 * Attaches `mask` to `x` (null removes it), as a masking layer does to its
 * outputs.
 *
 * @example
 * const x = keras.tensor([[1, 0]]);
 * keras.layers.setKerasMask(x, ops.notEqual(x, 0));
 * keras.layers.getKerasMask(x).toArray(); // [[1, 0]]
 * keras.layers.setKerasMask(x, null);
 * keras.layers.getKerasMask(x); // null
 */
export function setKerasMask(x: Tensor, mask: Tensor | null): void {
  if (mask === null) MASKS.delete(x);
  else MASKS.set(x, mask);
}

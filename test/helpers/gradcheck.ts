// Checks valueAndGrad against central finite differences. The library has
// no float64 arithmetic (float64 operands are computed in float32, see
// src/ops/core.ts), so the differences are taken in one random direction v
// per check, on float32 losses, with a step h far above float32's noise:
// (L(x + h v) - L(x - h v)) / 2h must match <grad L, v>. Inputs are kept
// more than h away from kinks (relu at 0, ties of max, clip bounds), where
// a difference quotient says nothing about the rule.
import fc from "fast-check";
import { expect } from "vitest";
import { ops, tensor, valueAndGrad, Variable, type Tensor, type TensorLike } from "../../src/index.js";

export interface Input {
  shape: number[];
  data: Float32Array;
}

export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** A dimension: small, size-1 common. */
export const dim = fc.constantFrom(1, 1, 2, 3, 4);
export const shapeArb = (minRank = 0, maxRank = 3): fc.Arbitrary<number[]> => fc.array(dim, { minLength: minRank, maxLength: maxRank });

/** Two shapes that broadcast together: leading axes dropped and axes set to 1 on either side. */
export const broadcastPair = (minRank = 0): fc.Arbitrary<[number[], number[]]> =>
  fc.tuple(shapeArb(minRank, 3), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 })).map(([out, m, drop]) => {
    const a = out.map((d, i) => (m[i]! & 1 ? 1 : d));
    const b = out.map((d, i) => (m[i]! & 2 ? 1 : d));
    if (drop === 1 && a.length > minRank) a.shift();
    if (drop === 2 && b.length > minRank) b.shift();
    return [a, b];
  });

/** Smooth values in [lo, hi]. */
export const smooth = (shape: number[], lo = -2, hi = 2): fc.Arbitrary<Input> =>
  fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float32Array(v) }));

/** Values on the grid k * step + offset (k in [-10, 10]): away from kinks placed between grid points. */
export const grid = (shape: number[], offset = 0.05, step = 0.1): fc.Arbitrary<Input> =>
  fc.array(fc.integer({ min: -10, max: 10 }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float32Array(v.map((k) => k * step + offset)) }));

/** Distinct values 0.1 apart (no ties, so max/min are differentiable). */
export const distinct = (shape: number[]): fc.Arbitrary<Input> =>
  fc.uniqueArray(fc.integer({ min: -60, max: 60 }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float32Array(v.map((k) => k * 0.1)) }));

// Deterministic pseudo-random numbers in [-1, 1).
function lcg(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/**
 * Asserts that valueAndGrad of L(xs) = sum(w * f(xs)) (w fixed weights, so
 * that dy is not all ones) matches central differences. `f` gets Variables
 * under valueAndGrad and plain tensors for the differences.
 */
export function checkGradient(f: (xs: TensorLike[]) => Tensor, inputs: readonly Input[], h = 1e-3): void {
  const vars = inputs.map((x) => new Variable(tensor(x.data, x.shape)));
  const outShape = f(vars).shape;
  const w = tensor(lcg(sizeOf(outShape), 7).map((x) => 0.5 + 0.5 * x), outShape);
  const loss = (xs: TensorLike[]): Tensor => ops.sum(ops.multiply(f(xs), w));
  const { value, grads } = valueAndGrad(() => loss(vars), vars);
  grads.forEach((g, i) => {
    expect(g.shape).toEqual(inputs[i]!.shape);
    expect(g.dtype).toBe("float32");
  });
  const dirs = inputs.map((x, i) => lcg(x.data.length, 101 + i));
  const moved = (sign: number): Tensor[] => inputs.map((x, i) => tensor(x.data.map((v, k) => v + sign * h * dirs[i]![k]!), x.shape));
  const fd = (loss(moved(1)).item() - loss(moved(-1)).item()) / (2 * h);
  let an = 0;
  grads.forEach((g, i) => g.data.forEach((v, k) => (an += v * dirs[i]![k]!)));
  // float32 rounding of L, divided by 2h, bounds the noise of fd.
  const scale = 1 + Math.abs(value.item()) + ops.sum(ops.abs(f(inputs.map((x) => tensor(x.data, x.shape))))).item();
  expect(Math.abs(fd - an), `fd ${fd} vs analytic ${an}`).toBeLessThanOrEqual(1e-2 * Math.abs(an) + 2e-3 * scale);
}

// Checks valueAndGrad against central finite differences on the float64
// reference path: variables, inputs and every op in float64 (double
// precision kernels; withFloat64Results keeps float64 with float64 in
// float64, where Keras's default promotion would give float32). For each
// input in turn, (L(x + h v) - L(x - h v)) / 2h along a random direction v
// must match <dL/dx, v> to 1e-6 relative, with h = 1e-6: the truncation
// error is ~h^2 |L'''| / 6, the rounding noise ~1e-16 |L| / h, both far
// below. Inputs are kept more than h away from kinks (relu at 0, ties of
// max, clip bounds), where a difference quotient says nothing about the rule.
import fc from "fast-check";
import { expect } from "vitest";
import { ops, tensor, valueAndGrad, Variable, type Tensor, type TensorLike } from "../../src/index.js";
import { withFloat64Results } from "../../src/dtype_promotion.js";

export interface Input {
  shape: number[];
  data: Float64Array;
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
  fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float64Array(v) }));

/** Values on the grid k * step + offset (k in [-10, 10]): away from kinks placed between grid points. */
export const grid = (shape: number[], offset = 0.05, step = 0.1): fc.Arbitrary<Input> =>
  fc.array(fc.integer({ min: -10, max: 10 }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float64Array(v.map((k) => k * step + offset)) }));

/** Distinct values 0.1 apart (no ties, so max/min are differentiable). */
export const distinct = (shape: number[]): fc.Arbitrary<Input> =>
  fc.uniqueArray(fc.integer({ min: -60, max: 60 }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((v) => ({ shape, data: new Float64Array(v.map((k) => k * 0.1)) }));

// Deterministic pseudo-random numbers in [-1, 1).
function lcg(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/**
 * The precision of a check: "float64" (default; the numbers above) or
 * "float32", for code that computes in float32 whatever its inputs (a
 * layer autocasts them to its compute dtype): h = 1e-3 and 1e-2 relative,
 * far above float32's noise. `h` and `rtol` override the defaults.
 */
export interface GradOptions {
  dtype?: "float64" | "float32";
  h?: number;
  rtol?: number;
}

const PRECISION = {
  float64: { h: 1e-6, rtol: 1e-6, atol: 1e-8 },
  float32: { h: 1e-3, rtol: 1e-2, atol: 2e-3 },
};

/**
 * Asserts that valueAndGrad of L(xs) = sum(w * f(xs)) (w fixed weights, so
 * that dy is not all ones) matches central differences, input by input, to
 * rtol |analytic| + atol (1 + |L| + sum |f|) (the rounding noise of L
 * scales with the size of its terms). `f` gets Variables under
 * valueAndGrad and plain tensors for the differences.
 */
export function checkGradient(f: (xs: TensorLike[]) => Tensor, inputs: readonly Input[], options: GradOptions = {}): void {
  const dtype = options.dtype ?? "float64";
  const { h, rtol, atol } = { ...PRECISION[dtype], ...options };
  const f64 = (data: ArrayLike<number>, shape: number[]): Tensor => tensor(Float64Array.from(data), shape, dtype);
  const check = (): void => {
    const vars = inputs.map((x) => new Variable(f64(x.data, x.shape)));
    const outShape = f(vars).shape;
    const w = f64(lcg(sizeOf(outShape), 7).map((x) => 0.5 + 0.5 * x), outShape);
    const loss = (xs: TensorLike[]): Tensor => ops.sum(ops.multiply(f(xs), w));
    const { value, grads } = valueAndGrad(() => loss(vars), vars);
    expect(value.dtype).toBe(dtype);
    const plain = inputs.map((x) => f64(x.data, x.shape));
    const scale = 1 + Math.abs(value.item()) + ops.sum(ops.abs(f(plain))).item();
    grads.forEach((g, i) => {
      expect(g.shape).toEqual(inputs[i]!.shape);
      expect(g.dtype).toBe(dtype);
      const x = inputs[i]!;
      const v = lcg(x.data.length, 101 + i);
      const at = (sign: number): number => {
        const xs = plain.slice();
        xs[i] = f64(x.data.map((e, k) => e + sign * h * v[k]!), x.shape);
        return loss(xs).item();
      };
      const fd = (at(1) - at(-1)) / (2 * h);
      let an = 0;
      g.data.forEach((e, k) => (an += e * v[k]!));
      expect(Math.abs(fd - an), `input ${i}: fd ${fd} vs analytic ${an}`).toBeLessThanOrEqual(rtol * Math.abs(an) + atol * scale);
    });
  };
  if (dtype === "float64") withFloat64Results(check);
  else check();
}

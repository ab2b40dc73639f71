// fast-check generators shared by the kernel properties: shapes with
// 0- and 1-sized dims and lengths that do not fill a SIMD lane, and float32
// values that include NaN, ±Infinity and -0.
import fc from "fast-check";

export const specialF32 = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 3.4028234663852886e38, 1.401298464324817e-45);

/** Any float32 value, specials weighted in. */
export const f32 = fc.oneof({ weight: 3, arbitrary: fc.float() }, { weight: 1, arbitrary: specialF32 });

/** Moderate float32 values (no overflow in products or sums). */
export const f32Moderate = fc.oneof(
  { weight: 4, arbitrary: fc.float({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: specialF32 },
);

export const i32 = fc.oneof(fc.integer(), fc.integer({ min: -5, max: 5 }), fc.constantFrom(0, -2147483648, 2147483647));

/** A dimension: mostly small, with 0 and 1 common and lane-misaligned sizes. */
export const dim = fc.oneof(fc.constantFrom(0, 1, 1, 2, 3, 4, 5, 7, 15, 16, 17, 33), fc.integer({ min: 0, max: 40 }));

/** A shape of rank 0..maxRank whose size stays under maxSize. */
export function shape(maxRank = 4, maxSize = 4000): fc.Arbitrary<number[]> {
  return fc.array(dim, { minLength: 0, maxLength: maxRank }).filter((s) => s.reduce((a, b) => a * b, 1) <= maxSize);
}

/** Two shapes that broadcast together, each side broadcasting in turn. */
export function broadcastPair(maxRank = 4, maxSize = 3000): fc.Arbitrary<[number[], number[]]> {
  return fc
    .tuple(shape(maxRank, maxSize), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: maxRank }), fc.integer({ min: 0, max: 2 }))
    .map(([out, masks, drop]) => {
      // Each dim of each side is either the full dim or 1 (mask bit).
      const a = out.map((d, i) => ((masks[i] ?? 0) & 1 ? 1 : d));
      const b = out.map((d, i) => ((masks[i] ?? 0) & 2 ? 1 : d));
      // Drop leading dims from one side to test rank broadcasting.
      return (drop === 1 ? [a.slice(Math.min(1, a.length)), b] : drop === 2 ? [a, b.slice(Math.min(1, b.length))] : [a, b]) as [number[], number[]];
    });
}

export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export function floatArray(n: number, values = f32): fc.Arbitrary<Float32Array> {
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => new Float32Array(v));
}

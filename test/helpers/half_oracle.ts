// An independent float16 / bfloat16 rounding oracle for the tests: it knows
// nothing of bit tricks. Halves are decoded from their definition
// ((-1)^s * 2^(e-15) * (1 + m/1024), subnormals m * 2^-24), and a number is
// rounded by finding the two halves around it in the sorted table of all
// finite values and comparing distances exactly (doubles hold them all).

/** The value of a float16 pattern, from the IEEE definition. */
export function decodeF16(p: number): number {
  const s = p & 0x8000 ? -1 : 1;
  const e = (p >> 10) & 31;
  const m = p & 1023;
  if (e === 31) return m ? NaN : s * Infinity;
  return e === 0 ? s * m * 2 ** -24 : s * 2 ** (e - 15) * (1 + m / 1024);
}

/** The value of a bfloat16 pattern, from the definition (8 exponent bits, 7 mantissa). */
export function decodeBf16(p: number): number {
  const s = p & 0x8000 ? -1 : 1;
  const e = (p >> 7) & 255;
  const m = p & 127;
  if (e === 255) return m ? NaN : s * Infinity;
  return e === 0 ? s * m * 2 ** -133 : s * 2 ** (e - 127) * (1 + m / 128);
}

function table(decode: (p: number) => number, maxFinite: number, overflow: number): Float64Array {
  // Non-negative finite values by pattern, plus the first value past the
  // top (where Infinity starts when rounding).
  const t = new Float64Array(maxFinite + 2);
  for (let p = 0; p <= maxFinite; p++) t[p] = decode(p);
  t[maxFinite + 1] = overflow;
  return t;
}

const F16 = table(decodeF16, 0x7bff, 65536);
const BF16 = table(decodeBf16, 0x7f7f, 2 ** 128);

function nearest(t: Float64Array, x: number, nan: number): number {
  if (Number.isNaN(x)) return nan;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  let lo = 0;
  let hi = t.length - 1;
  if (a >= t[hi]!) return sign | hi; // past the top: the Infinity pattern
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= a) lo = mid;
    else hi = mid;
  }
  const dLo = a - t[lo]!;
  const dHi = t[hi]! - a;
  const p = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
  return sign | p;
}

/** The float16 pattern nearest to `x` (ties to even; NaN -> 0x7E00). */
export const nearestF16 = (x: number): number => nearest(F16, x, 0x7e00);
/** The bfloat16 pattern nearest to `x` (ties to even; NaN -> 0x7FC0). */
export const nearestBf16 = (x: number): number => nearest(BF16, x, 0x7fc0);

// Scalar twins of assembly/elementwise/mathf.ts: the same operations in
// the same order, each rounded to float32 with Math.fround, so the results
// equal the f32x4 lanes bit for bit. (Rounding an f64 +, -, *, / or sqrt
// of two float32 values to float32 gives the correctly rounded float32
// result, since 53 >= 2 * 24 + 2.) Keep in step with the AssemblyScript.

const f = Math.fround;
const F = new Float32Array(1);
const I = new Int32Array(F.buffer);

const EXP_HI = f(88.8);
const EXP_LO = f(-104.0);
const LOG2E = f(1.44269504088896341);
const LN2_HI = f(0.693359375);
const LN2_LO = f(-2.1219444e-4);
const EP = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);

/** 2^n for an integer n in [-126, 127] (exact). */
const pow2i = (n: number): number => 2 ** n;

const ROUND = 12582912; // 1.5 * 2^23

/** e^r - 1 for a reduced |r| <= 0.5: r + r^2 P(r), as expPoly in the kernels. */
function expPoly(r: number): number {
  let y = EP[0]!;
  for (let k = 1; k < 6; k++) y = f(f(y * r) + EP[k]!);
  return f(f(y * f(r * r)) + r);
}

export function expf(x0: number): number {
  const xl = x0 < EXP_LO ? EXP_LO : x0; // f32x4.pmax / pmin: NaN passes through
  const x = EXP_HI < xl ? EXP_HI : xl;
  const fx = f(f(f(x * LOG2E) + ROUND) - ROUND);
  let r = f(x - f(fx * LN2_HI));
  r = f(r - f(fx * LN2_LO));
  const y = f(expPoly(r) + 1);
  const n = Number.isNaN(fx) ? 0 : fx;
  const n1 = n >> 1;
  return f(f(y * pow2i(n1)) * pow2i(n - n1));
}

/** Twin of expm1V: exp's polynomial without the + 1 below 0.5, else expf(x) - 1; ±0 kept. */
export function expm1f(x: number): number {
  if (x === 0) return x;
  return Math.abs(x) < 0.5 ? expPoly(x) : f(expf(x) - 1);
}

const MIN_NORMAL = f(1.17549435e-38);
const SQRTHF = f(0.707106781186547524);
const LP = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
  -2.4999993993e-1, 3.3333331174e-1,
].map(f);

export function logf(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === 0) return -Infinity;
  if (!(x >= 0)) return NaN;
  let xs = x;
  let e = -126;
  if (x < MIN_NORMAL) {
    xs = f(x * 8388608);
    e -= 23;
  }
  F[0] = xs;
  const bits = I[0]!;
  e += (bits >>> 23) & 0xff;
  I[0] = (bits & 0x007fffff) | 0x3f000000;
  const m = F[0]!;
  let t = m;
  if (m < SQRTHF) {
    e -= 1;
    t = f(m + m);
  }
  const fr = f(t - 1);
  const z = f(fr * fr);
  let y = LP[0]!;
  for (let k = 1; k < 9; k++) y = f(f(y * fr) + LP[k]!);
  y = f(f(y * fr) * z);
  y = f(y + f(e * LN2_LO));
  y = f(y - f(z * 0.5));
  const r = f(fr + y);
  return f(r + f(e * LN2_HI));
}

export function log1pf(x: number): number {
  const u = f(1 + x);
  if (u === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (u === 1) return x;
  const c = x > 1 ? f(1 - f(u - x)) : f(x - f(u - 1));
  return f(logf(u) + f(c / u));
}

const TP = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1].map(f);

export function tanhf(x: number): number {
  const a = Math.abs(x);
  let t: number;
  if (a < 0.625) {
    const z = f(a * a);
    let p = TP[0]!;
    for (let k = 1; k < 5; k++) p = f(f(p * z) + TP[k]!);
    t = f(f(f(p * z) * a) + a);
  } else {
    const e = expf(f(a + a));
    t = f(1 - f(2 / f(e + 1)));
  }
  return x < 0 || Object.is(x, -0) ? -t : t;
}

export function sigmoidf(x: number): number {
  const e = expf(-Math.abs(x));
  return f((x < 0 ? e : 1) / f(1 + e));
}

export function softplusf(x: number): number {
  return f(Math.max(x, 0) + log1pf(expf(-Math.abs(x))));
}

const ERF_SMALL = f(0.84375);
const EC = [
  1.1283791670955126, -0.37612638903183752, 0.11283791670955126, -0.026866170645131252, 0.0052239776254421878,
  -0.00085483270234508528, 0.00012055332981789664, -1.4925650358406251e-5, 1.6462114365889247e-6, -1.6365844691234924e-7,
].map(f);
const ER = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
].map(f);

/** Twin of erfV: both branches are computed, as the lanes do, then selected. */
export function erff(x: number): number {
  const a = Math.abs(x);
  const z = f(a * a);
  let p = EC[9]!;
  for (let k = 8; k >= 0; k--) p = f(f(p * z) + EC[k]!);
  const small = f(a * p);
  const t = f(1 / f(1 + f(a * 0.5)));
  let h = ER[9]!;
  for (let k = 8; k >= 0; k--) h = f(f(h * t) + ER[k]!);
  const large = f(1 - f(t * expf(f(h - z))));
  const r = a < ERF_SMALL ? small : large;
  return x < 0 || Object.is(x, -0) ? -r : r;
}

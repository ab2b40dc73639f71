// f32x4 transcendental functions shared by the unary and softmax kernels.
//
// Each is a fixed sequence of plain f32 operations (add, sub, mul, div,
// min/max and pmin/pmax, compares, bit operations) with no fused
// multiply-add, so the TypeScript twins in src/backend/reference/mathf.ts
// reproduce them bit for bit with Math.fround after every step. Keep the two files in step:
// any change of constant or operation order here must be made there too.
//
// The algorithms are the classic Cephes single-precision ones (range
// reduction + polynomial), with the special values selected explicitly.
// Measured accuracy against correctly rounded f64 results is in
// test/kernels/unary.test.ts. Results never flush subnormals: exp scales
// by 2^n in two exact-power steps so a subnormal result is rounded once.

// ---- exp ----------------------------------------------------------------

const EXP_HI: f32 = 88.8; // exp(88.8) overflows: the clamp keeps n <= 128
const EXP_LO: f32 = -104.0; // exp(-104) < 2^-150: rounds to 0
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EP0: f32 = 1.9875691500e-4;
const EP1: f32 = 1.3981999507e-3;
const EP2: f32 = 8.3334519073e-3;
const EP3: f32 = 4.1665795894e-2;
const EP4: f32 = 1.6666665459e-1;
const EP5: f32 = 5.0000001201e-1;

/** 2^n for integer lanes n in [-126, 127]. */
@inline function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

const ROUND: f32 = 12582912.0; // 1.5 * 2^23: adding it rounds to an integer

/** One Horner step, p * z + c. */
@inline function horner(p: v128, z: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(p, z), f32x4.splat(c));
}

/** e^r - 1 for a reduced |r| <= 0.5: r + r^2 P(r) (Cephes' expf polynomial). */
@inline function expPoly(r: v128): v128 {
  let y = horner(f32x4.splat(EP0), r, EP1);
  y = horner(horner(horner(horner(y, r, EP2), r, EP3), r, EP4), r, EP5);
  return f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r);
}

/** e^x per lane; exp(-Inf) = 0, exp(+Inf) = +Inf, NaN stays NaN. */
@inline export function expV(x0: v128): v128 {
  // pmax/pmin (a single instruction each) keep NaN as the first operand.
  const x = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  // n = round(x / ln2) in the low mantissa bits of t (ties to even).
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUND));
  const fx = f32x4.sub(t, f32x4.splat(ROUND));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(LN2_LO)));
  const y = f32x4.add(expPoly(r), f32x4.splat(1.0));
  // n in [-150, 128] (garbage for NaN, where y is NaN anyway);
  // 2^n = 2^(n>>1) * 2^(n - (n>>1)), so a subnormal result rounds once.
  const n = i32x4.sub(t, i32x4.splat(0x4b400000));
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  return f32x4.mul(f32x4.mul(y, pow2i(n1)), pow2i(n2));
}

/**
 * e^x - 1 per lane, accurate near 0: below 0.5 in magnitude it is exp's
 * own polynomial without the final + 1 (x + x^2 P(x); within 1 ulp there,
 * measured); above, expV(x) - 1 loses little (|result| > 0.39). -0 stays -0.
 */
@inline export function expm1V(x: v128): v128 {
  const small = expPoly(x);
  const large = f32x4.sub(expV(x), f32x4.splat(1.0));
  const r = v128.bitselect(small, large, f32x4.lt(f32x4.abs(x), f32x4.splat(0.5)));
  return v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(0))); // keeps the sign of zero
}

// ---- log ----------------------------------------------------------------

const MIN_NORMAL: f32 = 1.17549435e-38;
const TWO23: f32 = 8388608.0;
const SQRTHF: f32 = 0.707106781186547524;
const LP0: f32 = 7.0376836292e-2;
const LP1: f32 = -1.1514610310e-1;
const LP2: f32 = 1.1676998740e-1;
const LP3: f32 = -1.2420140846e-1;
const LP4: f32 = 1.4249322787e-1;
const LP5: f32 = -1.6668057665e-1;
const LP6: f32 = 2.0000714765e-1;
const LP7: f32 = -2.4999993993e-1;
const LP8: f32 = 3.3333331174e-1;

/** Natural log per lane; log(±0) = -Inf, log(x<0) = NaN, log(+Inf) = +Inf. */
@inline export function logV(x: v128): v128 {
  // Subnormals: scale into the normal range first.
  const sub = f32x4.lt(x, f32x4.splat(MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(TWO23)), x, sub);
  const adj = v128.and(sub, i32x4.splat(23));
  // x = m * 2^e with m in [0.5, 1).
  let e = i32x4.sub(i32x4.sub(v128.and(i32x4.shr_u(xs, 23), i32x4.splat(0xff)), i32x4.splat(126)), adj);
  const m = v128.or(v128.and(xs, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  // m < sqrt(1/2): use 2m - 1 and e - 1 (the mask is -1 on those lanes).
  const small = f32x4.lt(m, f32x4.splat(SQRTHF));
  e = i32x4.add(e, small);
  const f = f32x4.sub(v128.bitselect(f32x4.add(m, m), m, small), f32x4.splat(1.0));
  const z = f32x4.mul(f, f);
  let y = f32x4.splat(LP0);
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP2));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP3));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP4));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP5));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP6));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP7));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(LP8));
  y = f32x4.mul(f32x4.mul(y, f), z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(fe, f32x4.splat(LN2_HI)));
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0)));
  return v128.bitselect(f32x4.splat(NaN), r, v128.not(f32x4.ge(x, f32x4.splat(0))));
}

/**
 * log(1 + x) per lane, accurate near 0: log(u) + c/u where u = 1 + x
 * rounded and c is that rounding's exact error (Fast2Sum).
 */
@inline export function log1pV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(one, x);
  const big = f32x4.gt(x, one);
  const c = v128.bitselect(
    f32x4.sub(one, f32x4.sub(u, x)), // |x| > 1: x is the larger addend
    f32x4.sub(x, f32x4.sub(u, one)),
    big,
  );
  let r = f32x4.add(logV(u), f32x4.div(c, u));
  r = v128.bitselect(x, r, f32x4.eq(u, one)); // |x| tiny (keeps -0)
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x, f32x4.splat(Infinity)));
  return v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(u, f32x4.splat(0)));
}

// ---- tanh, sigmoid, softplus ---------------------------------------------

const TANH_SMALL: f32 = 0.625;
const TP0: f32 = -5.70498872745e-3;
const TP1: f32 = 2.06390887954e-2;
const TP2: f32 = -5.37397155531e-2;
const TP3: f32 = 1.33314422036e-1;
const TP4: f32 = -3.33332819422e-1;

/** tanh per lane: odd polynomial below 0.625, else 1 - 2/(e^2|x| + 1). */
@inline export function tanhV(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(TP0);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(TP1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(TP2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(TP3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(TP4));
  const ps = f32x4.add(f32x4.mul(f32x4.mul(p, z), a), a);
  const one = f32x4.splat(1.0);
  const e = expV(f32x4.add(a, a));
  const pl = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(e, one)));
  const t = v128.bitselect(ps, pl, f32x4.lt(a, f32x4.splat(TANH_SMALL)));
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000))); // tanh is odd
}

/** 1 / (1 + e^-x), computed as e^-|x| based fractions so it never overflows. */
@inline export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const one = f32x4.splat(1.0);
  const num = v128.bitselect(e, one, f32x4.lt(x, f32x4.splat(0)));
  return f32x4.div(num, f32x4.add(one, e));
}

/**
 * max(x, 0) + log1p(e^-|x|). As e is in [0, 1] (or NaN), log1p reduces to
 * the x <= 1 branch of log1pV; the results are the same bits.
 */
@inline export function softplusV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const one = f32x4.splat(1.0);
  const u = f32x4.add(one, e);
  const c = f32x4.sub(e, f32x4.sub(u, one));
  const l = v128.bitselect(e, f32x4.add(logV(u), f32x4.div(c, u)), f32x4.eq(u, one));
  return f32x4.add(f32x4.max(x, f32x4.splat(0)), l);
}

// ---- erf ----------------------------------------------------------------

// |x| < 0.84375: the Maclaurin series x * sum_k c_k x^2k, c_k =
// 2/sqrt(pi) (-1)^k / (k! (2k + 1)), k <= 9 (the next term is < 5e-10
// relative). Above: 1 - erfc, erfc(a) = t exp(-a^2 + P(t)), t = 1/(1 + a/2),
// the Chebyshev fit of Numerical Recipes' erfcc (fractional error < 1.2e-7).
const ERF_SMALL: f32 = 0.84375;
const EC0: f32 = 1.1283791670955126;
const EC1: f32 = -0.37612638903183752;
const EC2: f32 = 0.11283791670955126;
const EC3: f32 = -0.026866170645131252;
const EC4: f32 = 0.0052239776254421878;
const EC5: f32 = -0.00085483270234508528;
const EC6: f32 = 0.00012055332981789664;
const EC7: f32 = -1.4925650358406251e-5;
const EC8: f32 = 1.6462114365889247e-6;
const EC9: f32 = -1.6365844691234924e-7;
const ER0: f32 = -1.26551223;
const ER1: f32 = 1.00002368;
const ER2: f32 = 0.37409196;
const ER3: f32 = 0.09678418;
const ER4: f32 = -0.18628806;
const ER5: f32 = 0.27886807;
const ER6: f32 = -1.13520398;
const ER7: f32 = 1.48851587;
const ER8: f32 = -0.82215223;
const ER9: f32 = 0.17087277;

/** erf per lane; erf(±Inf) = ±1, erf(-0) = -0, NaN stays NaN. */
@inline export function erfV(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(a, a);
  let p = horner(f32x4.splat(EC9), z, EC8);
  p = horner(horner(horner(p, z, EC7), z, EC6), z, EC5);
  p = horner(horner(horner(p, z, EC4), z, EC3), z, EC2);
  p = horner(horner(p, z, EC1), z, EC0);
  const small = f32x4.mul(a, p);
  const one = f32x4.splat(1.0);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(a, f32x4.splat(0.5))));
  let h = horner(f32x4.splat(ER9), t, ER8);
  h = horner(horner(horner(h, t, ER7), t, ER6), t, ER5);
  h = horner(horner(horner(h, t, ER4), t, ER3), t, ER2);
  h = horner(horner(h, t, ER1), t, ER0);
  const large = f32x4.sub(one, f32x4.mul(t, expV(f32x4.sub(h, z))));
  const r = v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(ERF_SMALL)));
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000))); // erf is odd
}

// ---- partial vectors -------------------------------------------------------

// The last 1-3 lanes of a row are computed by the same vector code as
// every other lane, so all lanes agree exactly. They move through lane
// loads and stores, not a static buffer: with threads, several kernels run
// at once over the same memory.

/** Loads k (1..4) 4-byte lanes from p; the other lanes are 0. */
@inline export function loadK(p: usize, k: usize): v128 {
  if (k == 4) return v128.load(p);
  if (k == 1) return v128.load32_zero(p);
  const v = v128.load64_zero(p);
  return k == 2 ? v : i32x4.replace_lane(v, 2, load<u32>(p, 8));
}

/** Stores the first k (1..4) lanes of v at p. */
@inline export function storeK(p: usize, v: v128, k: usize): void {
  if (k == 4) {
    v128.store(p, v);
    return;
  }
  if (k == 1) {
    v128.store32_lane(p, v, 0);
    return;
  }
  v128.store64_lane(p, v, 0);
  if (k == 3) v128.store32_lane(p, v, 2, 8);
}

// The random bit generator behind keras.random: Philox-4x32-10 (Salmon et
// al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), a
// counter-based generator. It maps a 128-bit counter and a 64-bit key to
// 128 random bits using only 32-bit integer multiply, xor and add, so every
// JS runtime produces the same bits. The transforms to floats below use
// only IEEE-754 +, -, *, / and sqrt (correctly rounded everywhere), never
// Math.log/Math.cos (whose last bits vary between engines), so the floats
// are identical on every runtime too.
//
// Streams (documented so other implementations can reproduce them):
//   key     = [seed[0], seed[1]] as uint32 (the SeedGenerator state).
//   counter = [block, attempt, stream, 0], stream 0 = uniform, 1 = normal,
//             2 = truncated normal. Element i of a uniform/normal draw takes
//             word i % 4 of block floor(i / 4), attempt 0. Truncated-normal
//             element i takes block i, attempts 0, 1, ... until a candidate
//             lies within 2 stddev (4 candidates per attempt, in order).
//   uniform [0, 1): (word >>> 8) * 2^-24.
//   normal: Box-Muller on the pair of words (w[2j], w[2j+1]) of a block,
//             u1 = (w[2j] + 0.5) * 2^-32, u2 = w[2j+1] * 2^-32,
//             r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2).

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 values. */
function mulhi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * Philox-4x32-10: writes the 4 output words for `counter` under `key`
 * into `out` (uint32 values).
 */
export function philox4x32(counter: readonly number[], key: readonly number[], out: Uint32Array): void {
  let c0 = counter[0]! >>> 0, c1 = counter[1]! >>> 0, c2 = counter[2]! >>> 0, c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0, k1 = key[1]! >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

export const STREAM_UNIFORM = 0;
export const STREAM_NORMAL = 1;
export const STREAM_TRUNCATED = 2;

/** `n` uniform float64 values in [0, 1) with 24 random bits each. */
export function uniformBits(key: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  const w = new Uint32Array(4);
  for (let b = 0; b * 4 < n; b++) {
    philox4x32([b, 0, STREAM_UNIFORM, 0], key, w);
    for (let j = 0; j < 4 && b * 4 + j < n; j++) out[b * 4 + j] = (w[j]! >>> 8) * 5.9604644775390625e-8;
  }
  return out;
}

/** `n` standard normal float64 values. */
export function normalValues(key: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  const w = new Uint32Array(4);
  const pair = new Float64Array(2);
  for (let b = 0; b * 4 < n; b++) {
    philox4x32([b, 0, STREAM_NORMAL, 0], key, w);
    for (let j = 0; j < 4 && b * 4 + j < n; j += 2) {
      boxMuller(w[j]!, w[j + 1]!, pair);
      out[b * 4 + j] = pair[0]!;
      if (b * 4 + j + 1 < n) out[b * 4 + j + 1] = pair[1]!;
    }
  }
  return out;
}

/** `n` standard normal values restricted to [-2, 2] by redrawing. */
export function truncatedNormalValues(key: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  const w = new Uint32Array(4);
  const pair = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    let found = false;
    for (let attempt = 0; !found; attempt++) {
      philox4x32([i, attempt, STREAM_TRUNCATED, 0], key, w);
      for (let j = 0; j < 4 && !found; j += 2) {
        boxMuller(w[j]!, w[j + 1]!, pair);
        for (const z of pair) {
          if (!found && z >= -2 && z <= 2) {
            out[i] = z;
            found = true;
          }
        }
      }
    }
  }
  return out;
}

const TWO_POW_M32 = 2.3283064365386963e-10;

function boxMuller(a: number, b: number, out: Float64Array): void {
  const u1 = (a + 0.5) * TWO_POW_M32; // (0, 1): log never sees 0
  const u2 = b * TWO_POW_M32; // [0, 1)
  const r = Math.sqrt(-2 * ln(u1));
  sinCos2Pi(u2, out);
  const s = out[0]!;
  out[0] = r * out[1]!;
  out[1] = r * s;
}

const LN2 = 0.6931471805599453;
const SQRT_HALF = 0.7071067811865476;

/** Natural log of x in (0, 1], from +, *, / only (deterministic everywhere). */
export function ln(x: number): number {
  let e = 0;
  let m = x;
  while (m < SQRT_HALF) {
    m *= 2;
    e--;
  }
  // m in [sqrt(1/2), sqrt(2)): ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = s;
  for (let k = 3; k <= 27; k += 2) {
    term *= s2;
    sum += term / k;
  }
  return e * LN2 + 2 * sum;
}

const HALF_PI = 1.5707963267948966;

/** out = [sin(2 pi u), cos(2 pi u)] for u in [0, 1), deterministic everywhere. */
export function sinCos2Pi(u: number, out: Float64Array): void {
  const v = u * 4; // quarter turns, exact
  const q = Math.floor(v + 0.5);
  const t = (v - q) * HALF_PI; // |t| <= pi/4
  const t2 = t * t;
  // Taylor series to t^17 / t^18: error < 1e-17 for |t| <= pi/4.
  let sin = 0;
  let cos = 0;
  let ts = t;
  let tc = 1;
  for (let k = 0; k < 9; k++) {
    sin += ts;
    cos += tc;
    ts *= -t2 / ((2 * k + 2) * (2 * k + 3));
    tc *= -t2 / ((2 * k + 1) * (2 * k + 2));
  }
  switch (q & 3) {
    case 0: out[0] = sin; out[1] = cos; break;
    case 1: out[0] = cos; out[1] = -sin; break;
    case 2: out[0] = -sin; out[1] = -cos; break;
    default: out[0] = -cos; out[1] = sin; break;
  }
}

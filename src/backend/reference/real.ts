// The arithmetic a float twin computes in, so that one definition serves
// both: float32 (every step rounded with Math.fround, bit for bit the WASM
// lanes; see mathf.ts) or float64 (plain double arithmetic and Math.*, for
// the reference-only float64 kernels, which no WASM kernel mirrors).
import { erff, expf, expm1f, log1pf, logf, sigmoidf, softplusf, tanhf } from "./mathf.js";

type Un = (x: number) => number;

export interface Real {
  /** Rounds one step's result to the format (identity for float64). */
  readonly round: Un;
  readonly exp: Un;
  readonly log: Un;
  readonly log1p: Un;
  readonly tanh: Un;
  readonly sigmoid: Un;
  readonly softplus: Un;
  readonly erf: Un;
  readonly expm1: Un;
}

export const FLOAT32: Real = {
  round: Math.fround, exp: expf, log: logf, log1p: log1pf, tanh: tanhf, sigmoid: sigmoidf, softplus: softplusf, erf: erff, expm1: expm1f,
};

/**
 * erf in double. Below 3: (2/sqrt(pi)) e^(-x^2) sum_n (2x^2)^n x / (2n+1)!!
 * (Abramowitz & Stegun 7.1.6), whose terms are all positive, so nothing
 * cancels; from 3 on: 1 - erfc by its continued fraction (A&S 7.1.14),
 * which 60 terms carry far below erfc(3) = 2e-5 times the double epsilon.
 */
function erf(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    let term = a;
    let sum = a;
    for (let n = 1; term > 1e-17 * sum; n++) {
      term *= (2 * a * a) / (2 * n + 1);
      sum += term;
    }
    r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  } else {
    let cf = 0;
    for (let k = 60; k >= 1; k--) cf = k / 2 / (a + cf);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + cf);
  }
  return x < 0 || Object.is(x, -0) ? -r : r;
}

// The same stable forms as sigmoidf / softplusf, in double.
export const FLOAT64: Real = {
  round: (x) => x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sigmoid: (x) => {
    const e = Math.exp(-Math.abs(x));
    return (x < 0 ? e : 1) / (1 + e);
  },
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  erf,
  expm1: Math.expm1,
};

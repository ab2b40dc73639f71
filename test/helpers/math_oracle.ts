// Float64 references for tests of float32 math (derivations, not our kernels).

/**
 * erf in f64 for the accuracy check: the Maclaurin series below 3 (terms
 * stay below ~1e4, so ~1e-12 absolute error), and 1 - erfc by its
 * continued fraction (Abramowitz & Stegun 7.1.14, 60 terms) above.
 */
export function erf64(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    let term = a;
    let sum = a;
    for (let k = 1; k < 200 && Math.abs(term) > 1e-20; k++) {
      term *= (-a * a) / k;
      sum += term / (2 * k + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let cf = 0;
    for (let k = 60; k >= 1; k--) cf = (k / 2) / (a + cf);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + cf);
  }
  return x < 0 ? -r : r;
}

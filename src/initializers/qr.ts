// Householder QR for the Orthogonal initializer, in float64.

/**
 * The reduced Q (m x n, row-major) of the m x n matrix `a` (m >= n), with
 * each column multiplied by the sign of R's diagonal entry, as Keras does
 * (`q *= sign(diag(r))`). That makes the result independent of the QR
 * sign convention: it is the Q whose R has a non-negative diagonal.
 */
export function orthogonalColumns(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const r = Float64Array.from(a as ArrayLike<number>);
  const vs: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(m - k);
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! * r[i * n + k]!;
    norm = Math.sqrt(norm);
    const x0 = r[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k]!;
    v[0] = x0 - alpha;
    let vn = 0;
    for (const x of v) vn += x * x;
    vn = Math.sqrt(vn);
    if (vn > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / vn;
    vs.push(v);
    // R[k:, k:] -= 2 v (v^T R[k:, k:])
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * r[i * n + j]!;
      for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - 2 * v[i - k]! * dot;
    }
  }
  // Q = H_0 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - 2 * v[i - k]! * dot;
    }
  }
  for (let j = 0; j < n; j++) {
    const d = r[j * n + j]!;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    for (let i = 0; i < m; i++) q[i * n + j] = q[i * n + j]! * sign;
  }
  return q;
}

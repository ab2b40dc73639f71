// Reference twins of assembly/linalg/matmul.ts. Each output element is the
// strictly sequential sum over p = 0..k-1, from +0, of separately rounded
// products: exactly what the SIMD kernel does lane by lane. With batch 1
// the offset arguments are not read (the op passes 0 for them). `trans`
// bit 1 / 2: A / B are stored transposed (k x m, n x k); lda is A's stored
// row stride (k, or m transposed; more in a task over some of its rows).
import type { RefKernel, Twin } from "./types.js";


const offset = (offs: Int32Array | number, batch: number, bi: number): number => (batch === 1 ? 0 : (offs as Int32Array)[bi]!);

/** acc + x * y as the kernel's lanes compute it. */
type MulAdd = (acc: number, x: number, y: number) => number;

const matmul = (madd: MulAdd): Twin<"matmul_f32"> => (a, b, out, batch, m, k, n, aOffs, bOffs, trans, lda) => {
  // Element strides of A's rows / columns (lda: its stored row stride) and of B's rows / columns.
  const [ai, ap] = trans & 1 ? [1, lda] : [lda, 1];
  const [bp, bj] = trans & 2 ? [1, k] : [n, 1];
  for (let bi = 0; bi < batch; bi++) {
    const ao = offset(aOffs, batch, bi);
    const bo = offset(bOffs, batch, bi);
    const co = bi * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc = madd(acc, a[ao + i * ai + p * ap]!, b[bo + p * bp + j * bj]!);
        out[co + i * n + j] = acc;
      }
    }
  }
};

const fr = Math.fround;

/** assembly/linalg/dense.ts: the matmul, then per element one rounded bias add and relu (x < 0 ? 0 : x). */
const dense = (mm: Twin<"matmul_f32">, round: (x: number) => number): Twin<"dense_f32"> => (x, w, bias, out, m, k, n, act) => {
  mm(x, w, out, 1, m, k, n, 0, 0, 0, k);
  for (let i = 0; i < m * n; i++) {
    let v = out[i]!;
    if (bias !== 0) v = round(v + bias[i % n]!);
    if (act === 1 && v < 0) v = 0;
    out[i] = v;
  }
};

// float32: a rounded product, then a rounded sum (no FMA).
const matmulF32 = matmul((acc, x, y) => fr(acc + fr(x * y)));
// float64 (reference-only): the same sequential sum, in double.
const matmulF64 = matmul((acc, x, y) => acc + x * y);

export const linalgKernels: Record<string, RefKernel> = {
  matmul_f32: matmulF32,
  // int32: wrapping, as i32x4.mul / i32x4.add.
  matmul_i32: matmul((acc, x, y) => (acc + Math.imul(x, y)) | 0),
  matmul_f64: matmulF64,
  dense_f32: dense(matmulF32, fr),
  dense_f64: dense(matmulF64, (v) => v),
};

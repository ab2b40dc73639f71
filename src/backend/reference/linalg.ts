// Reference twins of assembly/linalg/matmul.ts. Each output element is the
// strictly sequential sum over p = 0..k-1, from +0, of separately rounded
// products: exactly what the SIMD kernel does lane by lane. With batch 1
// the offset arguments are not read (the op passes 0 for them).
import type { TypedArray } from "../../dtypes.js";
import type { RefKernel } from "./types.js";

type MatmulArgs = [TypedArray, TypedArray, TypedArray, number, number, number, number, Int32Array | number, Int32Array | number];

const offset = (offs: Int32Array | number, batch: number, bi: number): number => (batch === 1 ? 0 : (offs as Int32Array)[bi]!);

const matmulF32: RefKernel = (...args) => {
  const [a, b, out, batch, m, k, n, aOffs, bOffs] = args as MatmulArgs;
  const fr = Math.fround;
  for (let bi = 0; bi < batch; bi++) {
    const ao = offset(aOffs, batch, bi);
    const bo = offset(bOffs, batch, bi);
    const co = bi * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc = fr(acc + fr(a[ao + i * k + p]! * b[bo + p * n + j]!));
        out[co + i * n + j] = acc;
      }
    }
  }
};

// Wrapping int32 arithmetic, as i32x4.mul / i32x4.add.
const matmulI32: RefKernel = (...args) => {
  const [a, b, out, batch, m, k, n, aOffs, bOffs] = args as MatmulArgs;
  for (let bi = 0; bi < batch; bi++) {
    const ao = offset(aOffs, batch, bi);
    const bo = offset(bOffs, batch, bi);
    const co = bi * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc = (acc + Math.imul(a[ao + i * k + p]!, b[bo + p * n + j]!)) | 0;
        out[co + i * n + j] = acc;
      }
    }
  }
};

export const linalgKernels: Record<string, RefKernel> = {
  matmul_f32: matmulF32,
  matmul_i32: matmulI32,
};

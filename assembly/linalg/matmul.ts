// Matrix multiplication, float32 and int32, batched.
//
//   out[b][i][j] = sum over p = 0..k-1 of A_b[i][p] * B_b[p][j]
//
// where A_b starts at element aOffs[b] of `a` (an m x k row-major matrix)
// and B_b at element bOffs[b] of `b` (k x n), so broadcast batch dims cost
// nothing. The output batches are contiguous.
//
// Exactness contract (the twin in src/backend/reference/linalg.ts relies on
// it): each output element is summed strictly in order p = 0, 1, ..., k-1,
// starting from +0, with a separate rounding multiply then add
// (`acc = f32(acc + f32(a * b))`); no FMA, no reassociation. The SIMD lanes
// hold different output columns, never different p.
//
// Structure (Goto/BLIS): for each NC-wide column block of B and each KC-deep
// slice of k, B is packed into NR-wide panels (kc x NR, contiguous). For
// each MC-tall row block of A, A is packed into MR-tall panels (kc x MR).
// The MR x NR microkernel keeps its MR*2 accumulators in registers over the
// whole kc slice; slices after the first reload the partial sums from `out`
// (stored as f32, so the running sum is unchanged). Edge tiles are padded
// with zeros in the panels and written back through a small tile buffer.

const MR: i32 = 4; // rows per tile (1..6); 4 x 8 keeps all 8 accumulators in xmm registers on x64
const NR: i32 = 8; // columns per tile: two v128
const KC: i32 = 256;
const MC: i32 = 128; // multiple of MR
const NC: i32 = 512; // multiple of NR

@inline function vzero(): v128 {
  return i32x4.splat(0);
}

@inline function vmul<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return f32x4.mul(a, b);
  return i32x4.mul(a, b);
}

@inline function vadd<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return f32x4.add(a, b);
  return i32x4.add(a, b);
}

// Packs rows [0, mc) x cols [0, kc) of A (row stride lda, already offset)
// into panels of MR rows: panel r holds, for each p, MR consecutive values.
// Rows past mc are zero.
@inline function packA(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {
  const st = <usize>lda << 2;
  for (let r = 0; r < mc; r += MR) {
    const rows = min(MR, mc - r);
    const panel = dst + (<usize>(r * kc) << 2);
    const s0 = a + (<usize>(r * lda) << 2);
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        const q = panel + (<usize>(p * MR) << 2);
        const o = s0 + (<usize>p << 2);
        store<u32>(q, load<u32>(o));
        if (MR > 1) store<u32>(q, load<u32>(o + st), 4);
        if (MR > 2) store<u32>(q, load<u32>(o + 2 * st), 8);
        if (MR > 3) store<u32>(q, load<u32>(o + 3 * st), 12);
        if (MR > 4) store<u32>(q, load<u32>(o + 4 * st), 16);
        if (MR > 5) store<u32>(q, load<u32>(o + 5 * st), 20);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = panel + (<usize>(p * MR) << 2);
        const o = s0 + (<usize>p << 2);
        for (let i = 0; i < MR; i++) {
          const v: u32 = i < rows ? load<u32>(o + <usize>i * st) : 0;
          store<u32>(q + (<usize>i << 2), v);
        }
      }
    }
  }
}

// Packs rows [0, kc) x cols [0, nc) of B (row stride ldb, already offset)
// into panels of NR columns: panel c holds, for each p, NR consecutive
// values. Columns past nc are zero.
@inline function packB(b: usize, ldb: i32, kc: i32, nc: i32, dst: usize): void {
  for (let c = 0; c < nc; c += NR) {
    const cols = min(NR, nc - c);
    const panel = dst + (<usize>(c * kc) << 2);
    if (cols == NR) {
      for (let p = 0; p < kc; p++) {
        const s = b + (<usize>(p * ldb + c) << 2);
        const q = panel + (<usize>(p * NR) << 2);
        v128.store(q, v128.load(s));
        v128.store(q, v128.load(s, 16), 16);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = b + (<usize>(p * ldb + c) << 2);
        const q = panel + (<usize>(p * NR) << 2);
        for (let j = 0; j < NR; j++) store<u32>(q + (<usize>j << 2), j < cols ? load<u32>(s + (<usize>j << 2)) : 0);
      }
    }
  }
}

// The MR x NR microkernel: c (row stride ldc elements) = (first ? 0 : c)
// + Apanel x Bpanel over kc steps. Rows past MR are compiled away.
@inline function micro<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, first: bool): void {
  const ld = <usize>ldc << 2;
  let c00 = vzero(), c01 = vzero(), c10 = vzero(), c11 = vzero(), c20 = vzero(), c21 = vzero();
  let c30 = vzero(), c31 = vzero(), c40 = vzero(), c41 = vzero(), c50 = vzero(), c51 = vzero();
  if (!first) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    if (MR > 1) { c10 = v128.load(c + ld); c11 = v128.load(c + ld, 16); }
    if (MR > 2) { c20 = v128.load(c + 2 * ld); c21 = v128.load(c + 2 * ld, 16); }
    if (MR > 3) { c30 = v128.load(c + 3 * ld); c31 = v128.load(c + 3 * ld, 16); }
    if (MR > 4) { c40 = v128.load(c + 4 * ld); c41 = v128.load(c + 4 * ld, 16); }
    if (MR > 5) { c50 = v128.load(c + 5 * ld); c51 = v128.load(c + 5 * ld, 16); }
  }
  const end = pb + (<usize>(kc * NR) << 2);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = vadd<T>(c00, vmul<T>(a, b0));
    c01 = vadd<T>(c01, vmul<T>(a, b1));
    if (MR > 1) {
      a = v128.load32_splat(pa, 4);
      c10 = vadd<T>(c10, vmul<T>(a, b0));
      c11 = vadd<T>(c11, vmul<T>(a, b1));
    }
    if (MR > 2) {
      a = v128.load32_splat(pa, 8);
      c20 = vadd<T>(c20, vmul<T>(a, b0));
      c21 = vadd<T>(c21, vmul<T>(a, b1));
    }
    if (MR > 3) {
      a = v128.load32_splat(pa, 12);
      c30 = vadd<T>(c30, vmul<T>(a, b0));
      c31 = vadd<T>(c31, vmul<T>(a, b1));
    }
    if (MR > 4) {
      a = v128.load32_splat(pa, 16);
      c40 = vadd<T>(c40, vmul<T>(a, b0));
      c41 = vadd<T>(c41, vmul<T>(a, b1));
    }
    if (MR > 5) {
      a = v128.load32_splat(pa, 20);
      c50 = vadd<T>(c50, vmul<T>(a, b0));
      c51 = vadd<T>(c51, vmul<T>(a, b1));
    }
    pa += MR << 2;
    pb += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  if (MR > 1) { v128.store(c + ld, c10); v128.store(c + ld, c11, 16); }
  if (MR > 2) { v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16); }
  if (MR > 3) { v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16); }
  if (MR > 4) { v128.store(c + 4 * ld, c40); v128.store(c + 4 * ld, c41, 16); }
  if (MR > 5) { v128.store(c + 5 * ld, c50); v128.store(c + 5 * ld, c51, 16); }
}

// One MR x NR tile of the output at c, mr x nr of it valid.
@inline function tile<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, mr: i32, nr: i32, first: bool, tmp: usize): void {
  if (mr == MR && nr == NR) {
    micro<T>(pa, pb, kc, c, ldc, first);
    return;
  }
  if (!first) {
    for (let i = 0; i < mr; i++) {
      for (let j = 0; j < nr; j++) {
        store<u32>(tmp + (<usize>(i * NR + j) << 2), load<u32>(c + (<usize>(i * ldc + j) << 2)));
      }
    }
  }
  micro<T>(pa, pb, kc, tmp, NR, first);
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      store<u32>(c + (<usize>(i * ldc + j) << 2), load<u32>(tmp + (<usize>(i * NR + j) << 2)));
    }
  }
}

@inline function gemm<T>(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize): void {
  if (batch == 0 || m == 0 || n == 0) return;
  if (k == 0) {
    memory.fill(out, 0, <usize>batch * <usize>m * <usize>n * 4);
    return;
  }
  const kcMax = min(KC, k);
  const ncMax = min(NC, (n + NR - 1) / NR * NR);
  const mcMax = min(MC, (m + MR - 1) / MR * MR);
  const bp = heap.alloc(<usize>(kcMax * ncMax) << 2);
  const ap = heap.alloc(<usize>(kcMax * mcMax) << 2);
  const tmp = heap.alloc(<usize>(MR * NR) << 2);
  for (let bi = 0; bi < batch; bi++) {
    const A = a + (<usize>load<i32>(aOffs + (<usize>bi << 2)) << 2);
    const B = b + (<usize>load<i32>(bOffs + (<usize>bi << 2)) << 2);
    const C = out + (<usize>bi * <usize>m * <usize>n << 2);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        const first = pc == 0;
        packB(B + (<usize>(pc * n + jc) << 2), n, kc, nc, bp);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = min(MC, m - ic);
          packA(A + (<usize>(ic * k + pc) << 2), k, mc, kc, ap);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = min(NR, nc - jr);
            const pb = bp + (<usize>(jr * kc) << 2);
            const crow = C + (<usize>(ic * n + jc + jr) << 2);
            for (let ir = 0; ir < mc; ir += MR) {
              const mr = min(MR, mc - ir);
              tile<T>(ap + (<usize>(ir * kc) << 2), pb, kc, crow + (<usize>(ir * n) << 2), n, mr, nr, first, tmp);
            }
          }
        }
      }
    }
  }
  heap.free(tmp);
  heap.free(ap);
  heap.free(bp);
}

export function matmul_f32(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize): void {
  gemm<f32>(a, b, out, batch, m, k, n, aOffs, bOffs);
}

export function matmul_i32(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize): void {
  gemm<i32>(a, b, out, batch, m, k, n, aOffs, bOffs);
}

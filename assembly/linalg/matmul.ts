// Matrix multiplication, float32 and int32, batched.
//
//   out[b][i][j] = sum over p = 0..k-1 of A_b[i][p] * B_b[p][j]
//
// where A_b starts at element aOffs[b] of `a` (an m x k row-major matrix)
// and B_b at element bOffs[b] of `b` (k x n), so broadcast batch dims cost
// nothing. The output batches are contiguous. With batch == 1 the offset
// arrays are not read (the op passes 0 for them). `trans` bit 1: A is
// stored transposed (k x m row-major), bit 2: B is (n x k); the gradients
// x^T @ dy and dy @ W^T read their operands in place that way: only the
// packing differs (a transposed A always goes through packed panels, where
// its MR values per step are contiguous), never the order of the sums.
// `lda` is A's row stride as stored (k, or m when transposed): a thread's
// task over output rows [s, e) of a transposed A moves `a` by s columns
// and keeps the whole matrix's stride (src/backend/kernels.ts: MATMUL).
//
// Exactness contract (the twin in src/backend/reference/linalg.ts relies on
// it): each output element is summed strictly in order p = 0, 1, ..., k-1,
// starting from +0, with a separate rounding multiply then add
// (`acc = f32(acc + f32(a * b))`); no FMA, no reassociation. The SIMD lanes
// hold different output columns, never different p.
//
// Structure (Goto/BLIS): for each NC-wide column block of B and each KC-deep
// slice of k, B is packed into NR-wide panels (kc x NR, contiguous). For
// each MC-tall row block, A is packed into MR-tall panels (kc x MR), except
// when n is small (few B panels to amortise the packing over), where the
// microkernel reads A's rows in place. The 4 x 8 microkernel keeps its 8
// accumulators in registers over the whole kc slice; slices after the
// first reload the partial sums from
// `out` (stored as f32, so the running sum is unchanged). Edge tiles are
// padded (zeros in the panels, repeated rows when reading A in place) and
// written back through a small tile buffer. Matrices with fewer than MR
// rows (matrix-vector products, batch-1 dense layers) take a row kernel that
// streams B without packing it.
//
// Tuning (Node 20 / V8 on a Zen 4 core at ~3.6 GHz): 4 x 8 runs at ~46
// GFLOPS for N >= 128, about 80 % of the 2-mul + 2-add per cycle ceiling,
// the rest being loads and loop overhead. 5 x 8 and 6 x 8 tiles and a
// k-unrolled 4 x 8 make V8 spill accumulators and fall to 21-29 GFLOPS;
// 3 x 8 gives ~42. KC / MC / NC between 128 and 1024 change < 3 %.

const MR: i32 = 4; // rows per tile
const NR: i32 = 8; // columns per tile: two v128
const KC: i32 = 256;
const MC: i32 = 128; // multiple of MR
const NC: i32 = 512; // multiple of NR
const DIRECT_N: i32 = 64; // n at or below which A is read in place

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

// c + a * b for the microkernel. The plain build (the bit-exact contract
// above) rounds the product, then the sum. The relaxed-SIMD build
// (ASC_FEATURE_RELAXED_SIMD, keras-wasm.relaxed.wasm) uses one
// f32x4.relaxed_madd, which engines with FMA fuse (one rounding); results
// are within the bound of test/platform/kernels.ts rather than bit-exact.
// Measured on the Zen 4 core (bench/relaxed-simd.mjs): 1.05-1.12x in
// Chromium; in Deno ~1.0x with load-splat, 1.5x with the shuffle broadcast
// the patch uses (micro's `shuffle`). This 4 x 8 tile was already near the
// plain mul + add peak, which Zen 4's separate add pipes make as high as the
// FMA one; the gain would come from a taller tile that only fits in
// registers without the product temporaries. Integer matmul is the same in both builds.
@inline function vmadd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && isFloat<T>()) return f32x4.relaxed_madd(a, b, c);
  return vadd<T>(c, vmul<T>(a, b));
}

// Scratch for the packed panels. On the main thread it comes from the
// allocator. The relaxed build is a small patch module that holds only
// matmul_f32 and shares the main module's memory, so it must use the main
// module's allocator (imported as env.alloc / env.free) rather than a second
// heap of its own over the same memory. A worker thread's instance must not
// allocate at all (the allocator's state belongs to the main thread): the
// main thread gives each worker a region once (set_scratch), and gemm's
// three blocks are bump-allocated from it (globals are per instance, so per
// thread). Sizes: at most (KC * NC + KC * MC + MR * NR) * 4 bytes + 48.
@external("env", "alloc") declare function hostAlloc(bytes: usize): usize;
@external("env", "free") declare function hostFree(ptr: usize): void;

let ownBase: usize = 0;
let ownTop: usize = 0;

/** Gives this instance (a worker thread's) its own matmul scratch region. */
export function set_scratch(ptr: usize): void {
  ownBase = ptr;
  ownTop = 0;
}

@inline function scratch(bytes: usize): usize {
  if (ownBase != 0) {
    const p = ownBase + ownTop;
    ownTop += (bytes + 15) & ~15;
    return p;
  }
  if (ASC_FEATURE_RELAXED_SIMD) return hostAlloc(bytes);
  return heap.alloc(bytes);
}

// gemm releases its blocks together, at its end.
@inline function release(ptr: usize): void {
  if (ownBase != 0) ownTop = 0;
  else if (ASC_FEATURE_RELAXED_SIMD) hostFree(ptr);
  else heap.free(ptr);
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
        store<u32>(q, load<u32>(o + st), 4);
        store<u32>(q, load<u32>(o + 2 * st), 8);
        store<u32>(q, load<u32>(o + 3 * st), 12);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = panel + (<usize>(p * MR) << 2);
        const o = s0 + (<usize>p << 2);
        for (let i = 0; i < MR; i++) store<u32>(q + (<usize>i << 2), i < rows ? load<u32>(o + <usize>i * st) : 0);
      }
    }
  }
}

// packA for a transposed A (row p of the stored matrix holds A[.][p], row
// stride lda): the MR values of one step are contiguous there.
@inline function packAT(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {
  for (let r = 0; r < mc; r += MR) {
    const rows = min(MR, mc - r);
    const panel = dst + (<usize>(r * kc) << 2);
    for (let p = 0; p < kc; p++) {
      const q = panel + (<usize>(p * MR) << 2);
      const o = a + (<usize>(p * lda + r) << 2);
      if (rows == MR) v128.store(q, v128.load(o));
      else for (let i = 0; i < MR; i++) store<u32>(q + (<usize>i << 2), i < rows ? load<u32>(o + (<usize>i << 2)) : 0);
    }
  }
}

// packB for a transposed B (row j of the stored matrix holds B[.][j], row
// stride ldb): each panel column is read along a stored row.
@inline function packBT(b: usize, ldb: i32, kc: i32, nc: i32, dst: usize): void {
  for (let c = 0; c < nc; c += NR) {
    const cols = min(NR, nc - c);
    const panel = dst + (<usize>(c * kc) << 2);
    for (let j = 0; j < NR; j++) {
      const q = panel + (<usize>j << 2);
      const s = b + (<usize>((c + j) * ldb) << 2);
      for (let p = 0; p < kc; p++) store<u32>(q + (<usize>(p * NR) << 2), j < cols ? load<u32>(s + (<usize>p << 2)) : 0);
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
// + A rows x B panel over kc steps. `packed` (a constant at each call site)
// says where the A values are: a packed panel at a0 (MR values per k step),
// or four rows in place at a0..a3 (one value per k step each).
// `shuffle` (a constant too; packed only): read a step's MR values of A as
// one v128 and broadcast each by a lane shuffle rather than by MR
// v128.load32_splat: the same products and sums in the same order (same
// bits), another instruction mix. The relaxed patch uses it for packed
// panels (the engines with relaxed SIMD): Deno 2.9 (V8 15.0) runs it 1.5x
// faster than load-splat (48 vs 31 GFLOPS), Chromium 143 as fast. The main
// module keeps load-splat, which Node 20 runs faster (45 vs 37); there, a
// run-time switch between the two made V8 run the load-splat tiles 2-5 %
// slower (Node 20), and a second export cost ~1 KB gzipped
// (bench/relaxed-simd.mjs).
@inline function micro<T>(packed: bool, a0: usize, a1: usize, a2: usize, a3: usize, pb: usize, kc: i32, c: usize, ldc: i32, first: bool, shuffle: bool = false): void {
  const ld = <usize>ldc << 2;
  let c00 = vzero(), c01 = vzero(), c10 = vzero(), c11 = vzero();
  let c20 = vzero(), c21 = vzero(), c30 = vzero(), c31 = vzero();
  if (!first) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ld); c11 = v128.load(c + ld, 16);
    c20 = v128.load(c + 2 * ld); c21 = v128.load(c + 2 * ld, 16);
    c30 = v128.load(c + 3 * ld); c31 = v128.load(c + 3 * ld, 16);
  }
  const end = pb + (<usize>(kc * NR) << 2);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const av = shuffle ? v128.load(a0) : vzero();
    let x = shuffle ? i32x4.shuffle(av, av, 0, 0, 0, 0) : v128.load32_splat(a0);
    c00 = vmadd<T>(x, b0, c00);
    c01 = vmadd<T>(x, b1, c01);
    x = shuffle ? i32x4.shuffle(av, av, 1, 1, 1, 1) : packed ? v128.load32_splat(a0, 4) : v128.load32_splat(a1);
    c10 = vmadd<T>(x, b0, c10);
    c11 = vmadd<T>(x, b1, c11);
    x = shuffle ? i32x4.shuffle(av, av, 2, 2, 2, 2) : packed ? v128.load32_splat(a0, 8) : v128.load32_splat(a2);
    c20 = vmadd<T>(x, b0, c20);
    c21 = vmadd<T>(x, b1, c21);
    x = shuffle ? i32x4.shuffle(av, av, 3, 3, 3, 3) : packed ? v128.load32_splat(a0, 12) : v128.load32_splat(a3);
    c30 = vmadd<T>(x, b0, c30);
    c31 = vmadd<T>(x, b1, c31);
    if (packed) {
      a0 += MR << 2;
    } else {
      a0 += 4; a1 += 4; a2 += 4; a3 += 4;
    }
    pb += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ld, c10); v128.store(c + ld, c11, 16);
  v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16);
  v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16);
}

// One MR x NR tile of the output at c, mr x nr of it valid. A is the packed
// panel at `a`, or (packed false) rows in place from `a` with row stride lda.
@inline function tile<T>(packed: bool, a: usize, lda: i32, pb: usize, kc: i32, c: usize, ldc: i32, mr: i32, nr: i32, first: bool, tmp: usize): void {
  // In place, rows past mr repeat row 0: computed, then dropped.
  const st = <usize>lda << 2;
  const a1: usize = packed ? 0 : mr > 1 ? a + st : a;
  const a2: usize = packed ? 0 : mr > 2 ? a + 2 * st : a;
  const a3: usize = packed ? 0 : mr > 3 ? a + 3 * st : a;
  // The relaxed patch: packed panels shuffle (see micro), one call site
  // (edge tiles through tmp) to keep the patch small.
  if (ASC_FEATURE_RELAXED_SIMD && packed) {
    const edge = mr < MR || nr < NR;
    if (edge && !first) copyTile(c, ldc, tmp, NR, mr, nr);
    micro<T>(true, a, 0, 0, 0, pb, kc, edge ? tmp : c, edge ? NR : ldc, first, true);
    if (edge) copyTile(tmp, NR, c, ldc, mr, nr);
    return;
  }
  if (mr == MR && nr == NR) {
    micro<T>(packed, a, a1, a2, a3, pb, kc, c, ldc, first);
    return;
  }
  if (!first) copyTile(c, ldc, tmp, NR, mr, nr);
  micro<T>(packed, a, a1, a2, a3, pb, kc, tmp, NR, first);
  copyTile(tmp, NR, c, ldc, mr, nr);
}

// Copies mr x nr values from src (row stride ls) to dst (row stride ld).
@inline function copyTile(src: usize, ls: i32, dst: usize, ld: i32, mr: i32, nr: i32): void {
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) store<u32>(dst + (<usize>(i * ld + j) << 2), load<u32>(src + (<usize>(i * ls + j) << 2)));
  }
}

// One output row: out[j] = sum_p a[p] * B[p][j], for m < MR. Streams B
// row by row (no packing), 16 columns at a time, then 4, then 1.
@inline function rowKernel<T>(a: usize, b: usize, out: usize, k: i32, n: i32): void {
  const ldb = <usize>n << 2;
  const kEnd = a + (<usize>k << 2);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let c0 = vzero(), c1 = vzero(), c2 = vzero(), c3 = vzero();
    let pb = b + (<usize>j << 2);
    for (let pa = a; pa < kEnd; pa += 4) {
      const x = v128.load32_splat(pa);
      c0 = vadd<T>(c0, vmul<T>(x, v128.load(pb)));
      c1 = vadd<T>(c1, vmul<T>(x, v128.load(pb, 16)));
      c2 = vadd<T>(c2, vmul<T>(x, v128.load(pb, 32)));
      c3 = vadd<T>(c3, vmul<T>(x, v128.load(pb, 48)));
      pb += ldb;
    }
    const o = out + (<usize>j << 2);
    v128.store(o, c0); v128.store(o, c1, 16); v128.store(o, c2, 32); v128.store(o, c3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = vzero();
    let pb = b + (<usize>j << 2);
    for (let pa = a; pa < kEnd; pa += 4) {
      c0 = vadd<T>(c0, vmul<T>(v128.load32_splat(pa), v128.load(pb)));
      pb += ldb;
    }
    v128.store(out + (<usize>j << 2), c0);
  }
  for (; j < n; j++) {
    let acc: T = <T>0;
    let pb = b + (<usize>j << 2);
    for (let pa = a; pa < kEnd; pa += 4) {
      acc += load<T>(pa) * load<T>(pb);
      pb += ldb;
    }
    store<T>(out + (<usize>j << 2), acc);
  }
}

@inline function gemm<T>(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize, trans: i32, lda: i32): void {
  if (batch == 0 || m == 0 || n == 0) return;
  if (k == 0) {
    memory.fill(out, 0, <usize>batch * <usize>m * <usize>n * 4);
    return;
  }
  const ta = (trans & 1) != 0;
  const tb = (trans & 2) != 0;
  const ldb = tb ? k : n;
  const small = m < MR && trans == 0;
  const direct = n <= DIRECT_N && !ta;
  const kcMax = min(KC, k);
  const ncMax = min(NC, (n + NR - 1) / NR * NR);
  const mcMax = min(MC, (m + MR - 1) / MR * MR);
  const bp: usize = small ? 0 : scratch(<usize>(kcMax * ncMax) << 2);
  const ap: usize = small || direct ? 0 : scratch(<usize>(kcMax * mcMax) << 2);
  const tmp: usize = small ? 0 : scratch(<usize>(MR * NR) << 2);
  for (let bi = 0; bi < batch; bi++) {
    const A = batch == 1 ? a : a + (<usize>load<i32>(aOffs + (<usize>bi << 2)) << 2);
    const B = batch == 1 ? b : b + (<usize>load<i32>(bOffs + (<usize>bi << 2)) << 2);
    const C = out + (<usize>bi * <usize>m * <usize>n << 2);
    if (small) {
      for (let i = 0; i < m; i++) rowKernel<T>(A + (<usize>(i * lda) << 2), B, C + (<usize>(i * n) << 2), k, n);
      continue;
    }
    for (let jc = 0; jc < n; jc += NC) {
      const nc = min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        const first = pc == 0;
        if (tb) packBT(B + (<usize>(jc * ldb + pc) << 2), ldb, kc, nc, bp);
        else packB(B + (<usize>(pc * ldb + jc) << 2), ldb, kc, nc, bp);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = min(MC, m - ic);
          const Ablk = A + (<usize>(ta ? pc * lda + ic : ic * lda + pc) << 2);
          if (ta) packAT(Ablk, lda, mc, kc, ap);
          else if (!direct) packA(Ablk, lda, mc, kc, ap);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = min(NR, nc - jr);
            const pb = bp + (<usize>(jr * kc) << 2);
            const crow = C + (<usize>(ic * n + jc + jr) << 2);
            for (let ir = 0; ir < mc; ir += MR) {
              const mr = min(MR, mc - ir);
              const c = crow + (<usize>(ir * n) << 2);
              if (direct) tile<T>(false, Ablk + (<usize>(ir * lda) << 2), lda, pb, kc, c, n, mr, nr, first, tmp);
              else tile<T>(true, ap + (<usize>(ir * kc) << 2), 0, pb, kc, c, n, mr, nr, first, tmp);
            }
          }
        }
      }
    }
  }
  if (!small) {
    release(tmp);
    if (!direct) release(ap);
    release(bp);
  }
}

export function matmul_f32(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize, trans: i32, lda: i32): void {
  gemm<f32>(a, b, out, batch, m, k, n, aOffs, bOffs, trans, lda);
}

export function matmul_i32(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, aOffs: usize, bOffs: usize, trans: i32, lda: i32): void {
  gemm<i32>(a, b, out, batch, m, k, n, aOffs, bOffs, trans, lda);
}

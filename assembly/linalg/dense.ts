// A Dense layer's forward pass in one call: out = act(x @ w + bias), the
// matmul of matmul.ts (same sums, same order) followed by one pass over the
// output, row by row while it is still in cache, adding the bias and
// applying the activation. Each element rounds exactly as the separate ops
// would (the matmul's sum, then one rounded add), so the fused layer gives
// the unfused one's bits. Rows are independent: the call can be split over
// output rows.
//
//   x: m x k, w: k x n, bias: n (0: none), out: m x n;
//   act: 0 linear, 1 relu (f32x4.pmax(v, 0): NaN and -0 pass through).
import { matmul_f32 } from "./matmul";

const RELU: i32 = 1;
const ROWS: i32 = 4; // below matmul's tile height (MR), rows go through rowsKernel
const SLAB: i32 = 4096; // elements of w per k-block in rowsKernel (16 KB)

// x @ w for m < ROWS rows (a prediction for one sample) and n a multiple
// of 16: the matmul's sums (each output from +0 over p = 0..k-1, a rounded
// multiply then a rounded add, lanes = columns), read in k-blocks.
// matmul's row kernel walks a 16-column strip of w down all k rows (one
// new cache line per row, n * 4 bytes apart); here a slab of kb rows of w
// (~16 KB, contiguous) is swept for every column and every row of x before
// the next slab, the partial sums kept in `out` between slabs (f32, so the
// running sum is unchanged). 1 x 784 @ 784 x 256 on the Zen 4 core: ~14.6
// us against ~20.6 (slabs of 8-32 KB are equally fast there; 1 x 784 @ 784
// x 1024: 71 us against 155). Other widths (a 10-class output layer) keep
// matmul's kernel, which has the lane tails.
function rowsKernel(x: usize, w: usize, out: usize, m: i32, k: i32, n: i32): void {
  const ldw = <usize>n << 2;
  const kb = max(4, SLAB / n);
  memory.fill(out, 0, <usize>m * <usize>n << 2); // the sums start from +0
  for (let p0 = 0; p0 < k; p0 += kb) {
    const w0 = w + <usize>p0 * ldw;
    for (let i = 0; i < m; i++) {
      const xrow = x + (<usize>i * <usize>k << 2);
      const a0 = xrow + (<usize>p0 << 2);
      const aEnd = xrow + (<usize>min(k, p0 + kb) << 2);
      const orow = out + (<usize>i * <usize>n << 2);
      for (let j = 0; j < n; j += 16) {
        const o = orow + (<usize>j << 2);
        let c0 = v128.load(o), c1 = v128.load(o, 16), c2 = v128.load(o, 32), c3 = v128.load(o, 48);
        let pb = w0 + (<usize>j << 2);
        for (let pa = a0; pa < aEnd; pa += 4) {
          const v = v128.load32_splat(pa);
          c0 = f32x4.add(c0, f32x4.mul(v, v128.load(pb)));
          c1 = f32x4.add(c1, f32x4.mul(v, v128.load(pb, 16)));
          c2 = f32x4.add(c2, f32x4.mul(v, v128.load(pb, 32)));
          c3 = f32x4.add(c3, f32x4.mul(v, v128.load(pb, 48)));
          pb += ldw;
        }
        v128.store(o, c0); v128.store(o, c1, 16); v128.store(o, c2, 32); v128.store(o, c3, 48);
      }
    }
  }
}

export function dense_f32(x: usize, w: usize, bias: usize, out: usize, m: i32, k: i32, n: i32, act: i32): void {
  if (m < ROWS && k > 0 && n > 0 && (n & 15) == 0) rowsKernel(x, w, out, m, k, n);
  else matmul_f32(x, w, out, 1, m, k, n, 0, 0, 0, k);
  if (bias == 0 && act != RELU) return;
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  for (let i = 0; i < m; i++) {
    const row = out + (<usize>i * <usize>n << 2);
    let j = 0;
    for (; j < n4; j += 4) {
      const p = row + (<usize>j << 2);
      let v = v128.load(p);
      if (bias != 0) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      if (act == RELU) v = f32x4.pmax(v, zero);
      v128.store(p, v);
    }
    for (; j < n; j++) {
      const p = row + (<usize>j << 2);
      let v = load<f32>(p);
      if (bias != 0) v += load<f32>(bias + (<usize>j << 2));
      if (act == RELU && v < 0) v = 0;
      store<f32>(p, v);
    }
  }
}

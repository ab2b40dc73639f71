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

export function dense_f32(x: usize, w: usize, bias: usize, out: usize, m: i32, k: i32, n: i32, act: i32): void {
  matmul_f32(x, w, out, 1, m, k, n, 0, 0, 0);
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

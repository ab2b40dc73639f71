// The element offsets a strided n-d walk visits, in row-major order of
// `shape`: offsets[i] = start + sum_d idx_d(i) * strides[d]. Shared by the
// twins that broadcast or gather by strides (binary, select, layout).
export function stridedOffsets(shape: ArrayLike<number>, strides: ArrayLike<number>, rank: number, start = 0): Int32Array {
  let n = 1;
  for (let d = 0; d < rank; d++) n *= shape[d]!;
  const out = new Int32Array(n);
  const idx = new Int32Array(rank);
  let off = start;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        off += strides[d]!;
        break;
      }
      idx[d] = 0;
      off -= strides[d]! * (shape[d]! - 1);
    }
  }
  return out;
}

// Walking the rows of a strided n-d iteration, shared by every kernel that
// broadcasts or gathers by strides. `idx` holds one counter per outer dim
// (caller-provided scratch, zeroed by start()).

/** Zeroes the counters and returns how many rows the outer dims hold. */
@inline export function start(idx: usize, shape: usize, dims: i32): usize {
  let rows: usize = 1;
  for (let d = 0; d < dims; d++) {
    rows *= <usize>load<i32>(shape + (<usize>d << 2));
    store<i32>(idx + (<usize>d << 2), 0);
  }
  return rows;
}

/**
 * Moves to the next row: returns the outer dim that stepped (the last one
 * that did not wrap), or -1 past the end.
 */
@inline export function advance(idx: usize, shape: usize, dims: i32): i32 {
  for (let d = dims - 1; d >= 0; d--) {
    const p = <usize>d << 2;
    const i = load<i32>(idx + p) + 1;
    if (i < load<i32>(shape + p)) {
      store<i32>(idx + p, i);
      return d;
    }
    store<i32>(idx + p, 0);
  }
  return -1;
}

/** How an offset with `strides` moves when advance() returned `d`. */
@inline export function delta(strides: usize, shape: usize, d: i32, dims: i32): isize {
  let x = <isize>load<i32>(strides + (<usize>d << 2));
  for (let e = d + 1; e < dims; e++) {
    const p = <usize>e << 2;
    x -= <isize>load<i32>(strides + p) * <isize>(load<i32>(shape + p) - 1);
  }
  return x;
}

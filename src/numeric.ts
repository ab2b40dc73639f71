// Scalar numeric conversions shared by the ops and the reference kernels;
// imports nothing, so the backend may use it (it sits beside dtypes.ts).

/** float -> int32 as the cast kernel does it: truncate, saturate, NaN -> 0. */
export function truncSat(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x);
}

// Unary elementwise kernels: (in, out, n). One generic loop; each export
// fixes a compile-time op code, so inlining leaves a straight f32x4 (or
// i32x4) loop. The last n % 4 elements go through the same vector code on
// a zero-padded vector (loadK/storeK), so every element gets exactly the
// same formula whatever its position.
import { expV, logV, log1pV, tanhV, sigmoidV, softplusV, erfV, expm1V, loadK, storeK } from "./mathf";

const NEG = 0;
const ABS = 1;
const SQUARE = 2;
const SQRT = 3;
const EXP = 4;
const LOG = 5;
const LOG1P = 6;
const TANH = 7;
const SIGMOID = 8;
const RELU = 9;
const SOFTPLUS = 10;
const ERF = 11;
const EXPM1 = 12;
// int32 ops (wrapping, as NumPy's int32).
const NEG_I = 20;
const ABS_I = 21;
const SQUARE_I = 22;
const RELU_I = 23;

@inline function vOp(op: i32, x: v128): v128 {
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SQUARE) return f32x4.mul(x, x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == EXP) return expV(x);
  if (op == LOG) return logV(x);
  if (op == LOG1P) return log1pV(x);
  if (op == TANH) return tanhV(x);
  if (op == SIGMOID) return sigmoidV(x);
  // pmax(x, 0) = x < 0 ? 0 : x: one x86 maxps (f32x4.max needs ~8 to give
  // NaN and signed-zero rules); NaN stays NaN and -0 stays -0 as np.maximum(x, 0).
  if (op == RELU) return f32x4.pmax(x, f32x4.splat(0));
  if (op == SOFTPLUS) return softplusV(x);
  if (op == ERF) return erfV(x);
  if (op == EXPM1) return expm1V(x);
  if (op == NEG_I) return i32x4.neg(x);
  if (op == ABS_I) return i32x4.abs(x);
  if (op == SQUARE_I) return i32x4.mul(x, x);
  return i32x4.max_s(x, i32x4.splat(0));
}

@inline function unary(op: i32, a: usize, o: usize, n: usize): void {
  let i: usize = 0;
  // Four vectors per step: V8 rematerializes SIMD constants per use site
  // in a loop body; unrolling shares them and overlaps the polynomials.
  for (; i + 16 <= n; i += 16) {
    const p = i << 2;
    const r0 = vOp(op, v128.load(a + p));
    const r1 = vOp(op, v128.load(a + p + 16));
    const r2 = vOp(op, v128.load(a + p + 32));
    const r3 = vOp(op, v128.load(a + p + 48));
    v128.store(o + p, r0);
    v128.store(o + p + 16, r1);
    v128.store(o + p + 32, r2);
    v128.store(o + p + 48, r3);
  }
  for (; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    storeK(o + (i << 2), vOp(op, loadK(a + (i << 2), k)), k);
  }
}

export function negative_f32(a: usize, o: usize, n: usize): void { unary(NEG, a, o, n); }
export function abs_f32(a: usize, o: usize, n: usize): void { unary(ABS, a, o, n); }
export function square_f32(a: usize, o: usize, n: usize): void { unary(SQUARE, a, o, n); }
export function sqrt_f32(a: usize, o: usize, n: usize): void { unary(SQRT, a, o, n); }
export function exp_f32(a: usize, o: usize, n: usize): void { unary(EXP, a, o, n); }
export function log_f32(a: usize, o: usize, n: usize): void { unary(LOG, a, o, n); }
export function log1p_f32(a: usize, o: usize, n: usize): void { unary(LOG1P, a, o, n); }
export function tanh_f32(a: usize, o: usize, n: usize): void { unary(TANH, a, o, n); }
export function sigmoid_f32(a: usize, o: usize, n: usize): void { unary(SIGMOID, a, o, n); }
export function relu_f32(a: usize, o: usize, n: usize): void { unary(RELU, a, o, n); }
export function softplus_f32(a: usize, o: usize, n: usize): void { unary(SOFTPLUS, a, o, n); }
export function erf_f32(a: usize, o: usize, n: usize): void { unary(ERF, a, o, n); }
export function expm1_f32(a: usize, o: usize, n: usize): void { unary(EXPM1, a, o, n); }

export function negative_i32(a: usize, o: usize, n: usize): void { unary(NEG_I, a, o, n); }
export function abs_i32(a: usize, o: usize, n: usize): void { unary(ABS_I, a, o, n); }
export function square_i32(a: usize, o: usize, n: usize): void { unary(SQUARE_I, a, o, n); }
export function relu_i32(a: usize, o: usize, n: usize): void { unary(RELU_I, a, o, n); }

// ---- clip: min(max(x, lo), hi), as NumPy (NaN stays NaN; lo > hi gives hi)

@inline function clipLoop<T>(a: usize, o: usize, n: usize, lo: T, hi: T): void {
  let i: usize = 0;
  if (isFloat<T>()) {
    const l = f32x4.splat(<f32>lo);
    const h = f32x4.splat(<f32>hi);
    for (; i + 4 <= n; i += 4) v128.store(o + (i << 2), f32x4.min(f32x4.max(v128.load(a + (i << 2)), l), h));
  } else {
    const l = i32x4.splat(<i32>lo);
    const h = i32x4.splat(<i32>hi);
    for (; i + 4 <= n; i += 4) v128.store(o + (i << 2), i32x4.min_s(i32x4.max_s(v128.load(a + (i << 2)), l), h));
  }
  // Scalar f32.min/max have the lane instructions' NaN and ±0 rules.
  for (; i < n; i++) store<T>(o + (i << 2), min<T>(max<T>(load<T>(a + (i << 2)), lo), hi));
}

export function clip_f32(a: usize, o: usize, n: usize, lo: f32, hi: f32): void { clipLoop<f32>(a, o, n, lo, hi); }
export function clip_i32(a: usize, o: usize, n: usize, lo: i32, hi: i32): void { clipLoop<i32>(a, o, n, lo, hi); }

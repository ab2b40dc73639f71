// THE KERNEL TABLE: every kernel exec() can run, with its parameter list in
// the WASM export's order. Adding a kernel is one line here (a name and a
// signature, reusing one of the signatures below or writing a new one),
// then its AssemblyScript export (assembly/) and its twin
// (src/backend/reference/). The table types exec()'s argument list
// (ArgsOf), the twins' parameters (Twin), and test/kernels/registry.test.ts
// checks each WASM export's and each twin's parameter count against it.
// A signature needing a new kind of parameter (say, a tensor updated in
// place) adds it to Param and to ArgOf/TwinArgOf below.
import { STORAGE, type DType, type TypedArray } from "../dtypes.js";
import type { Storage } from "./memory.js";

/**
 * What a kernel's memory holds: f32 / i32 / u8 (bool) / u16 (float16 or
 * bfloat16 bits) / f64 elements, or bN: any dtype of N bytes per element
 * (layout kernels move bit patterns).
 */
export type Elem = "f32" | "i32" | "u8" | "u16" | "f64" | "b8" | "b4" | "b2" | "b1";

/**
 * One parameter: a tensor read (`in`) or written (`out`), an Int32Array
 * parameter (`ints`: shape, strides, indices; copied to scratch), a
 * Float32Array parameter (`floats`: scalars such as an optimizer's
 * hyperparameters; copied to scratch), or a number. `in?` / `out?` /
 * `ints?` may be 0 where the kernel does not read or write them.
 */
export type Param =
  | { readonly kind: "in" | "in?" | "out" | "out?"; readonly elem: Elem }
  | { readonly kind: "ints" | "ints?" | "floats" | "num" };

const inp = <E extends Elem>(elem: E) => ({ kind: "in", elem }) as const;
const opt = <E extends Elem>(elem: E) => ({ kind: "in?", elem }) as const;
const out = <E extends Elem>(elem: E) => ({ kind: "out", elem }) as const;
const optOut = <E extends Elem>(elem: E) => ({ kind: "out?", elem }) as const;
const INTS = { kind: "ints" } as const;
const INTS_OR_0 = { kind: "ints?" } as const;
const NUM = { kind: "num" } as const;
const FLOATS = { kind: "floats" } as const;

// ---- signatures shared by a family --------------------------------------
/** (a, b, out, rank, shape, aStrides, bStrides, idx scratch): a collapsed broadcast walk. */
const binary = <A extends Elem, O extends Elem>(a: A, o: O) => [inp(a), inp(a), out(o), NUM, INTS, INTS, INTS, INTS] as const;
/** (in, out, n). */
const map = <A extends Elem, O extends Elem>(a: A, o: O) => [inp(a), out(o), NUM] as const;
/** (in, out, outer, R, inner): reduce the middle axis of [outer, R, inner]. */
const rows = <A extends Elem, O extends Elem>(a: A, o: O) => [inp(a), out(o), NUM, NUM, NUM] as const;
/** (in, out, outer, R, inner, B): reduce each block of B along the middle axis of [outer, R, inner] (assembly/reduce/reduce.ts). */
const blocks = <A extends Elem, O extends Elem>(a: A, o: O) => [inp(a), out(o), NUM, NUM, NUM, NUM] as const;
/** (in, out, n, lo, hi). */
const clip = <A extends Elem>(a: A) => [inp(a), out(a), NUM, NUM, NUM] as const;
/** (cond, a, b, out, rank, shape, cStrides, aStrides, bStrides, idx scratch). */
const where = <A extends Elem>(a: A) => [inp("u8"), inp(a), inp(a), out(a), NUM, INTS, INTS, INTS, INTS, INTS] as const;
/** (a, b, out, batch, m, k, n, aOffsets, bOffsets, trans, lda); offsets 0 (unread) when batch is 1; trans bit 1 / 2: A / B stored transposed; lda: A's row stride as stored (k, or m transposed). */
const matmul = <A extends Elem>(a: A) => [inp(a), inp(a), out(a), NUM, NUM, NUM, NUM, INTS_OR_0, INTS_OR_0, NUM, NUM] as const;
/** (x, w, bias or 0, out, m, k, n, act): act(x @ w + bias), act 0 linear / 1 relu. */
const dense = <A extends Elem>(a: A) => [inp(a), inp(a), opt(a), out(a), NUM, NUM, NUM, NUM] as const;
/** (logits, labels, loss, grad or 0, rows, classes): sparse softmax cross-entropy and its gradient. */
const sparseCe = <A extends Elem>(a: A) => [inp(a), inp("i32"), out(a), optOut(a), NUM, NUM] as const;
/** (src, out, offset, rank, shape, strides, idx scratch). */
const stridedCopy = <E extends Elem>(e: E) => [inp(e), out(e), NUM, NUM, INTS, INTS, INTS] as const;
/** (out, outer, count, rowLens, in0..in7): unused inputs are 0. */
const concat = <E extends Elem>(e: E) => [out(e), NUM, NUM, INTS, opt(e), opt(e), opt(e), opt(e), opt(e), opt(e), opt(e), opt(e)] as const;
/** (x, indices, out, outer, axisDim, nIdx, inner). */
const take = <E extends Elem>(e: E) => [inp(e), inp("i32"), out(e), NUM, NUM, NUM, NUM] as const;
/** (out, n, bits). */
const fill = <E extends Elem>(e: E) => [out(e), NUM, NUM] as const;
/** (out, rows, cols, k, bits). */
const eye = <E extends Elem>(e: E) => [out(e), NUM, NUM, NUM, NUM] as const;
/** (indices, out, outer, classes, inner, bits). */
const oneHot = <E extends Elem>(e: E) => [inp("i32"), out(e), NUM, NUM, NUM, NUM] as const;
/**
 * (w, g, s0, s1, s2, wOut, s0Out, s1Out, s2Out, n, params): a fused
 * optimizer update (assembly/optimizers/common.ts); state buffers the
 * optimizer does not have are 0, and params are 11 float32 values.
 */
const update = <E extends Elem>(e: E) => [inp(e), inp(e), opt(e), opt(e), opt(e), out(e), optOut(e), optOut(e), optOut(e), NUM, FLOATS] as const;
/** (out, n, start, step). */
const arange = <E extends Elem>(e: E) => [out(e), NUM, NUM, NUM] as const;

/** Several kernels of one signature: `${name}_${suffix}` for each name. */
function each<const N extends string, const S extends string, P>(names: readonly N[], suffix: S, params: P): { [K in `${N}_${S}`]: P } {
  return Object.fromEntries(names.map((n) => [`${n}_${suffix}`, params])) as { [K in `${N}_${S}`]: P };
}

const ARITH = ["add", "subtract", "multiply", "maximum", "minimum", "power"] as const;
const COMPARE = ["equal", "not_equal", "greater", "greater_equal", "less", "less_equal"] as const;
const UNARY_I32 = ["negative", "abs", "square", "relu"] as const;
const UNARY_F32 = [...UNARY_I32, "sqrt", "exp", "log", "log1p", "tanh", "sigmoid", "softplus", "erf", "expm1"] as const;
const REDUCE = ["reduce_sum", "reduce_prod", "reduce_max", "reduce_min"] as const;
const ARG_REDUCE = ["reduce_argmax", "reduce_argmin"] as const;
const MOMENTS = ["moments", "var"] as const;
const LAYOUT = <S extends "8" | "4" | "2" | "1", E extends `b${S}`>(s: S, e: E) => ({
  ...each(["strided_copy"], s, stridedCopy(e)),
  ...each(["concat"], s, concat(e)),
  ...each(["take"], s, take(e)),
  ...each(["fill"], s, fill(e)),
  ...each(["eye"], s, eye(e)),
  ...each(["one_hot"], s, oneHot(e)),
});

export const KERNELS = {
  // elementwise/binary.ts
  ...each([...ARITH, "divide"], "f32", binary("f32", "f32")),
  ...each(COMPARE, "f32", binary("f32", "u8")),
  ...each(ARITH, "i32", binary("i32", "i32")),
  ...each(COMPARE, "i32", binary("i32", "u8")),
  ...each(["maximum", "minimum", ...COMPARE], "u8", binary("u8", "u8")),
  // elementwise/unary.ts
  ...each(UNARY_F32, "f32", map("f32", "f32")),
  ...each(UNARY_I32, "i32", map("i32", "i32")),
  clip_f32: clip("f32"),
  clip_i32: clip("i32"),
  // elementwise/cast.ts, elementwise/half.ts
  cast_f32_i32: map("f32", "i32"),
  cast_i32_f32: map("i32", "f32"),
  cast_f32_u8: map("f32", "u8"),
  cast_i32_u8: map("i32", "u8"),
  cast_u8_i32: map("u8", "i32"),
  cast_u8_f32: map("u8", "f32"),
  cast_f32_f16: map("f32", "u16"),
  cast_f16_f32: map("u16", "f32"),
  cast_f32_bf16: map("f32", "u16"),
  cast_bf16_f32: map("u16", "f32"),
  // elementwise/select.ts, elementwise/softmax.ts
  where_f32: where("f32"),
  where_i32: where("i32"),
  where_u8: where("u8"),
  softmax_f32: rows("f32", "f32"),
  log_softmax_f32: rows("f32", "f32"),
  // elementwise/crossentropy.ts
  sparse_softmax_ce_f32: sparseCe("f32"),
  // reduce/reduce.ts
  ...each(REDUCE, "f32", blocks("f32", "f32")),
  ...each(REDUCE, "i32", blocks("i32", "i32")),
  ...each(["reduce_max", "reduce_min"], "u8", blocks("u8", "u8")),
  // reduce/moments.ts
  ...each(MOMENTS, "f32", blocks("f32", "f32")),
  ...each(ARG_REDUCE, "f32", rows("f32", "i32")),
  ...each(ARG_REDUCE, "i32", rows("i32", "i32")),
  ...each(ARG_REDUCE, "u8", rows("u8", "i32")),
  // layout/copy.ts, layout/create.ts
  ...LAYOUT("4", "b4"),
  ...LAYOUT("2", "b2"),
  ...LAYOUT("1", "b1"),
  arange_f32: arange("f32"),
  arange_i32: arange("i32"),
  // linalg/matmul.ts
  matmul_f32: matmul("f32"),
  matmul_i32: matmul("i32"),
  // linalg/dense.ts
  dense_f32: dense("f32"),
  // optimizers/ (several outputs: no recipe is recorded)
  ...each(["sgd", "adam", "rmsprop", "adagrad", "adamax", "nadam"], "f32", update("f32")),
  // Reference-only: the WASM module takes no 8-byte elements, so every
  // kernel on f64 / b8 runs as its TypeScript twin (REFERENCE_ONLY below).
  // float64 arithmetic, in double precision: the families above, on f64.
  ...each([...ARITH, "divide"], "f64", binary("f64", "f64")),
  ...each(COMPARE, "f64", binary("f64", "u8")),
  ...each(UNARY_F32, "f64", map("f64", "f64")),
  clip_f64: clip("f64"),
  where_f64: where("f64"),
  softmax_f64: rows("f64", "f64"),
  log_softmax_f64: rows("f64", "f64"),
  sparse_softmax_ce_f64: sparseCe("f64"),
  ...each(REDUCE, "f64", blocks("f64", "f64")),
  ...each(MOMENTS, "f64", blocks("f64", "f64")),
  ...each(ARG_REDUCE, "f64", rows("f64", "i32")),
  matmul_f64: matmul("f64"),
  dense_f64: dense("f64"),
  // float64 casts and 8-byte layout (src/backend/reference/wide.ts).
  cast_f64_f32: map("f64", "f32"),
  cast_f32_f64: map("f32", "f64"),
  cast_f64_i32: map("f64", "i32"),
  cast_i32_f64: map("i32", "f64"),
  cast_f64_u8: map("f64", "u8"),
  cast_u8_f64: map("u8", "f64"),
  cast_f64_f16: map("f64", "u16"),
  ...LAYOUT("8", "b8"),
  arange_f64: arange("f64"),
} as const satisfies Record<string, readonly Param[]>;

export type Kernels = typeof KERNELS;
export type KernelName = keyof Kernels;

type ArgOf<P> = P extends { kind: "in" | "out" } ? Storage
  : P extends { kind: "in?" | "out?" } ? Storage | 0
  : P extends { kind: "ints" } ? Int32Array
  : P extends { kind: "ints?" } ? Int32Array | 0
  : P extends { kind: "floats" } ? Float32Array
  : number;
type TwinArgOf<P> = P extends { kind: "in" | "out" } ? TypedArray
  : P extends { kind: "in?" | "out?" } ? TypedArray | 0
  : P extends { kind: "ints" } ? Int32Array
  : P extends { kind: "ints?" } ? Int32Array | 0
  : P extends { kind: "floats" } ? Float32Array
  : number;

type Mapped<P, Twin extends boolean> = P extends readonly unknown[]
  ? { -readonly [I in keyof P]: Twin extends true ? TwinArgOf<P[I]> : ArgOf<P[I]> }
  : never;

/** exec()'s argument list for kernel `K`, in its parameter order. */
export type ArgsOf<K extends KernelName> = Mapped<Kernels[K], false>;

/** The arguments without the output (which `run()` in ops/core.ts inserts). */
export type ArgsWithoutOut<K extends KernelName> = DropOut<Kernels[K]>;
type DropOut<P> = P extends readonly [infer H, ...infer R] ? (H extends { kind: "out" } ? DropOut<R> : [ArgOf<H>, ...DropOut<R>]) : [];

/** A reference twin of `K`: the same parameters, with JS arrays for tensors. */
export type Twin<K extends KernelName> = (...args: Mapped<Kernels[K], true>) => void;

/** The kernels whose names start with `${stem}_` (a family over dtypes). */
export type NamesOf<S extends string> = Extract<KernelName, `${S}_${string}`>;

/**
 * Kernels that exist only as TypeScript: those on 8-byte elements (float64
 * arithmetic and casts, b8 layout), which the WASM module does not have.
 * exec() runs them on the reference path even while WASM is active.
 */
export const REFERENCE_ONLY: ReadonlySet<string> = new Set(
  Object.entries(KERNELS)
    .filter(([, ps]) => (ps as readonly Param[]).some((p) => "elem" in p && (p.elem === "f64" || p.elem === "b8")))
    .map(([name]) => name),
);

/** Index of the (single) output parameter of each kernel. */
export const OUT_INDEX = Object.fromEntries(
  Object.entries(KERNELS).map(([name, ps]) => [name, (ps as readonly Param[]).findIndex((p) => p.kind === "out")]),
) as Record<KernelName, number>;

/** A layout kernel's size suffix: elements move as bit patterns of this many bytes. */
export const esz = (dtype: DType): "_1" | "_2" | "_4" | "_8" => `_${STORAGE[dtype].bytes as 1 | 2 | 4 | 8}`;

// ---- parallel kernels (src/backend/threads.ts) ----------------------------
// A kernel listed here may be cut into tasks that threads run at once. Each
// task is the same kernel called on a part of the OUTPUT (rows of a matmul,
// a range of an elementwise op, whole rows of a softmax or of a reduction
// along an axis, whole blocks of a long one, whose block results the op
// reduces again), with its pointers moved and its count cut: every output
// element is computed by the same instructions whatever the thread count,
// so results are bit-identical to one thread. Never a part of one element's
// sum. Making a kernel parallel is one line: its name and a Split.

/** How a kernel's call is cut into tasks over `units` (aligned to `align`, the last one taking the rest). */
export interface Split {
  /** The least work per task worth a handoff to another thread (measured: bench/threads.bench.mjs). */
  readonly grain: number;
  /** The work of a call (elements, or multiply-adds), compared with grain. */
  work(a: readonly number[], mem: Int32Array): number;
  units(a: readonly number[], mem: Int32Array): number;
  align(a: readonly number[]): number;
  /** Turns the call's arguments `a` into task [s, e)'s; `ints` is 256 bytes of the task's own. */
  sub(a: number[], s: number, e: number, ints: number, mem: Int32Array): void;
}

const BYTES: Record<Elem, number> = { f32: 4, i32: 4, b4: 4, u8: 1, b1: 1, u16: 2, b2: 2, f64: 8, b8: 8 };
const ptrs = (ps: readonly Param[]) => ps.flatMap((p, i) => ("elem" in p ? [[i, BYTES[p.elem]] as const] : []));

/** (pointers..., n, ...): n elements, each pointer moved by s elements. Element ranges stay multiples of 16, so only the last task has a lane tail. */
function flat(ps: readonly Param[], grain: number): Split {
  const c = ps.findIndex((p) => p.kind === "num");
  const moved = ptrs(ps);
  return {
    grain,
    work: (a) => a[c]!,
    units: (a) => a[c]!,
    align: () => 16,
    sub(a, s, e) {
      for (const [i, b] of moved) if (a[i] !== 0) a[i]! += s * b;
      a[c] = e - s;
    },
  };
}

/**
 * rows() and blocks(): (in, out, outer, R, inner[, B]), cut over outer; with
 * one outer row and several blocks of B along R (a long reduction), over
 * the blocks, each reduced alone whichever task has it. The output has
 * `per` values per block and column (a reduction 1, the moments 3), or R
 * of them (per 0: softmax).
 */
const outer = (per: number) => (ps: readonly Param[], grain: number): Split => {
  const [bi, bo] = ptrs(ps).map(([, b]) => b) as [number, number];
  const nb = (a: readonly number[]) => (a[5] === undefined || a[3]! <= a[5] ? 1 : Math.ceil(a[3]! / a[5]));
  const byBlock = (a: readonly number[]) => a[2] === 1 && nb(a) > 1;
  return {
    grain,
    work: (a) => a[2]! * a[3]! * a[4]!,
    units: (a) => (byBlock(a) ? nb(a) : a[2]!),
    align: () => 1,
    sub(a, s, e) {
      const [R, inner, B] = [a[3]!, a[4]!, a[5]!];
      if (byBlock(a)) {
        a[0]! += s * B * inner * bi;
        a[1]! += s * per * inner * bo;
        a[3] = Math.min(e * B, R) - s * B;
      } else {
        a[0]! += s * R * inner * bi;
        a[1]! += s * (per ? per * nb(a) : R) * inner * bo;
        a[2] = e - s;
      }
    },
  };
};

/**
 * binary() and where(): (inputs..., out, rank, shape, the inputs' strides...,
 * idx scratch), cut over the first of the collapsed dimensions; each task
 * gets its own shape and index scratch.
 */
function broadcast(ps: readonly Param[], grain: number): Split {
  const moved = ptrs(ps);
  const r = ps.findIndex((p) => p.kind === "num");
  const inner = (a: readonly number[], mem: Int32Array) => {
    let p = 1;
    for (let d = 1; d < a[r]!; d++) p *= mem[(a[r + 1]! >>> 2) + d]!;
    return p;
  };
  return {
    grain,
    work: (a, mem) => (a[r]! < 1 ? 0 : mem[a[r + 1]! >>> 2]! * inner(a, mem)),
    units: (a, mem) => (a[r]! < 1 ? 0 : mem[a[r + 1]! >>> 2]!),
    align: (a) => (a[r] === 1 ? 16 : 1),
    sub(a, s, e, ints, mem) {
      const rank = a[r]!;
      const sh = a[r + 1]! >>> 2;
      mem.copyWithin(ints >>> 2, sh, sh + rank);
      mem[ints >>> 2] = e - s;
      // Inputs by their first stride, the output (last) by the rows below the first dimension.
      moved.forEach(([i, b], k) => (a[i]! += s * b * (k < r - 1 ? mem[a[r + 2 + k]! >>> 2]! : inner(a, mem))));
      a[r + 1] = ints;
      a[ps.length - 1] = ints + 4 * rank;
    },
  };
}

/**
 * matmul(): one product's rows (whole 4-row tiles, so every row takes the
 * same microkernel; A moves by s rows, or by s columns when it is stored
 * transposed, its row stride lda unchanged), or whole products of a batch
 * (at least 2 each: a batch of 1 ignores its offsets).
 */
const MATMUL: Split = {
  grain: 1 << 18,
  work: (a) => a[3]! * a[4]! * a[5]! * a[6]!,
  units: (a) => (a[3] !== 1 ? a[3]! : a[4]!),
  align: (a) => (a[3] === 1 ? 4 : 2),
  sub(a, s, e) {
    if (a[3] === 1) {
      a[0]! += s * (a[9]! & 1 ? 1 : a[10]!) * 4;
      a[2]! += s * a[6]! * 4;
      a[4] = e - s;
    } else {
      a[2]! += s * a[4]! * a[6]! * 4;
      a[7]! += s * 4;
      a[8]! += s * 4;
      a[3] = e - s;
    }
  },
};

/** dense(): (x, w, bias, out, m, k, n, act), by rows as matmul's. */
const DENSE: Split = {
  grain: 1 << 18,
  work: (a) => a[4]! * a[5]! * a[6]!,
  units: (a) => a[4]!,
  align: () => 4,
  sub(a, s, e) {
    a[0]! += s * a[5]! * 4;
    a[3]! += s * a[6]! * 4;
    a[4] = e - s;
  },
};

// Elementwise tasks are at least 2^16 elements: splitting costs ~5 us even
// with the worker awake (ops back to back), ~30-50 us more when it sleeps.
// Measured (2026-11-28, grain lowered to 2^13 for the test, 1 vs 2 threads,
// medians of quiet samples, ops back to back): relu 16K elements 3.5 -> 7.5
// us, 32K 4.0 -> 5.2, 64K 7.6 -> 7.2, 128K 14.9 -> 19.5, 256K 27.0 -> 21.6;
// add 16K 5.5 -> 10.0, 32K 8.6 -> 10.4, 64K 13.8 -> 13.3, 128K 21.2 ->
// 19.8, 256K 47.1 -> 32.2. So the first split (2 tasks, 128K) is about even
// and a 128 x 256 gradient (32K elements) stays on one thread.
const ELEMENTWISE = 1 << 16;

/** sparseCe(): (logits, labels, loss, grad or 0, rows, classes), by rows. */
const SPARSE_CE: Split = {
  grain: ELEMENTWISE / 2, // as softmax's
  work: (a) => a[4]! * a[5]!,
  units: (a) => a[4]!,
  align: () => 1,
  sub(a, s, e) {
    a[0]! += s * a[5]! * 4;
    a[1]! += s * 4;
    a[2]! += s * 4;
    if (a[3]) a[3]! += s * a[5]! * 4;
    a[4] = e - s;
  },
};

function mark<const N extends KernelName>(names: readonly N[], split: (ps: readonly Param[], grain: number) => Split, grain = ELEMENTWISE) {
  return Object.fromEntries(names.map((n) => [n, split(KERNELS[n], grain)])) as Record<N, Split>;
}
const stem = (n: string) => n.replace(/(_(f32|i32|u8|f16|bf16|f64))+$/, "");
/** The WASM kernels of the given families (names without their dtype suffixes). */
const families = (stems: readonly string[]) =>
  (Object.keys(KERNELS) as KernelName[]).filter((n) => stems.includes(stem(n)) && !REFERENCE_ONLY.has(n));

/** The parallel kernels: one entry per kernel (or family). */
export const PARALLEL: Partial<Record<KernelName, Split>> = {
  ...mark(families([...ARITH, "divide", ...COMPARE, "where"]), broadcast),
  ...mark(families([...UNARY_F32, "cast", "clip"]), flat),
  ...mark(families(["softmax", "log_softmax"]), outer(0), ELEMENTWISE / 2),
  ...mark(families([...REDUCE, ...ARG_REDUCE]), outer(1), ELEMENTWISE / 2),
  ...mark(families(["moments"]), outer(3), ELEMENTWISE / 2),
  ...mark(families(["sgd", "adam", "rmsprop", "adagrad", "adamax", "nadam"]), flat),
  matmul_f32: MATMUL,
  matmul_i32: MATMUL,
  dense_f32: DENSE,
  sparse_softmax_ce_f32: SPARSE_CE,
};

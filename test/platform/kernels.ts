// Kernel twin spot checks through the public API: each op runs once on the
// WASM kernels and once with the TypeScript reference kernels forced, on
// the same inputs (sizes 0, 1, lengths that do not fill a SIMD lane, and
// tensors large enough to live in WASM memory; NaN, ±Infinity, -0), and the
// results must be bit-identical (matmul on relaxed SIMD: within a bound). The WASM results' digests go to the report
// so runtimes are compared with each other as well.
import { assert, group, same, sizeOf, ulps, values, type Keras, type Tensor } from "./harness.js";

const { check, checks } = group();
export default checks;

/** Compares one WASM output element with its reference twin's; returns whether they agree. */
type Agree = (wasm: number, ref: number, i: number) => boolean;

/** Runs `f` on WASM and on the reference kernels; asserts equal bits (or agreement by `agree(j)` for output j). */
function twin(k: Keras, name: string, f: () => Tensor | Tensor[], agree?: (j: number) => Agree): Tensor[] {
  k.useReferenceKernels(false);
  assert(k.backendInfo().kernels === "wasm-simd", `${name}: WASM kernels not active (${k.backendInfo().kernels})`);
  const w = [f()].flat();
  const wData = w.map((t) => t.data.slice());
  k.useReferenceKernels(true);
  let r: Tensor[];
  try {
    r = [f()].flat();
  } finally {
    k.useReferenceKernels(false);
  }
  assert(r.length === w.length, `${name}: ${w.length} outputs on WASM, ${r.length} on reference`);
  for (let j = 0; j < w.length; j++) {
    const a = wData[j]!;
    const b = r[j]!.data;
    const ok = agree?.(j) ?? ((x: number, y: number) => same(x, y));
    assert(w[j]!.dtype === r[j]!.dtype, `${name}: dtype ${w[j]!.dtype} vs ${r[j]!.dtype}`);
    assert(a.length === b.length, `${name}: output ${j} length ${a.length} vs ${b.length}`);
    for (let i = 0; i < a.length; i++) {
      assert(ok(a[i]!, b[i]!, i), `${name}: output ${j}[${i}]: wasm ${Object.is(a[i], -0) ? "-0" : a[i]} vs reference ${Object.is(b[i], -0) ? "-0" : b[i]}`);
    }
  }
  return w;
}

const SHAPES: number[][] = [[0], [1], [7], [3, 5], [2, 3, 17], [1500]]; // 1500 floats > 4 KiB: resident in WASM memory

function forShapes(k: Keras, seed: number, fn: (x: Tensor, y: Tensor, shape: number[]) => void): void {
  SHAPES.forEach((shape, i) => {
    const n = sizeOf(shape);
    fn(k.tensor(values(n, seed + i), shape), k.tensor(values(n, seed + 100 + i), shape), shape);
  });
}

const BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power"] as const;
const COMPARE = ["equal", "greater", "lessEqual"] as const;

check("twins: binary elementwise (float32, broadcasting, int32, bool results)", (k, ctx) => {
  const ops = k.ops;
  forShapes(k, 1, (x, y, shape) => {
    for (const name of [...BINARY, ...COMPARE]) {
      const out = twin(k, `${name} ${shape}`, () => ops[name](x, y));
      ctx.digest(`${name} [${shape}]`, out);
    }
  });
  const a = k.tensor(values(3 * 1 * 5, 7), [3, 1, 5]);
  const b = k.tensor(values(4 * 1, 8), [4, 1]);
  for (const name of BINARY) ctx.digest(`${name} broadcast`, twin(k, `${name} broadcast`, () => ops[name](a, b)));
  const i = k.tensor([-7, 0, 5, 2147483647, -2147483648, 3, 9], null, "int32");
  const j = k.tensor([2, 3, -5, 1, -1, 0, 4], null, "int32");
  for (const name of ["add", "subtract", "multiply", "maximum"] as const) {
    ctx.digest(`${name} int32`, twin(k, `${name} int32`, () => ops[name](i, j)));
  }
}, "wasm");

const UNARY = ["negative", "abs", "square", "sqrt", "exp", "log", "log1p", "tanh", "relu", "sigmoid", "softplus"] as const;

check("twins: unary math and activations", (k, ctx) => {
  forShapes(k, 11, (x, _y, shape) => {
    for (const name of UNARY) {
      const f = k.ops[name] as (t: Tensor) => Tensor;
      ctx.digest(`${name} [${shape}]`, twin(k, `${name} ${shape}`, () => f(x)));
    }
    ctx.digest(`cast int32 [${shape}]`, twin(k, `cast ${shape}`, () => k.ops.cast(k.ops.clip(x, -1e6, 1e6), "int32")));
  });
}, "wasm");

check("twins: reductions (sum, prod, max, argmax, mean, std over axes)", (k, ctx) => {
  const x = k.tensor(values(4 * 5 * 33, 21, 2), [4, 5, 33]);
  const plain = k.tensor(values(4 * 5 * 33, 22, 2, false), [4, 5, 33]);
  for (const axis of [null, 0, 1, -1, [0, 2]] as const) {
    const tag = JSON.stringify(axis);
    const ax = axis as number | number[] | null;
    ctx.digest(`sum ${tag}`, twin(k, `sum ${tag}`, () => k.ops.sum(x, ax)));
    ctx.digest(`prod ${tag}`, twin(k, `prod ${tag}`, () => k.ops.prod(plain, ax)));
    ctx.digest(`max ${tag}`, twin(k, `max ${tag}`, () => k.ops.max(x, ax, true)));
    ctx.digest(`mean ${tag}`, twin(k, `mean ${tag}`, () => k.ops.mean(plain, ax)));
    ctx.digest(`std ${tag}`, twin(k, `std ${tag}`, () => k.ops.std(plain, ax)));
  }
  for (const axis of [null, 0, -1]) ctx.digest(`argmax ${axis}`, twin(k, `argmax ${axis}`, () => k.ops.argmax(plain, axis)));
  ctx.digest("sum empty", twin(k, "sum empty", () => k.ops.sum(k.tensor(new Float32Array(0), [0, 3]), 0)));
}, "wasm");

check("twins: layout (transpose, concatenate, slice, take, oneHot, broadcastTo, creation)", (k, ctx) => {
  const x = k.tensor(values(3 * 4 * 5, 31), [3, 4, 5]);
  const big = k.tensor(values(40 * 50, 32), [40, 50]);
  const cases: [string, () => Tensor][] = [
    ["transpose", () => k.ops.transpose(x, [2, 0, 1])],
    ["transpose big", () => k.ops.transpose(big)],
    ["concatenate", () => k.ops.concatenate([x, x], 1)],
    ["stack", () => k.ops.stack([big, big], 0)],
    ["slice", () => k.ops.slice(x, [1, 0, 2], [2, 3, 3])],
    ["take", () => k.ops.take(x, k.tensor([2, 0, 0, 1], null, "int32"), 1)],
    ["oneHot", () => k.ops.oneHot(k.tensor([0, 3, 1, 2], null, "int32"), 5)],
    ["broadcastTo", () => k.ops.broadcastTo(k.tensor(values(5, 33), [1, 5]), [37, 5])],
    ["arange", () => k.ops.arange(-3, 40, 0.7)],
    ["eye", () => k.ops.eye(5, 7, 1)],
    ["full", () => k.ops.full([33, 3], -0)],
  ];
  for (const [name, f] of cases) ctx.digest(name, twin(k, name, f));
}, "wasm");

check("twins: where, clip, softmax, logSoftmax", (k, ctx) => {
  forShapes(k, 41, (x, y, shape) => {
    const cond = k.ops.greater(x, y);
    ctx.digest(`where [${shape}]`, twin(k, `where ${shape}`, () => k.ops.where(cond, x, y)));
    ctx.digest(`clip [${shape}]`, twin(k, `clip ${shape}`, () => k.ops.clip(x, -1, 0.5)));
    if (shape.length > 0 && sizeOf(shape) > 0) {
      ctx.digest(`softmax [${shape}]`, twin(k, `softmax ${shape}`, () => k.ops.softmax(y)));
      ctx.digest(`logSoftmax [${shape}]`, twin(k, `logSoftmax ${shape}`, () => k.ops.logSoftmax(y)));
    }
  });
  const z = k.tensor(values(6 * 9, 45, 8, false), [6, 9]);
  ctx.digest("softmax axis 0", twin(k, "softmax axis 0", () => k.ops.softmax(z, 0)));
}, "wasm");

const MATMUL: [number[], number[]][] = [
  [[1, 1], [1, 1]],
  [[5, 7], [7, 3]],
  [[33, 17], [17, 9]],
  [[2, 3, 4], [4, 5]],
  [[3, 1, 6, 8], [2, 8, 5]],
  [[7], [7, 6]],
  [[64, 64], [64, 64]],
  [[0, 4], [4, 3]],
  // n > 64: packed A panels (the relaxed patch's shuffle-splat microkernel),
  // with edge tiles; k > 256: partial sums carried over k slices.
  [[9, 70], [70, 67]],
  [[5, 300], [300, 72]],
];

// Plain SIMD (Node 20): bit-exact, like every kernel. Relaxed SIMD
// (backendInfo().relaxedSimd: Deno, Chromium, workerd) computes the
// microkernel's c + a * b with f32x4.relaxed_madd, which these engines fuse:
// one rounding per step instead of two, so the last bits differ from the
// unfused twin. Both sums are within k * u * (|A| @ |B|)[i][j] of the exact
// one (the classic dot-product error bound, u = 2^-24, k the inner
// dimension), hence within 2 k u (|A| @ |B|)[i][j] of each other; this is
// that factor, with room for the rounding of the bound itself. Non-finite
// values (and finite ones whose bound overflows) must still match exactly.
const MATMUL_FMA_TOL = 2.5;

/** How a matmul's WASM result must agree with its twin: bit for bit, or within the FMA bound. */
function matmulAgree(k: Keras, a: Tensor, b: Tensor): ((j: number) => Agree) | undefined {
  if (!k.backendInfo().relaxedSimd) return undefined;
  k.useReferenceKernels(true);
  let bound: Float32Array;
  try {
    bound = k.ops.matmul(k.ops.abs(a), k.ops.abs(b)).data as Float32Array;
  } finally {
    k.useReferenceKernels(false);
  }
  const scale = MATMUL_FMA_TOL * a.shape[a.shape.length - 1]! * 2 ** -24;
  return () => (w, r, i) => same(w, r) || (Number.isFinite(r) && Number.isFinite(bound[i]!) && Math.abs(w - r) <= scale * bound[i]!);
}

check("twins: matmul (vectors, batches, broadcasting, sizes off the SIMD lanes)", (k, ctx) => {
  // Fused results are not compared across runtimes (Node has no relaxed SIMD): see harness.ts.
  const fused = k.backendInfo().relaxedSimd;
  MATMUL.forEach(([sa, sb], i) => {
    const a = k.tensor(values(sizeOf(sa), 51 + i, 2, false), sa);
    const b = k.tensor(values(sizeOf(sb), 61 + i, 2, false), sb);
    ctx.digest(`matmul ${sa}x${sb}`, twin(k, `matmul ${sa} x ${sb}`, () => k.ops.matmul(a, b), matmulAgree(k, a, b)), fused);
  });
  const s = k.tensor(values(9 * 4, 71), [9, 4]);
  const st = k.ops.transpose(s);
  ctx.digest("matmul specials", twin(k, "matmul specials", () => k.ops.matmul(s, st), matmulAgree(k, s, st)), fused);
}, "wasm");

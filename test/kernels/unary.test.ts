// Unary kernels and clip against their twins (bit for bit), the
// transcendental ones against Math.* (f64, rounded once), and special values.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { unaryKernels } from "../../src/backend/reference/unary.js";
import { f32, i32, shape, sizeOf } from "../helpers/arbitraries.js";
import { expectTwins, input, out, runBoth, sameValue, ulpDistance, withWasm } from "../helpers/twins.js";
import { erf64 } from "../helpers/math_oracle.js";

const inputs = {
  f32: fc.oneof({ weight: 3, arbitrary: f32 }, { weight: 2, arbitrary: fc.float({ min: -120, max: 120 }) }),
  i32,
};

describe("unary kernels match their reference twins", () => {
  for (const name of withWasm(unaryKernels)) {
    const suffix = name.endsWith("_f32") ? "f32" : "i32";
    const dtype = suffix === "f32" ? "float32" : "int32";
    const Ctor = suffix === "f32" ? Float32Array : Int32Array;
    const clip = name.startsWith("clip_");
    test(name, () => {
      fc.assert(
        fc.property(
          shape(3, 600).chain((s) => fc.array(inputs[suffix], { minLength: sizeOf(s), maxLength: sizeOf(s) })),
          fc.tuple(inputs[suffix], inputs[suffix]),
          (values, [lo, hi]) => {
            const n = values.length;
            const args = [input(new Ctor(values), dtype), out(dtype, n), n];
            expectTwins(name, clip ? [...args, lo, hi] : args);
          },
        ),
        { numRuns: 80 },
      );
    });
  }
});

// ---- accuracy -------------------------------------------------------------

/** Runs a float kernel on WASM (and checks its twin agrees); returns the WASM output. */
function runF32(name: string, xs: Float32Array): Float32Array {
  const [[w], [r]] = runBoth(name, [input(xs, "float32"), out("float32", xs.length), xs.length]);
  for (let i = 0; i < xs.length; i++) {
    if (!sameValue(w![i]!, r![i]!)) expect.fail(`${name}(${xs[i]}): wasm ${w![i]} vs twin ${r![i]}`);
  }
  return w as Float32Array;
}

/** Random float32 values: uniform in [lo, hi] plus log-uniform magnitudes. */
function sample(lo: number, hi: number, n = 60000, seed = 1): Float32Array {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (i & 1) xs[i] = lo + (hi - lo) * rnd();
    else {
      const mag = Math.exp(Math.log(1e-30) + (Math.log(Math.max(Math.abs(lo), Math.abs(hi))) - Math.log(1e-30)) * rnd());
      xs[i] = rnd() < 0.5 && lo < 0 ? -mag : mag;
      if (xs[i]! < lo || xs[i]! > hi) xs[i] = (lo + hi) / 2;
    }
  }
  return xs;
}

const MIN_NORMAL = 2 ** -126;

/** The largest ulp error of `name` vs `exact` over xs, counting normal results only. */
function maxUlp(name: string, xs: Float32Array, exact: (x: number) => number): { ulp: number; at: number } {
  const ys = runF32(name, xs);
  let worst = { ulp: 0, at: NaN };
  for (let i = 0; i < xs.length; i++) {
    const want = Math.fround(exact(xs[i]!));
    if (Number.isFinite(want) && Math.abs(want) < MIN_NORMAL) continue;
    const d = ulpDistance(ys[i]!, want);
    if (d > worst.ulp) worst = { ulp: d, at: xs[i]! };
  }
  return worst;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

// Bounds are the measured maxima (also over 1.6M further random samples per
// function, uniform and log-uniform, wide and within [-2, 2]).
const ACCURACY: [string, (x: number) => number, number, number, number][] = [
  ["exp_f32", Math.exp, -104, 89, 1],
  ["log_f32", Math.log, 0, 3.4e38, 1],
  ["log1p_f32", Math.log1p, -1, 3.4e38, 1],
  ["tanh_f32", Math.tanh, -12, 12, 1],
  ["sigmoid_f32", sigmoid, -100, 100, 2],
  ["softplus_f32", softplus, -100, 100, 2],
  ["expm1_f32", Math.expm1, -104, 88, 2],
];

describe("erf accuracy", () => {
  // The Chebyshev erfc fit carries ~1.2e-7 relative error: a few ulp of erf near the branch point.
  test("erf_f32 within 4 ulp on [-6, 6], 2 ulp below the branch at 0.84375", () => {
    const xs = sample(-6, 6);
    const ys = runF32("erf_f32", xs);
    let worst = 0;
    let worstSmall = 0;
    for (let i = 0; i < xs.length; i++) {
      const d = ulpDistance(ys[i]!, Math.fround(erf64(xs[i]!)));
      if (Math.abs(xs[i]!) < 0.84375) worstSmall = Math.max(worstSmall, d);
      else worst = Math.max(worst, d);
    }
    expect(worstSmall).toBeLessThanOrEqual(2);
    expect(worst).toBeLessThanOrEqual(4);
  });
});

describe("accuracy vs Math (f64, rounded to float32)", () => {
  for (const [name, exact, lo, hi, bound] of ACCURACY) {
    test(`${name} within ${bound} ulp on [${lo}, ${hi}]`, () => {
      const worst = maxUlp(name, sample(lo, hi), exact);
      expect(worst.ulp, `worst at x = ${worst.at}`).toBeLessThanOrEqual(bound);
    });
  }

  test("log is accurate on subnormal inputs", () => {
    const xs = new Float32Array([1.401298464324817e-45, 2.8e-45, 1e-40, 5.877471754111438e-39, 1.1754942e-38]);
    const ys = runF32("log_f32", xs);
    for (let i = 0; i < xs.length; i++) expect(ulpDistance(ys[i]!, Math.fround(Math.log(xs[i]!)))).toBeLessThanOrEqual(1);
  });

  test("exp rounds subnormal results (no flush to zero)", () => {
    const xs = new Float32Array([-88, -95, -100, -103]);
    const ys = runF32("exp_f32", xs);
    for (let i = 0; i < xs.length; i++) {
      const want = Math.fround(Math.exp(xs[i]!));
      expect(ys[i]).toBeGreaterThan(0);
      // Absolute error within one subnormal step (2^-149) plus 1 ulp of normal values.
      expect(Math.abs(ys[i]! - want)).toBeLessThanOrEqual(Math.max(2 ** -149, Math.abs(want) * 2 ** -22));
    }
  });
});

// ---- special values -------------------------------------------------------

const SPECIALS: [string, number, number][] = [
  ["exp_f32", -Infinity, 0], ["exp_f32", Infinity, Infinity], ["exp_f32", NaN, NaN],
  ["exp_f32", 88.8, Infinity], ["exp_f32", 1000, Infinity], ["exp_f32", -1000, 0], ["exp_f32", 0, 1], ["exp_f32", -0, 1],
  ["log_f32", 0, -Infinity], ["log_f32", -0, -Infinity], ["log_f32", -1, NaN], ["log_f32", -Infinity, NaN],
  ["log_f32", Infinity, Infinity], ["log_f32", NaN, NaN], ["log_f32", 1, 0],
  ["log1p_f32", -1, -Infinity], ["log1p_f32", -2, NaN], ["log1p_f32", Infinity, Infinity], ["log1p_f32", NaN, NaN],
  ["log1p_f32", 0, 0], ["log1p_f32", -0, -0], ["log1p_f32", Math.fround(1e-10), Math.fround(1e-10)],
  ["tanh_f32", Infinity, 1], ["tanh_f32", -Infinity, -1], ["tanh_f32", -0, -0], ["tanh_f32", 0, 0], ["tanh_f32", NaN, NaN],
  ["tanh_f32", 50, 1], ["tanh_f32", -50, -1], ["tanh_f32", Math.fround(1e-20), Math.fround(1e-20)],
  ["sigmoid_f32", -Infinity, 0], ["sigmoid_f32", Infinity, 1], ["sigmoid_f32", NaN, NaN], ["sigmoid_f32", 0, 0.5],
  ["sigmoid_f32", 1000, 1], ["sigmoid_f32", -1000, 0],
  ["softplus_f32", Infinity, Infinity], ["softplus_f32", -Infinity, 0], ["softplus_f32", NaN, NaN], ["softplus_f32", 1000, 1000],
  ["relu_f32", NaN, NaN], ["relu_f32", -Infinity, 0], ["relu_f32", Infinity, Infinity], ["relu_f32", -3, 0], ["relu_f32", -0, -0],
  ["expm1_f32", 0, 0], ["expm1_f32", -0, -0], ["expm1_f32", Infinity, Infinity], ["expm1_f32", -Infinity, -1],
  ["expm1_f32", NaN, NaN], ["expm1_f32", -200, -1], ["expm1_f32", Math.fround(1e-30), Math.fround(1e-30)],
  ["erf_f32", 0, 0], ["erf_f32", -0, -0], ["erf_f32", Infinity, 1], ["erf_f32", -Infinity, -1], ["erf_f32", NaN, NaN],
  ["erf_f32", 10, 1], ["erf_f32", -10, -1], ["erf_f32", Math.fround(1e-30), Math.fround(Math.fround(1e-30) * Math.fround(1.1283791670955126))] /* x * c0, no underflow */,
  ["sqrt_f32", -0, -0], ["sqrt_f32", -1, NaN], ["sqrt_f32", Infinity, Infinity], ["sqrt_f32", 4, 2],
  ["negative_f32", 0, -0], ["abs_f32", -0, 0], ["abs_f32", -Infinity, Infinity], ["square_f32", -3, 9],
];

describe("special values", () => {
  test.each(SPECIALS)("%s(%d)", (name, x, want) => {
    // Repeat the value so it lands in full vectors and in the padded tail.
    const xs = new Float32Array(7).fill(x);
    const ys = runF32(name, xs);
    for (const y of ys) expect(sameValue(y, want), `${name}(${x}) = ${y}, expected ${want}`).toBe(true);
  });

  test("sigmoid and softplus stay finite and ordered for large |x|", () => {
    const xs = sample(-1e30, 1e30, 4000, 7);
    const sg = runF32("sigmoid_f32", xs);
    const sp = runF32("softplus_f32", xs);
    for (let i = 0; i < xs.length; i++) {
      expect(sg[i]! >= 0 && sg[i]! <= 1).toBe(true);
      expect(sp[i]! >= 0 && sp[i]! >= xs[i]!).toBe(true);
    }
  });

  test("int32 kernels wrap as int32", () => {
    const xs = new Int32Array([-2147483648, -5, 0, 7, 2147483647, 65536]);
    const run = (name: string): number[] => Array.from(runBoth(name, [input(xs, "int32"), out("int32", 6), 6])[0][0]!);
    expect(run("negative_i32")).toEqual([-2147483648, 5, 0, -7, -2147483647, -65536]);
    expect(run("abs_i32")).toEqual([-2147483648, 5, 0, 7, 2147483647, 65536]);
    expect(run("square_i32")).toEqual([0, 25, 0, 49, 1, 0]);
    expect(run("relu_i32")).toEqual([0, 0, 0, 7, 2147483647, 65536]);
  });

  test("clip keeps NaN and lets the upper bound win when lo > hi", () => {
    const xs = new Float32Array([NaN, -5, 0.5, 5, -Infinity, Infinity]);
    const [[w]] = runBoth("clip_f32", [input(xs, "float32"), out("float32", 6), 6, 0, 1]);
    expect(Array.from(w!)).toEqual([NaN, 0, 0.5, 1, 0, 1]);
    const [[v]] = runBoth("clip_f32", [input(xs, "float32"), out("float32", 6), 6, 2, 1]);
    expect(Array.from(v!)).toEqual([NaN, 1, 1, 1, 1, 1]);
  });
});

// float32 <-> float16 / bfloat16 conversion kernels: WASM against the
// twin bit for bit, against Keras's own casts (the fixture), every float16
// value and the float32 values half an ulp either side of every float16
// against an independent oracle, and bfloat16 by property.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { halfKernels, numberToF16 } from "../../src/backend/reference/half.js";
import { referenceOnlyKernels } from "../../src/backend/reference/wide.js";
import type { TypedArray } from "../../src/dtypes.js";
import { dim, f32 } from "../helpers/arbitraries.js";
import { fixture } from "../helpers/fixtures.js";
import { decodeBf16, decodeF16, nearestBf16, nearestF16 } from "../helpers/half_oracle.js";
import { input, out, runBoth } from "../helpers/twins.js";

const bitsOfF32 = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;
const f32OfBits = (b: number): number => new Float32Array(new Uint32Array([b]).buffer)[0]!;
const u32 = (a: TypedArray): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Runs a cast kernel on both paths; asserts equal bits; returns the output bits. */
function castBoth(name: string, src: Float32Array | Uint16Array): Uint32Array | Uint16Array {
  const toHalf = name.startsWith("cast_f32");
  const n = src.length;
  const [[w], [r]] = runBoth(name, [input(src, toHalf ? "float32" : "float16"), out(toHalf ? "float16" : "float32", n), n]);
  const wb = toHalf ? (w as Uint16Array) : u32(w!);
  const rb = toHalf ? (r as Uint16Array) : u32(r!);
  for (let i = 0; i < n; i++) if (wb[i] !== rb[i]) expect.fail(`${name}[${i}]: wasm 0x${wb[i]!.toString(16)} vs twin 0x${rb[i]!.toString(16)}`);
  return wb;
}

const f32Bits = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), f32.map(bitsOfF32));
const lengths = fc.tuple(dim, dim).map(([a, b]) => a * b);

describe("half conversion kernels match their twins bit for bit", () => {
  for (const name of Object.keys(halfKernels)) {
    test(name, () => {
      const toHalf = name.startsWith("cast_f32");
      const value = toHalf ? f32Bits : fc.integer({ min: 0, max: 0xffff });
      fc.assert(
        fc.property(lengths.chain((n) => fc.array(value, { minLength: n, maxLength: n })), (vals) => {
          castBoth(name, toHalf ? new Float32Array(new Uint32Array(vals).buffer) : new Uint16Array(vals));
        }),
        { numRuns: 100 },
      );
    });
  }
});

interface CastFixture {
  input_bits_uint32: number[];
  float16: { bits_uint16: number[]; back_to_float32: (number | string)[] };
  bfloat16: { bits_uint16: number[]; back_to_float32: (number | string)[] };
}
const num = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

describe("Keras's casts (numerics/half_precision_cast.json)", () => {
  const fx = fixture<CastFixture>("numerics/half_precision_cast.json");
  const src = new Float32Array(new Uint32Array(fx.input_bits_uint32).buffer);
  for (const [dt, k] of [["float16", "f16"], ["bfloat16", "bf16"]] as const) {
    test(`float32 -> ${dt} bits, and back`, () => {
      const bits = castBoth(`cast_f32_${k}`, src);
      expect(Array.from(bits)).toEqual(fx[dt].bits_uint16);
      const back = castBoth(`cast_${k}_f32`, new Uint16Array(fx[dt].bits_uint16));
      expect(Array.from(back, f32OfBits)).toEqual(fx[dt].back_to_float32.map(num));
    });
  }
});

describe("float16, exhaustively, against an independent oracle", () => {
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i);

  test("every float16 pattern widens to its exact value", () => {
    const wide = castBoth("cast_f16_f32", all);
    for (let p = 0; p < 65536; p++) {
      const v = f32OfBits(wide[p]!);
      const want = decodeF16(p);
      if (!(Object.is(v, want) || (Number.isNaN(v) && Number.isNaN(want)))) expect.fail(`0x${p.toString(16)}: ${v} vs ${want}`);
    }
  });

  test("every float16 value, and the float32 values at and beside each half-way point, round as the oracle says", () => {
    // Inputs: each finite half value; for each pair of neighbouring
    // non-negative halves (and past 65504, the overflow point 65520) the
    // midpoint and the float32 values just below and above it; negated too.
    const xs: number[] = [];
    for (let p = 0; p <= 0x7bff; p++) {
      const lo = decodeF16(p);
      const hi = p === 0x7bff ? 65536 : decodeF16(p + 1);
      const mid = (lo + hi) / 2; // exact in float32: 12 significant bits
      expect(Math.fround(mid)).toBe(mid);
      const b = bitsOfF32(mid);
      xs.push(lo, mid, f32OfBits(b - 1), f32OfBits(b + 1));
    }
    const pos = Float32Array.from(xs);
    const src = new Float32Array(pos.length * 2);
    src.set(pos);
    src.set(pos.map((x) => -x), pos.length);
    const got = castBoth("cast_f32_f16", src);
    let bad = 0;
    for (let i = 0; i < src.length; i++) {
      if (got[i] !== nearestF16(src[i]!) && bad++ < 5) expect.fail(`${src[i]}: 0x${got[i]!.toString(16)} vs oracle 0x${nearestF16(src[i]!).toString(16)}`);
    }
    expect(src.length).toBe(4 * 0x7c00 * 2);
  });

  test("NaN, ±Infinity and random float32 values", () => {
    expect(Array.from(castBoth("cast_f32_f16", new Float32Array([NaN, -NaN, Infinity, -Infinity, 3.4e38, -0])))).toEqual([
      0x7e00, 0x7e00, 0x7c00, 0xfc00, 0x7c00, 0x8000,
    ]);
    fc.assert(
      fc.property(fc.array(f32Bits, { maxLength: 64 }), (vals) => {
        const src = new Float32Array(new Uint32Array(vals).buffer);
        const got = castBoth("cast_f32_f16", src);
        src.forEach((x, i) => expect(got[i]).toBe(nearestF16(x)));
      }),
    );
  });

  test("float64 -> float16 (reference-only) rounds once from the double, as NumPy", () => {
    // 1 + 2^-11 + 2^-40 is above the half-way point: up, though float32 would first round it to the tie.
    expect(numberToF16(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
    expect(referenceOnlyKernels.cast_f64_f16).toBeDefined();
    fc.assert(fc.property(fc.double(), (x) => { expect(numberToF16(x)).toBe(nearestF16(x)); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.double({ min: -70000, max: 70000 }), (x) => { expect(numberToF16(x)).toBe(nearestF16(x)); }), { numRuns: 2000 });
  });
});

describe("bfloat16 by property, against the oracle", () => {
  test("float32 -> bfloat16 rounds to nearest even; NaN -> 0x7FC0", () => {
    fc.assert(
      fc.property(fc.array(f32Bits, { maxLength: 64 }), (vals) => {
        const src = new Float32Array(new Uint32Array(vals).buffer);
        const got = castBoth("cast_f32_bf16", src);
        src.forEach((x, i) => expect(got[i]).toBe(nearestBf16(x)));
      }),
      { numRuns: 300 },
    );
  });
  test("bfloat16 -> float32 is exact", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 }), (ps) => {
        const got = castBoth("cast_bf16_f32", new Uint16Array(ps));
        ps.forEach((p, i) => {
          const v = f32OfBits(got[i]!);
          const want = decodeBf16(p);
          expect(Number.isNaN(want) ? Number.isNaN(v) : Object.is(v, want)).toBe(true);
        });
      }),
    );
  });
});

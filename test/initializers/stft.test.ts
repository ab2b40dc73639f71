// keras.initializers.STFT against the DFT written out by hand:
// kernel[t, 0, f] = trig(2 pi t f / N) * w[t] / s, with N = 2 (bins - 1),
// trig = cos for side "real" and -sin for "imag" (Keras's angle is
// -2 pi t f / N), w the window (textbook formulas below, symmetric over
// M - 1 or periodic over M), s = sqrt(sum w^2) for "density", sum |w| for
// "spectrum", 1 for null. Also the four cases of Keras's own
// test_stft_initializer (constant_initializers_test.py) on its shape.
import { describe, expect, test } from "vitest";
import * as initializers from "../../src/initializers/index.js";
import { ValueError } from "../../src/errors.js";
import { fixture } from "../helpers/fixtures.js";

const { STFT } = initializers;

// Textbook windows of length M; `den` is M - 1 (symmetric) or M (periodic).
const WINDOWS: Record<string, (n: number, den: number) => number> = {
  hann: (n, den) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / den),
  hamming: (n, den) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / den),
  blackman: (n, den) => 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / den) + 0.08 * Math.cos((4 * Math.PI * n) / den),
  boxcar: () => 1,
  // Tukey, alpha = 0.5: x = n / den; raised-cosine tapers where x < 1/4 or x > 3/4, flat between.
  tukey: (n, den) => {
    const x = n / den;
    return x < 0.25 ? 0.5 * (1 - Math.cos(4 * Math.PI * x)) : x > 0.75 ? 0.5 * (1 - Math.cos(4 * Math.PI * (1 - x))) : 1;
  },
};

function expected(frames: number, bins: number, side: string, win: number[] | null, scaling: string | null): number[] {
  const n = 2 * (bins - 1);
  const s = win === null || scaling === null ? 1 : scaling === "density" ? Math.sqrt(win.reduce((a, v) => a + v * v, 0)) : win.reduce((a, v) => a + Math.abs(v), 0);
  const out: number[] = [];
  for (let t = 0; t < frames; t++) {
    for (let f = 0; f < bins; f++) {
      const angle = (2 * Math.PI * t * f) / n;
      out.push((side === "real" ? Math.cos(angle) : -Math.sin(angle)) * (win === null ? 1 : win[t]!) / s);
    }
  }
  return out;
}

const windowOf = (name: string, frames: number, periodic: boolean): number[] =>
  Array.from({ length: frames }, (_, t) => WINDOWS[name]!(t, periodic ? frames : frames - 1));

const flat = (x: { data: unknown }): number[] => Array.from(x.data as Float32Array);

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `element ${i}: ${v} vs ${want[i]}`).toBeLessThanOrEqual(tol));
}

describe("values: the windowed DFT", () => {
  const cases: [string, string, boolean, "density" | "spectrum" | null][] = [];
  for (const side of ["real", "imag"]) {
    for (const win of Object.keys(WINDOWS)) {
      for (const periodic of [false, true]) for (const scaling of ["density", "spectrum", null] as const) cases.push([side, win, periodic, scaling]);
    }
  }
  test.each(cases)("side=%s window=%s periodic=%s scaling=%s on [7, 1, 5]", (side, win, periodic, scaling) => {
    const init = new STFT({ side: side as "real", window: win, periodic, scaling });
    const out = init.apply([7, 1, 5]);
    expect(out.shape).toEqual([7, 1, 5]);
    expect(out.dtype).toBe("float32");
    // Keras forms the angle in float32 (up to 6 pi here): half an ulp of it, 2^-20 < 1e-6, bounds the difference.
    expectClose(flat(out), expected(7, 5, side, windowOf(win, 7, periodic), scaling), 1e-6);
  });

  test("hann by hand: symmetric [0, 3/4, 3/4, 0], periodic [0, 1/2, 1, 1/2] (the f = 0 column, no scaling)", () => {
    const column = (periodic: boolean) => flat(new STFT({ window: "hann", periodic, scaling: null }).apply([4, 1, 2])).filter((_, i) => i % 2 === 0);
    expectClose(column(false), [0, 0.75, 0.75, 0], 1e-7);
    expectClose(column(true), [0, 0.5, 1, 0.5], 1e-7);
  });

  test("the default is the real part, symmetric hann, density scaling; window null is the bare DFT", () => {
    expectClose(flat(new STFT().apply([6, 1, 4])), expected(6, 4, "real", windowOf("hann", 6, false), "density"), 1e-6);
    expectClose(flat(new STFT("imag", { window: null }).apply([2, 1, 3])), [0, 0, 0, 0, -1, 0], 2e-7);
  });

  test("an array window (its values as given), float64 computed without float32 rounding", () => {
    const win = [1, 2, 3, 4];
    const init = new STFT("imag", { window: win, scaling: "spectrum" });
    expectClose(flat(init.apply([4, 1, 3])), expected(4, 3, "imag", win, "spectrum"), 1e-6);
    const f64 = init.apply([4, 1, 3], "float64");
    expect(f64.dtype).toBe("float64");
    expectClose(Array.from(f64.data as Float64Array), expected(4, 3, "imag", win, "spectrum"), 1e-15);
    expect(new STFT({ window: new Float32Array([0.5, 1]) }).getConfig().window).toEqual([0.5, 1]);
  });

  test("frame length 1 (a window of one is [1]) and zero-size shapes", () => {
    expectClose(flat(new STFT({ scaling: "spectrum" }).apply([1, 1, 3])), [1, 1, 1], 0);
    expect(new STFT().apply([0, 1, 3]).shape).toEqual([0, 1, 3]);
    expect(new STFT().apply([3, 1, 0]).shape).toEqual([3, 1, 0]);
  });
});

describe("Keras's test_stft_initializer, shape (256, 1, 513)", () => {
  // Keras's expectation: args = -2 * float32(pi) * t * f / 1024, then cos / sin times the float32 window.
  const pi32 = Math.fround(Math.PI);
  const trig = (side: string, w: number[] | null): number[] => {
    const out: number[] = [];
    for (let t = 0; t < 256; t++) {
      for (let f = 0; f < 513; f++) {
        const args = -2 * pi32 * t * (f / 1024);
        out.push((side === "real" ? Math.cos(args) : Math.sin(args)) * (w === null ? 1 : w[t]!));
      }
    }
    return out;
  };
  const f32 = (w: number[]): number[] => w.map(Math.fround);
  const within = (got: number[], want: number[], atol: number, rtol: number) =>
    got.forEach((v, i) => expect(Math.abs(v - want[i]!) <= atol + rtol * Math.abs(want[i]!), `element ${i}`).toBe(true));

  test("STFT('real', None): cos(args) to atol 1e-4", () => {
    within(flat(new STFT("real", { window: null }).apply([256, 1, 513])), trig("real", null), 1e-4, 1e-6);
  });
  test("STFT('real', 'hamming', None, True): periodic hamming", () => {
    const got = flat(new STFT("real", { window: "hamming", scaling: null, periodic: true }).apply([256, 1, 513], "float32"));
    within(got, trig("real", f32(windowOf("hamming", 256, true))), 1e-4, 1e-6);
  });
  test("STFT('imag', 'tukey', 'density', False): symmetric tukey over its L2 norm", () => {
    const w = f32(windowOf("tukey", 256, false));
    const norm = Math.sqrt(w.reduce((a, v) => a + v * v, 0));
    within(flat(new STFT("imag", { window: "tukey", scaling: "density" }).apply([256, 1, 513])), trig("imag", w.map((v) => v / norm)), 1e-4, 1e-6);
  });
  test("STFT('imag', range(1, 257), 'spectrum'): an array window over its L1 norm", () => {
    const w = Array.from({ length: 256 }, (_, i) => i + 1);
    const sum = w.reduce((a, v) => a + v, 0);
    within(flat(new STFT("imag", { window: w, scaling: "spectrum" }).apply([256, 1, 513])), trig("imag", w.map((v) => v / sum)), 1e-4, 1e-6);
  });
  test("bad side, scaling or window name are ValueErrors; 'STFTInitializer' resolves to STFT", () => {
    expect(() => new STFT("imaginary" as "imag")).toThrow(ValueError);
    expect(() => new STFT("real", { scaling: "l2" as "density" })).toThrow(/Scaling is invalid/);
    expect(() => new STFT("real", { window: "unknown" })).toThrow(/STFT: unknown window/);
    expect(initializers.get("STFTInitializer")).toBeInstanceOf(STFT);
  });
});

describe("argument checks", () => {
  test.each([
    [{ window: 3 }, /STFT: unknown window/],
    [{ window: [1, "2"] }, /STFT: unknown window/],
    [{ sides: "real" }, /unrecognized argument 'sides'/],
  ])("%j is refused", (opts, msg) => {
    expect(() => new STFT(opts as never)).toThrow(msg);
  });
  test("the shape must be [frames, 1, bins]; an array window must have frames values", () => {
    expect(() => new STFT().apply([4, 3])).toThrow(/STFT: expected a shape.*received \(4, 3\)/);
    expect(() => new STFT().apply([4, 2, 3])).toThrow(ValueError);
    expect(() => new STFT({ window: [1, 2, 3] }).apply([4, 1, 3])).toThrow(/must be equal to \[frame_length\]\. Received: window shape=\[3\]/);
  });
});

describe("config: Keras's key order, round trips", () => {
  test.each(["init_STFT_default", "init_STFT_args"])("configs/%s.json", (name) => {
    const json = fixture(`configs/${name}.json`) as { config: Record<string, unknown> };
    const init = initializers.deserialize(json);
    expect(init).toBeInstanceOf(STFT);
    expect(JSON.stringify(initializers.serialize(init))).toBe(JSON.stringify(json));
  });
  test("the defaults serialize as Keras's init_STFT_default.json; an array window as a list", () => {
    expect(JSON.stringify(initializers.serialize(new STFT()))).toBe(JSON.stringify(fixture("configs/init_STFT_default.json")));
    const init = new STFT({ window: [0.25, 0.75], scaling: null });
    const back = initializers.deserialize(JSON.parse(JSON.stringify(initializers.serialize(init)))) as InstanceType<typeof STFT>;
    expect(back.getConfig()).toEqual({ side: "real", window: [0.25, 0.75], periodic: false, scaling: null });
    expect(back.apply([2, 1, 2]).toArray()).toEqual(init.apply([2, 1, 2]).toArray());
  });
});

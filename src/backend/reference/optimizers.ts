// Reference twins of assembly/optimizers/*.ts: the same formulas, element by
// element, each operation rounded to float32 (Math.fround) in the kernel's
// order, so they give the WASM kernels' bits. Signature (common.ts):
// (w, g, s0, s1, s2, wOut, s0Out, s1Out, s2Out, n, params); an unused
// state buffer is the number 0 and is never indexed.
import type { TypedArray } from "../../dtypes.js";
import type { Twin } from "./types.js";

const r = Math.fround;
type Buf = TypedArray;
/** One element's update: reads index i of the inputs, writes index i of the outputs. */
type Step = (b: Buf[], i: number, p: Float32Array, x: number) => void;

/** Keras's weight decay, `w - w * wd * lr`, before the update (P[1] wd, P[2] on). */
const decayed = (w: number, p: Float32Array): number => (p[2] !== 0 ? r(w - r(r(w * p[1]!) * p[0]!)) : w);

/** `m + (x - m) * c`, as the kernels' `ema`. */
const ema = (m: number, x: number, c: number): number => r(m + r(r(x - m) * c));

// Unused state buffers are 0 and are never indexed.
const update = (step: Step): Twin<"adam_f32"> => (w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p) => {
  const b = [w, g, s0, s1, s2, wo, s0o, s1o, s2o] as Buf[];
  for (let i = 0; i < n; i++) step(b, i, p, decayed(w[i]!, p));
};

// b: 0 w, 1 g, 2 s0, 3 s1, 4 s2, 5 wOut, 6 s0Out, 7 s1Out, 8 s2Out.
export const optimizerKernels = {
  sgd_f32: update((b, i, p, x) => {
    const [lr, , , mom, nesterov, hasM] = p as unknown as number[];
    const gl = r(b[1]![i]! * lr!);
    if (hasM) {
      const m = r(r(b[2]![i]! * mom!) - gl);
      b[6]![i] = m;
      b[5]![i] = r(x + (nesterov ? r(r(m * mom!) - gl) : m));
    } else b[5]![i] = r(x - gl);
  }),
  adam_f32: update((b, i, p, x) => {
    const [, , , alpha, c1, c2, eps, amsgrad] = p as unknown as number[];
    const g = b[1]![i]!;
    const m = ema(b[2]![i]!, g, c1!);
    let v = ema(b[3]![i]!, r(g * g), c2!);
    b[6]![i] = m;
    b[7]![i] = v;
    if (amsgrad) {
      v = Math.max(b[4]![i]!, v);
      b[8]![i] = v;
    }
    b[5]![i] = r(x - r(r(m * alpha!) / r(r(Math.sqrt(v)) + eps!)));
  }),
  rmsprop_f32: update((b, i, p, x) => {
    const [lr, , , rho, c, mom, eps, centered] = p as unknown as number[];
    const g = b[1]![i]!;
    const vel = r(r(rho! * b[2]![i]!) + r(c! * r(g * g)));
    b[6]![i] = vel;
    let denom = r(vel + eps!);
    if (centered) {
      const avg = r(r(rho! * b[4]![i]!) + r(c! * g));
      b[8]![i] = avg;
      denom = r(r(vel - r(avg * avg)) + eps!);
    }
    const inc = r(r(lr! * g) / r(Math.sqrt(denom)));
    if (mom! > 0) {
      const m = r(r(mom! * b[3]![i]!) + inc);
      b[7]![i] = m;
      b[5]![i] = r(x - m);
    } else b[5]![i] = r(x - inc);
  }),
  adagrad_f32: update((b, i, p, x) => {
    const [lr, , , eps] = p as unknown as number[];
    const g = b[1]![i]!;
    const acc = r(b[2]![i]! + r(g * g));
    b[6]![i] = acc;
    b[5]![i] = r(x - r(r(lr! * g) / r(Math.sqrt(r(acc + eps!)))));
  }),
  adamax_f32: update((b, i, p, x) => {
    const [lr, , , c1, b2, eps, d] = p as unknown as number[];
    const g = b[1]![i]!;
    const m = ema(b[2]![i]!, g, c1!);
    const u = Math.max(r(b2! * b[3]![i]!), Math.abs(g));
    b[6]![i] = m;
    b[7]![i] = u;
    b[5]![i] = r(x - r(r(lr! * m) / r(d! * r(u + eps!))));
  }),
  nadam_f32: update((b, i, p, x) => {
    const [lr, , , c1, c2, eps, ut1, d1, k2, d2, bv] = p as unknown as number[];
    const g = b[1]![i]!;
    const m = ema(b[2]![i]!, g, c1!);
    const v = ema(b[3]![i]!, r(g * g), c2!);
    b[6]![i] = m;
    b[7]![i] = v;
    const mHat = r(r(r(ut1! * m) / d1!) + r(r(k2! * g) / d2!));
    const vHat = r(v / bv!);
    b[5]![i] = r(x - r(r(mHat * lr!) / r(r(Math.sqrt(vHat)) + eps!)));
  }),
} satisfies Record<string, Twin<"adam_f32">>;

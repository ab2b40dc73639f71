// The fused optimizer kernels against their twins, bit for bit: sizes 0, 1,
// lane tails and a few full vectors; values with NaN, ±Inf and -0; every
// flag (weight decay, momentum, nesterov, amsgrad, centered).
import fc from "fast-check";
import { describe, test } from "vitest";
import { optimizerKernels } from "../../src/backend/reference/optimizers.js";
import { f32, floatArray, specialF32 } from "../helpers/arbitraries.js";
import { expectTwins, input, out, type TwinArg } from "../helpers/twins.js";

const flag = fc.constantFrom(0, 1);
const scalar = fc.oneof({ weight: 4, arbitrary: fc.float({ min: -2, max: 2 }) }, { weight: 1, arbitrary: specialF32 });
const positive = fc.oneof(fc.float({ min: Math.fround(1e-8), max: 1, noNaN: true }), fc.constantFrom(1e-7, 0.9, 0.999, 0));

/** Per kernel: its parameter array, and which state buffers (s0, s1, s2) those parameters use. */
const KERNELS: Record<string, { params: fc.Arbitrary<number[]>; states: (p: number[]) => boolean[] }> = {
  sgd_f32: { params: fc.tuple(scalar, scalar, flag, scalar, flag, flag), states: (p) => [p[5] === 1, false, false] },
  adam_f32: { params: fc.tuple(scalar, scalar, flag, scalar, positive, positive, positive, flag), states: (p) => [true, true, p[7] === 1] },
  rmsprop_f32: {
    params: fc.tuple(scalar, scalar, flag, positive, positive, fc.oneof(positive, fc.constant(0)), positive, flag),
    states: (p) => [true, p[5]! > 0, p[7] === 1],
  },
  adagrad_f32: { params: fc.tuple(scalar, scalar, flag, positive), states: () => [true, false, false] },
  adamax_f32: { params: fc.tuple(scalar, scalar, flag, positive, positive, positive, positive), states: () => [true, true, false] },
  nadam_f32: {
    params: fc.tuple(scalar, scalar, flag, positive, positive, positive, scalar, scalar, scalar, scalar, positive),
    states: () => [true, true, false],
  },
};

const size = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17), fc.integer({ min: 0, max: 300 }));
const arrays = (n: number) => fc.tuple(floatArray(n, f32), floatArray(n, f32), floatArray(n, f32), floatArray(n, f32), floatArray(n, f32));

describe("optimizer kernels match their reference twins", () => {
  for (const [name, spec] of Object.entries(KERNELS)) {
    test(name, () => {
      fc.assert(
        fc.property(size.chain((n) => fc.tuple(fc.constant(n), arrays(n), spec.params)), ([n, [w, g, s0, s1, s2], params]) => {
          const used = spec.states(params);
          const states = [s0, s1, s2];
          const args: TwinArg[] = [
            input(w, "float32"),
            input(g, "float32"),
            ...states.map((s, i) => (used[i] ? input(s, "float32") : 0)),
            out("float32", n),
            ...used.map((u) => (u ? out("float32", n) : 0)),
            n,
            Float32Array.from({ length: 11 }, (_, i) => params[i] ?? 0),
          ];
          expectTwins(name, args);
        }),
        { numRuns: 150 },
      );
    });
  }
});

// Gradients through the built-in layers against central finite
// differences: with respect to the inputs (test/helpers/gradcheck.ts), and
// with respect to the layers' own trainable weights (perturbed in place
// along a fixed direction, then restored).
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { checkGradient, type Input } from "../../helpers/gradcheck.js";

beforeEach(() => clearSession());
// The layers compute in float32 (they autocast inputs to their compute dtype).
const F32 = { dtype: "float32" } as const;
const { ops, layers: L } = keras;

/** Deterministic values in [-2, 2): element i is ((7 i + 3) mod 16) / 4 - 2, never two equal neighbours. */
const input = (shape: number[]): Input => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, (_, i) => ((7 * i + 3) % 16) / 4 - 2 + i * 1e-3) };
};

/** d/dw of sum(layer(x) * r) vs finite differences along a direction, for every trainable weight at once. */
function checkWeightGradient(layer: keras.Layer, x: unknown, opts: Record<string, unknown> = {}, h = 1e-3): void {
  const out0 = layer.apply(x, opts) as Tensor; // builds the layer
  const vars = layer.trainableVariables;
  expect(vars.length).toBeGreaterThan(0);
  const r = keras.tensor(Array.from({ length: out0.size }, (_, i) => 0.5 + ((i * 5) % 7) / 7), out0.shape);
  const loss = (): Tensor => ops.sum(ops.multiply(layer.apply(x, opts) as Tensor, r));
  const { grads } = keras.valueAndGrad(loss, vars);
  const dirs = vars.map((v, j) => keras.tensor(Array.from({ length: v.value.size }, (_, i) => Math.sin(i + 1 + j)), v.shape));
  const base = vars.map((v) => v.value);
  const at = (s: number): number => {
    vars.forEach((v, j) => v.assign(ops.add(base[j]!, ops.multiply(dirs[j]!, s * h))));
    const value = loss().item();
    vars.forEach((v, j) => v.assign(base[j]!));
    return value;
  };
  const fd = (at(1) - at(-1)) / (2 * h);
  const an = grads.reduce((acc, g, j) => acc + ops.sum(ops.multiply(g, dirs[j]!)).item(), 0);
  expect(Math.abs(fd - an), `fd ${fd} vs analytic ${an}`).toBeLessThanOrEqual(1e-2 * Math.abs(an) + 5e-3 * (1 + Math.abs(loss().item())));
}

/** Where each activation has a kink (finite differences must not straddle one). */
const KINKS: Record<string, number[]> = { relu: [0], leaky_relu: [0], hard_sigmoid: [-3, 3] };

/**
 * A Dense layer with seeded weights whose pre-activations x @ kernel + bias
 * all stay 0.05 away from the activation's kinks: the perturbations below
 * move them by at most ~0.01, so no difference quotient crosses a kink.
 */
function denseAwayFromKinks(activation: string, x: Input): keras.layers.Dense {
  for (let seed = 1; seed < 100; seed++) {
    clearSession();
    const dense = new L.Dense(3, { activation, biasInitializer: "ones", kernelInitializer: new keras.initializers.GlorotUniform({ seed }) });
    dense.build(x.shape);
    const z = ops.add(ops.matmul(keras.tensor(x.data, x.shape), dense.kernel), dense.bias!);
    if (Array.from(z.data).every((v) => (KINKS[activation] ?? []).every((k) => Math.abs(v - k) > 0.05))) return dense;
  }
  throw new Error(`no seed keeps ${activation}'s pre-activations away from its kinks`);
}

describe("gradients through built-in layers", () => {
  const x = input([4, 3, 5]);
  for (const activation of ["relu", "gelu", "elu", "selu", "silu", "softmax", "mish", "hard_sigmoid", "leaky_relu"]) {
    test(`Dense(${activation}): inputs and weights`, () => {
      const dense = denseAwayFromKinks(activation, x);
      checkGradient(([t]) => dense.apply(t) as Tensor, [x], F32);
      checkWeightGradient(dense, keras.tensor(x.data, x.shape));
    });
  }
  test("BatchNormalization in training (batch statistics) and at inference", () => {
    const bn = new L.BatchNormalization({ gammaInitializer: new keras.initializers.Constant(1.5) });
    checkGradient(([t]) => bn.apply(t, { training: true }) as Tensor, [x], F32);
    checkGradient(([t]) => bn.apply(t) as Tensor, [x], F32);
    const fresh = new L.BatchNormalization();
    checkWeightGradient(fresh, keras.tensor(x.data, x.shape), { training: true });
  });
  test("LayerNormalization", () => {
    const ln = new L.LayerNormalization({ axis: [-2, -1] });
    checkGradient(([t]) => ln.apply(t) as Tensor, [x], F32);
    checkWeightGradient(ln, keras.tensor(x.data, x.shape));
  });
  test("Embedding (weights) -> masked GlobalAveragePooling1D -> Dense", () => {
    const emb = new L.Embedding(6, 3, { maskZero: true });
    const pool = new L.GlobalAveragePooling1D();
    const ids = keras.tensor([[1, 2, 0, 5], [0, 3, 3, 4]], null, "int32");
    const model = new (class extends keras.Layer {
      emb = emb;
      pool = pool;
      out = new L.Dense(2);
      override call(t: Tensor): Tensor { return this.out.apply(this.pool.apply(this.emb.apply(t))) as Tensor; }
    })();
    checkWeightGradient(model, ids);
  });
  test("PReLU, masked Softmax, Dot, Concatenate, Maximum", () => {
    checkWeightGradient(new L.PReLU({ alphaInitializer: new keras.initializers.Constant(0.25) }), keras.tensor(x.data, x.shape));
    const mask = keras.tensor([[1, 1, 0, 1, 0]]);
    checkGradient(([t]) => new L.Softmax().apply(t, { mask }) as Tensor, [x], F32);
    checkGradient(([a, b]) => new L.Dot([2, 2]).apply([a, b]) as Tensor, [x, input([4, 2, 5])], F32);
    checkGradient(([a, b]) => new L.Concatenate(1).apply([a, b]) as Tensor, [x, input([4, 2, 5])], F32);
    checkGradient(([a, b]) => new L.Maximum().apply([a, b]) as Tensor, [x, { shape: x.shape, data: x.data.map((v) => v + 0.05) }], F32);
  });
});

// The optimizers without Keras fixtures, against their Keras update rules
// written out again here in float64 (a few steps on small vectors), plus
// the Keras details that are easy to get wrong. Each rule cites its source
// in keras/src/optimizers/ (Keras 3.15.1); expected values never come from
// keras-wasm itself.
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";

const { optimizers } = keras;
type Vec = number[];

const W0: Vec[] = [[1, -2, 0.5], [0.3, -0.7, 1.5, 0]];
const GRADS: Vec[][] = [
  [[0.1, -0.2, 0.3], [1, 0.5, -0.3, 2]],
  [[0, 0, 0], [0, -3, 2.5, 0.5]],
  [[-0.5, 1, 2], [0.1, 0, -1, 0.5]],
  [[0.25, 0.25, -0.75], [-2, 1, 0.125, -0.5]],
];

/** A float64 rule: state per variable, one step given (w, g, t = iterations + 1, lr). */
interface Rule {
  init(w: Vec): Record<string, Vec>;
  step(w: Vec, g: Vec, s: Record<string, Vec>, t: number, lr: number, shared: Record<string, number>): Vec;
  before?(shared: Record<string, number>, t: number): void;
}

function runRule(rule: Rule, lr: (t: number) => number, steps = GRADS.length, shared: Record<string, number> = {}): Vec[][] {
  const ws = W0.map((w) => w.slice());
  const states = ws.map((w) => rule.init(w));
  const out: Vec[][] = [];
  for (let k = 0; k < steps; k++) {
    const t = k + 1;
    rule.before?.(shared, t);
    ws.forEach((w, i) => (ws[i] = rule.step(w, GRADS[k]![i]!, states[i]!, t, lr(k), shared)));
    out.push(ws.map((w) => w.slice()));
  }
  return out;
}

function runOurs(opt: keras.optimizers.Optimizer, steps = GRADS.length): Vec[][] {
  const vars = W0.map((w, i) => new keras.Variable(w, { name: `v${i}` }));
  const out: Vec[][] = [];
  for (let k = 0; k < steps; k++) {
    opt.apply(GRADS[k]!.map((g) => keras.tensor(g)), vars);
    out.push(vars.map((v) => v.toArray() as Vec));
  }
  return out;
}

function expectClose(got: Vec[][], want: Vec[][], rel = 1e-6): void {
  got.forEach((ws, k) =>
    ws.forEach((w, i) =>
      w.forEach((x, j) => {
        const y = want[k]![i]![j]!;
        // Relative, floored at 0.1: the weights are ~1, so float32 cancellation in
        // `w - update` leaves absolute errors of a few 1e-8 near 0.
        expect(Math.abs(x - y), `step ${k + 1} var ${i}[${j}]: ${x} vs ${y}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(y), 0.1));
      }),
    ),
  );
}

// Keras casts beta_1, beta_2 (and Nadam's 0.96) to the variable's float32
// before raising them to the step: 1 - 0.999^t differs from 1 - fround(0.999)^t
// by ~1e-5 relative, so the rules below take those powers of f(beta).
const f = Math.fround;
const zeros = (w: Vec): Vec => w.map(() => 0);
const map2 = (a: Vec, b: Vec, f: (x: number, y: number, j: number) => number): Vec => a.map((x, j) => f(x, b[j]!, j));

// rmsprop.py: velocity = rho v + (1 - rho) g^2; centered: avg = rho avg + (1 - rho) g,
// denominator = velocity - avg^2 + eps; else velocity + eps; increment = lr g / sqrt(denominator);
// momentum > 0: m = momentum m + increment, w -= m; else w -= increment.
const rmsprop = (rho: number, momentum: number, eps: number, centered: boolean): Rule => ({
  init: (w) => ({ v: zeros(w), m: zeros(w), a: zeros(w) }),
  step: (w, g, s, _t, lr) =>
    w.map((x, j) => {
      s.v![j] = rho * s.v![j]! + (1 - rho) * g[j]! ** 2;
      let denom = s.v![j]! + eps;
      if (centered) {
        s.a![j] = rho * s.a![j]! + (1 - rho) * g[j]!;
        denom = s.v![j]! - s.a![j]! ** 2 + eps;
      }
      const inc = (lr * g[j]!) / Math.sqrt(denom);
      if (momentum > 0) {
        s.m![j] = momentum * s.m![j]! + inc;
        return x - s.m![j]!;
      }
      return x - inc;
    }),
});

// adagrad.py: accumulator starts at initial_accumulator_value; acc += g^2; w -= lr g / sqrt(acc + eps).
const adagrad = (init: number, eps: number): Rule => ({
  init: (w) => ({ acc: w.map(() => init) }),
  step: (w, g, s, _t, lr) => w.map((x, j) => ((s.acc![j]! += g[j]! ** 2), x - (lr * g[j]!) / Math.sqrt(s.acc![j]! + eps))),
});

// adam.py: alpha = lr sqrt(1 - b2^t) / (1 - b1^t); m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
// amsgrad: v_hat = max(v_hat, v), v = v_hat; w -= m alpha / (sqrt(v) + eps).
// base_optimizer.py _apply_weight_decay (AdamW): w -= w wd lr first.
const adam = (b1: number, b2: number, eps: number, amsgrad: boolean, wd: number | null = null): Rule => ({
  init: (w) => ({ m: zeros(w), v: zeros(w), vh: zeros(w) }),
  step: (w, g, s, t, lr) =>
    w.map((x, j) => {
      if (wd !== null) x = x - x * wd * lr;
      const alpha = (lr * Math.sqrt(1 - f(b2) ** t)) / (1 - f(b1) ** t);
      s.m![j]! += (g[j]! - s.m![j]!) * (1 - b1);
      s.v![j]! += (g[j]! ** 2 - s.v![j]!) * (1 - b2);
      let v = s.v![j]!;
      if (amsgrad) v = s.vh![j] = Math.max(s.vh![j]!, v);
      return x - (s.m![j]! * alpha) / (Math.sqrt(v) + eps);
    }),
});

// adamax.py: m += (g - m)(1 - b1); u = max(b2 u, |g|); w -= lr m / ((1 - b1^t)(u + eps)).
const adamax = (b1: number, b2: number, eps: number): Rule => ({
  init: (w) => ({ m: zeros(w), u: zeros(w) }),
  step: (w, g, s, t, lr) =>
    w.map((x, j) => {
      s.m![j]! += (g[j]! - s.m![j]!) * (1 - b1);
      s.u![j] = Math.max(b2 * s.u![j]!, Math.abs(g[j]!));
      return x - (lr * s.m![j]!) / ((1 - f(b1) ** t) * (s.u![j]! + eps));
    }),
});

// nadam.py: once per apply, u_product *= b1 (1 - 0.5 * 0.96^t); per variable:
// u_t = b1 (1 - 0.5 * 0.96^t), u_t1 = b1 (1 - 0.5 * 0.96^(t+1)), u_product_t1 = u_product u_t1;
// m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
// m_hat = u_t1 m / (1 - u_product_t1) + (1 - u_t) g / (1 - u_product); v_hat = v / (1 - b2^t);
// w -= m_hat lr / (sqrt(v_hat) + eps).
// Nadam casts beta_1 and beta_2 themselves to float32 (ops.cast(self.beta_1, var_dtype)), not only their powers.
const nadam = (beta1: number, beta2: number, eps: number, b1 = f(beta1), b2 = f(beta2)): Rule => ({
  init: (w) => ({ m: zeros(w), v: zeros(w) }),
  before: (sh, t) => void (sh.u = (sh.u ?? 1) * b1 * (1 - 0.5 * f(0.96) ** t)),
  step: (w, g, s, t, lr, sh) =>
    w.map((x, j) => {
      const ut = b1 * (1 - 0.5 * f(0.96) ** t);
      const ut1 = b1 * (1 - 0.5 * f(0.96) ** (t + 1));
      const up1 = sh.u! * ut1;
      s.m![j]! += (g[j]! - s.m![j]!) * (1 - b1);
      s.v![j]! += (g[j]! ** 2 - s.v![j]!) * (1 - b2);
      const mHat = (ut1 * s.m![j]!) / (1 - up1) + ((1 - ut) * g[j]!) / (1 - sh.u!);
      const vHat = s.v![j]! / (1 - f(b2) ** t);
      return x - (mHat * lr) / (Math.sqrt(vHat) + eps);
    }),
});

// sgd.py: m = momentum m - lr g; nesterov: w += momentum m - lr g; else w += m.
const sgd = (momentum: number, nesterov: boolean): Rule => ({
  init: (w) => ({ m: zeros(w) }),
  step: (w, g, s, _t, lr) =>
    w.map((x, j) => {
      if (momentum === 0) return x - lr * g[j]!;
      s.m![j] = momentum * s.m![j]! - lr * g[j]!;
      return x + (nesterov ? momentum * s.m![j]! - lr * g[j]! : s.m![j]!);
    }),
});

const CASES: [string, () => keras.optimizers.Optimizer, Rule, number][] = [
  ["SGD nesterov", () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), sgd(0.9, true), 0.1],
  ["Adam amsgrad", () => new optimizers.Adam({ learningRate: 0.01, amsgrad: true }), adam(0.9, 0.999, 1e-7, true), 0.01],
  ["AdamW", () => new optimizers.AdamW({ learningRate: 0.01, weightDecay: 0.1 }), adam(0.9, 0.999, 1e-7, false, 0.1), 0.01],
  ["RMSprop", () => new optimizers.RMSprop({ learningRate: 0.01 }), rmsprop(0.9, 0, 1e-7, false), 0.01],
  ["RMSprop momentum centered", () => new optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true, rho: 0.8 }), rmsprop(0.8, 0.5, 1e-7, true), 0.01],
  ["RMSprop momentum", () => new optimizers.RMSprop({ learningRate: 0.01, momentum: 0.9 }), rmsprop(0.9, 0.9, 1e-7, false), 0.01],
  ["Adagrad", () => new optimizers.Adagrad({ learningRate: 0.1 }), adagrad(0.1, 1e-7), 0.1],
  ["Adamax", () => new optimizers.Adamax({ learningRate: 0.02 }), adamax(0.9, 0.999, 1e-7), 0.02],
  ["Nadam", () => new optimizers.Nadam({ learningRate: 0.01 }), nadam(0.9, 0.999, 1e-7), 0.01],
  ["SGD with weight decay", () => new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 }), { ...sgd(0, false), step: (w, g, s, t, lr, sh) => sgd(0, false).step(w.map((x) => x - x * 0.5 * lr), g, s, t, lr, sh) }, 0.1],
];

describe("update rules (float64 derivations of the Keras formulas)", () => {
  for (const [name, make, rule, lr] of CASES) {
    test(name, () => expectClose(runOurs(make()), runRule(rule, () => lr)));
  }

  test("a schedule is read at the iteration count before the step (step 1 uses lr(0))", () => {
    const schedule = new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    const opt = new optimizers.SGD({ learningRate: schedule });
    expect(opt.learningRate).toBe(Math.fround(0.1));
    expectClose(runOurs(opt), runRule(sgd(0, false), (k) => 0.1 * 0.5 ** k));
    expect(opt.learningRate).toBe(Math.fround(0.1 * 0.5 ** 4));
  });
});

describe("Keras details", () => {
  test("auto names: snake_case of the class name", () => {
    keras.clearSession();
    expect(new optimizers.AdamW().name).toBe("adam_w");
    expect(new optimizers.RMSprop().name).toBe("rm_sprop");
    expect(new optimizers.SGD().name).toBe("sgd");
    expect(new optimizers.SGD().name).toBe("sgd_1");
    expect(new optimizers.LossScaleOptimizer(new optimizers.Adam()).name).toBe("loss_scale_optimizer");
  });

  test("state variables: Keras's names, paths and order (interleaved per variable)", () => {
    keras.clearSession();
    const opt = new optimizers.Adam({ amsgrad: true });
    const a = new keras.Variable([1, 2], { name: "kernel" });
    a._setPathPrefix("dense");
    const b = new keras.Variable([3], { name: "bias" });
    b._setPathPrefix("dense");
    opt.apply([[0.1, 0.2], [0.3]], [a, b]);
    expect(opt.variables.map((v) => v.path)).toEqual([
      "adam/iteration", "adam/learning_rate",
      "adam/dense_kernel_momentum", "adam/dense_kernel_velocity", "adam/dense_bias_momentum", "adam/dense_bias_velocity",
      "adam/dense_kernel_velocity_hat", "adam/dense_bias_velocity_hat",
    ]);
    expect(opt.variables.every((v) => !v.trainable)).toBe(true);
    expect(opt.iterations.dtype).toBe("int32");
  });

  test("Adagrad's accumulator starts at 0.1 and epsilon sits inside the square root", () => {
    const opt = new optimizers.Adagrad({ learningRate: 1, epsilon: 0.5 });
    const v = new keras.Variable([0]);
    opt.apply([[1]], [v]);
    expect(opt.variables[2]!.name).toBe("variable_accumulator".replace("variable", v.path));
    // acc = 0.1 + 1; w = 0 - 1 * 1 / sqrt(1.1 + 0.5) (outside it would be 1 / (sqrt(1.1) + 0.5)).
    expect(v.toArray()).toEqual([Math.fround(-1 / Math.sqrt(1.6))]);
    expect(opt.variables[2]!.toArray()).toEqual([Math.fround(1.1)]);
  });

  test("RMSprop puts epsilon inside the root, Adam outside", () => {
    const r = new keras.Variable([0]);
    new optimizers.RMSprop({ learningRate: 1, rho: 0, epsilon: 3 }).apply([[1]], [r]);
    expect(r.toArray()).toEqual([Math.fround(-1 / Math.sqrt(1 + 3))]); // velocity = g^2 = 1
    const a = new keras.Variable([0]);
    new optimizers.Adam({ learningRate: 1, beta1: 0, beta2: 0, epsilon: 1 }).apply([[4]], [a]);
    expect(a.toArray()).toEqual([Math.fround(-4 / (Math.sqrt(16) + 1))]); // alpha = 1, m = 4, v = 16
  });

  test("Nadam keeps one u_product, updated once per apply (not per variable)", () => {
    keras.clearSession();
    const opt = new optimizers.Nadam();
    const vars = [new keras.Variable([1]), new keras.Variable([2]), new keras.Variable([3])];
    opt.apply([[1], [1], [1]], vars);
    opt.apply([[1], [1], [1]], vars);
    // iteration, learning_rate, (momentum, velocity) x 3, then the one u_product.
    const state = opt.variables;
    expect(state).toHaveLength(2 + 6 + 1);
    expect(state[8]!.path).toBe("nadam/variable_3");
    const want = 0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96 ** 2);
    expect(Math.abs((state[8]!.toArray() as number) - want)).toBeLessThan(1e-7);
  });

  test("AdamW decays before the Adam update: w - w*wd*lr, then Adam on the decayed w", () => {
    const v = new keras.Variable([2]);
    new optimizers.AdamW({ learningRate: 0.5, weightDecay: 0.1, beta1: 0, beta2: 0, epsilon: 0 }).apply([[3]], [v]);
    // decayed: 2 - 2*0.1*0.5 = 1.9; Adam step: m = 3, v = 9, alpha = 0.5: 1.9 - 3*0.5/3 = 1.4.
    expect(Math.abs((v.toArray() as number[])[0]! - 1.4)).toBeLessThan(1e-6);
  });

  test("constraints apply after the update and leave the momentum buffers alone", () => {
    const v = new keras.Variable([0.05, 1]);
    v.constraint = new keras.constraints.NonNeg();
    const opt = new optimizers.SGD({ learningRate: 1, momentum: 0.5 });
    opt.apply([[0.1, 0.5]], [v]);
    expect(v.toArray()).toEqual([0, 0.5]); // 0.05 - 0.1 = -0.05 -> 0
    expect(opt.variables[2]!.toArray()).toEqual([Math.fround(-0.1), -0.5]); // momentum unconstrained
  });

  test("clipnorm is per variable, and an all-zero gradient stays 0 (not NaN)", () => {
    const a = new keras.Variable([0, 0]);
    const b = new keras.Variable([0, 0]);
    new optimizers.SGD({ learningRate: 1, clipnorm: 1 }).apply([[3, 4], [0, 0]], [a, b]);
    expect(a.toArray()).toEqual([Math.fround(-0.6), Math.fround(-0.8)]);
    expect(b.toArray()).toEqual([0, 0]);
  });

  test("globalClipnorm scales by the norm over all gradients; clipvalue clips each element", () => {
    const a = new keras.Variable([0, 0]);
    const b = new keras.Variable([0]);
    new optimizers.SGD({ learningRate: 1, globalClipnorm: 2.5 }).apply([[3, 4], [0]], [a, b]);
    expect(a.toArray()).toEqual([Math.fround(-1.5), Math.fround(-2)]);
    const c = new keras.Variable([0, 0]);
    new optimizers.SGD({ learningRate: 1, clipvalue: 0.5 }).apply([[3, -0.25]], [c]);
    expect(c.toArray()).toEqual([-0.5, 0.25]);
  });

  test("NaN gradients update as Keras does (no skip)", () => {
    const v = new keras.Variable([1, 2]);
    const opt = new optimizers.SGD({ learningRate: 0.1 });
    opt.apply([[NaN, 1]], [v]);
    const w = v.toArray() as number[];
    expect(Number.isNaN(w[0])).toBe(true);
    expect(w[1]).toBe(Math.fround(2 - Math.fround(0.1)));
    expect(opt.iterations.toArray()).toBe(1);
  });

  test("loss_scale_factor scales the loss and unscales the gradients", () => {
    const v = new keras.Variable([1]);
    const opt = new optimizers.SGD({ learningRate: 1, lossScaleFactor: 4 });
    expect(opt.scaleLoss(2).item()).toBe(8);
    opt.apply([[2]], [v]);
    expect(v.toArray()).toEqual([0.5]);
  });
});

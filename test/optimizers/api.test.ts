// The optimizer API around the updates: bad input (checked before anything
// changes), string identifiers, configs and Keras JSON, the learning rate,
// LossScaleOptimizer, float16 variables, and memory in a long loop.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { setResidentBudget } from "../../src/backend/memory.js";
import { fixture } from "../helpers/fixtures.js";

const { optimizers, Variable, tensor } = keras;

function throws(fn: () => unknown, cls: new (...a: never[]) => Error, pattern: RegExp): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, "expected an error").toBeInstanceOf(cls);
  expect((err as Error).message).toMatch(pattern);
}

describe("bad input: an error naming the variable, and nothing changed", () => {
  test("a gradient of the wrong shape names the variable's path; no variable, state or counter changes", () => {
    const a = new Variable([1, 2], { name: "a" });
    const b = new Variable([3, 4, 5], { name: "b" });
    b._setPathPrefix("dense");
    const opt = new optimizers.Adam();
    throws(() => opt.apply([tensor([1, 1]), tensor([1, 1])], [a, b]), keras.ValueError, /'dense\/b'.*shape \(2,\).*shape \(3,\)/);
    expect(a.toArray()).toEqual([1, 2]);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(opt.built).toBe(false);
    expect(opt.iterations.toArray()).toBe(0);
    // After a good step, a bad one leaves every value and the state as they were.
    opt.apply([tensor([1, 1]), tensor([1, 1, 1])], [a, b]);
    const before = opt.variables.map((v) => v.toArray());
    const values = [a.toArray(), b.toArray()];
    throws(() => opt.apply([tensor([1, 1]), tensor([[1, 1, 1]])], [a, b]), keras.ValueError, /'dense\/b'/);
    expect([a.toArray(), b.toArray()]).toEqual(values);
    expect(opt.variables.map((v) => v.toArray())).toEqual(before);
  });

  test("mismatched lengths name the variables without a gradient", () => {
    const a = new Variable([1], { name: "a" });
    const b = new Variable([2], { name: "b" });
    throws(() => new optimizers.SGD().apply([tensor([1])], [a, b]), keras.ValueError, /1 gradients for 2 variables.*'b'/);
    expect(a.toArray()).toEqual([1]);
  });

  test("non-trainable, integer and non-Variable targets are refused", () => {
    const frozen = new Variable([1], { name: "frozen", trainable: false });
    throws(() => new optimizers.SGD().apply([tensor([1])], [frozen]), keras.ValueError, /'frozen' is not trainable/);
    const count = new Variable([1], { name: "count", dtype: "int32" });
    throws(() => new optimizers.SGD().apply([tensor([1])], [count]), keras.ValueError, /'count' has dtype int32/);
    throws(() => new optimizers.SGD().apply([tensor([1])], [tensor([1]) as never]), keras.KerasTypeError, /must be a keras.Variable/);
  });

  test("Keras's errors: unknown variable, no gradients, grads without variables before build", () => {
    const a = new Variable([1], { name: "a" });
    const opt = new optimizers.SGD();
    throws(() => opt.apply([tensor([1])]), keras.ValueError, /must already be built/);
    throws(() => opt.apply([null], [a]), keras.ValueError, /No gradients provided for any variable/);
    opt.apply([tensor([1])], [a]);
    throws(() => opt.apply([tensor([1])], [new Variable([1])]), keras.ValueError, /Unknown variable: .*originally built with/);
    opt.apply([tensor([1])]); // built: grads alone update the variables it was built with
    expect(a.toArray()).toEqual([Math.fround(Math.fround(1 - Math.fround(0.01)) - Math.fround(0.01))]);
  });

  test("constructor arguments are checked as Keras does", () => {
    throws(() => new optimizers.SGD({ clipnorm: 1, clipvalue: 1 }), keras.ValueError, /Only one of `clipnorm`, `clipvalue` and `global_clipnorm`/);
    throws(() => new optimizers.SGD({ momentum: 2 }), keras.ValueError, /`momentum` must be a float between \[0, 1\]/);
    throws(() => new optimizers.Adam({ beta: 0.9 } as never), keras.ValueError, /Argument\(s\) not recognized/);
    throws(() => new optimizers.AdamW({ weightDecay: null }), keras.ValueError, /`weight_decay` must be a float/);
    throws(() => new optimizers.SGD({ learningRate: "fast" as never }), keras.ValueError, /`learning_rate` should be float/);
    throws(() => new optimizers.SGD({ useEma: true }), keras.NotImplementedError, /useEma/);
  });
});

describe("identifiers and serialization", () => {
  test("get: Keras's lowercase names, any case; unknown names list the known ones", () => {
    expect(optimizers.get("adam")).toBeInstanceOf(optimizers.Adam);
    expect(optimizers.get("RMSprop")).toBeInstanceOf(optimizers.RMSprop);
    expect(optimizers.get("adamw")).toBeInstanceOf(optimizers.AdamW);
    expect(optimizers.get("SGD")).toBeInstanceOf(optimizers.SGD);
    const opt = new optimizers.Nadam();
    expect(optimizers.get(opt)).toBe(opt);
    throws(() => optimizers.get("adamm"), keras.ValueError, /Could not interpret optimizer identifier: adamm\. Known optimizers: .*"adam".*"sgd"/);
  });

  test("getConfig has Keras's keys in camelCase; the JSON has Keras's snake_case keys (beta_1)", () => {
    keras.clearSession();
    const opt = new optimizers.Adam({ learningRate: 0.01, beta1: 0.8, amsgrad: true, clipnorm: 1 });
    expect(opt.getConfig()).toEqual({
      name: "adam", learningRate: Math.fround(0.01), weightDecay: null, clipnorm: 1, globalClipnorm: null, clipvalue: null,
      useEma: false, emaMomentum: 0.99, emaOverwriteFrequency: null, lossScaleFactor: null, gradientAccumulationSteps: null,
      beta1: 0.8, beta2: 0.999, epsilon: 1e-7, amsgrad: true,
    });
    const json = optimizers.serialize(opt) as { module: string; class_name: string; config: Record<string, unknown> };
    expect(json.module).toBe("keras.optimizers");
    expect(json.class_name).toBe("Adam");
    expect(Object.keys(json.config)).toEqual(Object.keys(fixture<{ cases: { config: object }[] }>("training/optimizers.json").cases[2]!.config));
    expect(json.config.beta_1).toBe(0.8);
    const back = optimizers.deserialize(json) as keras.optimizers.Adam;
    expect(back).toBeInstanceOf(optimizers.Adam);
    expect([back.beta1, back.amsgrad, back.clipnorm, back.learningRate]).toEqual([0.8, true, 1, Math.fround(0.01)]);
  });

  test("a schedule serializes inside the optimizer's config and comes back", () => {
    const schedule = new optimizers.schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 2 });
    const json = optimizers.serialize(new optimizers.SGD({ learningRate: schedule })) as { config: { learning_rate: Record<string, unknown> } };
    expect(json.config.learning_rate).toEqual({
      module: "keras.optimizers.schedules", class_name: "CosineDecay", registered_name: null,
      config: { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0, name: "CosineDecay", warmup_target: 0.2, warmup_steps: 2 },
    });
    const back = optimizers.deserialize(json);
    expect(back.learningRate).toBe(Math.fround(0.1));
    expect(optimizers.SGD.fromConfig(new optimizers.SGD({ learningRate: schedule }).getConfig()).learningRate).toBe(Math.fround(0.1));
  });

  test("applyGradients takes [grad, variable] pairs and returns iterations", () => {
    const v = new Variable([1]);
    const opt = new optimizers.SGD({ learningRate: 0.5 });
    expect(opt.applyGradients([[tensor([1]), v]])).toBe(opt.iterations);
    expect(v.toArray()).toEqual([0.5]);
  });

  test("a learning rate given as a function is called before each step", () => {
    let calls = 0;
    const v = new Variable([1]);
    const opt = new optimizers.SGD({ learningRate: () => (++calls, 0.25) });
    opt.apply([[1]], [v]);
    expect(calls).toBe(1);
    expect(v.toArray()).toEqual([0.75]);
  });

  test("learningRate is settable as a number; not after a schedule (Keras's TypeError)", () => {
    const opt = new optimizers.SGD();
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    const sched = new optimizers.SGD({ learningRate: new optimizers.schedules.ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }) });
    throws(() => (sched.learningRate = 0.1), keras.KerasTypeError, /not settable/);
    expect(sched.variables.map((v) => v.name)).toEqual(["iteration"]);
  });
});

describe("schedules (Keras formulas, float64, then compared at float32 precision)", () => {
  const { schedules } = optimizers;
  const close = (got: number, want: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want) + 1e-9);

  test("ExponentialDecay: lr * rate^(step / steps), floored with staircase", () => {
    const s = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 });
    for (const t of [0, 1, 2, 5, 100]) close(s.apply(t), 0.1 * 0.5 ** (t / 3));
    const st = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true });
    for (const t of [0, 2, 3, 5, 6]) close(st.apply(t), 0.1 * 0.5 ** Math.floor(t / 3));
    expect(s.name).toBe("ExponentialDecay");
    throws(() => new schedules.ExponentialDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 1 }), keras.ValueError, /`decay_steps` must be > 0/);
  });

  test("PiecewiseConstantDecay: boundaries inclusive on the right; Keras's default name", () => {
    const s = new schedules.PiecewiseConstantDecay({ boundaries: [2, 5], values: [1, 0.5, 0.25] });
    expect([0, 2, 3, 5, 6].map((t) => s.apply(t))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(s.name).toBe("PiecewiseConstant");
    throws(() => new schedules.PiecewiseConstantDecay({ boundaries: [1], values: [1] }), keras.ValueError, /should be 1 less than the length of values/);
  });

  test("InverseTimeDecay: lr / (1 + rate * step / steps)", () => {
    const s = new schedules.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
    for (const t of [0, 1, 4, 7]) close(s.apply(t), 0.1 / (1 + 0.5 * (t / 2)));
    const st = new schedules.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true });
    close(st.apply(3), 0.1 / (1 + 0.5));
  });

  test("CosineDecay, with alpha and with a linear warmup", () => {
    const cos = (t: number, steps: number, alpha: number, from: number) =>
      from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, steps)) / steps)) + alpha);
    const s = new schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 0.1 });
    for (const t of [0, 3, 10, 20]) close(s.apply(t), cos(t, 10, 0.1, 0.1));
    const w = new schedules.CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 4 });
    for (const t of [0, 1, 3]) close(w.apply(t), (0.2 * t) / 4);
    for (const t of [4, 9, 14, 30]) close(w.apply(t), cos(t - 4, 10, 0, 0.2));
  });

  test("serialize / deserialize by class name", () => {
    const s = new schedules.InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 1 });
    const json = schedules.serialize(s) as { class_name: string; config: object };
    expect(json.class_name).toBe("InverseTimeDecay");
    expect(json.config).toEqual({ initial_learning_rate: 1, decay_steps: 2, decay_rate: 1, staircase: false, name: "InverseTimeDecay" });
    expect(schedules.deserialize(json).apply(2)).toBe(0.5);
  });
});

describe("LossScaleOptimizer", () => {
  test("skips steps with non-finite gradients and halves the scale; doubles after dynamicGrowthSteps finite steps", () => {
    keras.clearSession();
    const inner = new optimizers.SGD({ learningRate: 1 });
    const opt = new optimizers.LossScaleOptimizer(inner, { initialScale: 8, dynamicGrowthSteps: 2 });
    const a = new Variable([1, 2], { name: "a" });
    const b = new Variable([3], { name: "b" });
    opt.apply([tensor([NaN, 0]), tensor([1])], [a, b]);
    expect([a.toArray(), b.toArray()]).toEqual([[1, 2], [3]]);
    expect(opt.iterations.toArray()).toBe(0);
    expect(opt.dynamicScale!.toArray()).toBe(4);
    opt.apply([tensor([4, 8]), tensor([-Infinity])], [a, b]);
    expect(opt.dynamicScale!.toArray()).toBe(2);
    opt.apply([tensor([2, 4]), tensor([2])], [a, b]); // unscaled by 2
    expect([a.toArray(), b.toArray()]).toEqual([[0, 0], [2]]);
    expect(opt.dynamicScale!.toArray()).toBe(2);
    opt.apply([tensor([2, 2]), tensor([2])], [a, b]);
    expect(opt.dynamicScale!.toArray()).toBe(4); // 2 finite steps in a row
    expect(opt.iterations.toArray()).toBe(2);
    expect(opt.scaleLoss(1).item()).toBe(4);
    expect(opt.variables.map((v) => v.path)).toEqual([
      "loss_scale_optimizer/iteration", "loss_scale_optimizer/learning_rate", "loss_scale_optimizer/step_counter",
      "loss_scale_optimizer/dynamic_scale", "sgd/iteration", "sgd/learning_rate",
    ]);
  });

  test("config: Keras's keys; the inner optimizer serialized inside; round trip", () => {
    const opt = new optimizers.LossScaleOptimizer(new optimizers.Adam({ learningRate: 0.5 }), { initialScale: 16 });
    const json = optimizers.serialize(opt) as { config: Record<string, unknown> };
    expect(Object.keys(json.config)).toEqual(["name", "inner_optimizer", "initial_scale", "dynamic_growth_steps"]);
    expect((json.config.inner_optimizer as { class_name: string }).class_name).toBe("Adam");
    const back = optimizers.deserialize(json) as keras.optimizers.LossScaleOptimizer;
    expect(back.innerOptimizer).toBeInstanceOf(optimizers.Adam);
    expect([back.initialScale, back.learningRate]).toEqual([16, 0.5]);
    throws(() => new optimizers.LossScaleOptimizer(new optimizers.SGD(), { clipnorm: 1 } as never), keras.ValueError, /does not support `clipnorm`/);
  });
});

describe("dtypes and memory", () => {
  test("a float16 variable is updated in float32 and rounded back once; its state is float16", () => {
    const v = new Variable([1, -2, 0.5], { dtype: "float16" });
    const w = new Variable([1, -2, 0.5]);
    const a = new optimizers.Adam({ learningRate: 0.1 });
    const b = new optimizers.Adam({ learningRate: 0.1 });
    for (let k = 0; k < 3; k++) {
      a.apply([tensor([0.5, 1, -1])], [v]);
      b.apply([tensor([0.5, 1, -1])], [w]);
    }
    expect(v.dtype).toBe("float16");
    expect(a.variables[2]!.dtype).toBe("float16");
    const got = v.toArray() as number[];
    (w.toArray() as number[]).forEach((x, i) => expect(Math.abs(got[i]! - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -10));
  });

  describe("a long loop without dispose()", () => {
    const BUDGET = 8 * 1024 * 1024;
    const DEFAULT = keras.memoryStats().residentBudget;
    beforeAll(() => setResidentBudget(BUDGET));
    afterAll(() => setResidentBudget(DEFAULT));

    test("Adam on 1e5-element variables: no spills, resident bytes within the budget", () => {
      const n = 100_000; // 400 KB per tensor: resident
      const v = new Variable(new Float32Array(n).fill(1));
      const g = tensor(new Float32Array(n).fill(0.5));
      const opt = new optimizers.Adam({ learningRate: 0.001 });
      opt.apply([g], [v]);
      const before = keras.memoryStats().spills;
      for (let i = 0; i < 300; i++) opt.apply([g], [v]);
      const s = keras.memoryStats();
      expect(s.spills - before).toBe(0);
      expect(s.residentBytes).toBeLessThanOrEqual(BUDGET);
      // Adam with a constant gradient moves each weight by ~lr per step.
      expect(Math.abs((v.toArray() as number[])[0]! - (1 - 301 * 0.001))).toBeLessThan(1e-3);
    });

    test("plain SGD (a single-output kernel) in a long loop: no spills", () => {
      const n = 100_000;
      const v = new Variable(new Float32Array(n).fill(1));
      const g = tensor(new Float32Array(n).fill(1));
      const opt = new optimizers.SGD({ learningRate: 0.001 });
      for (let i = 0; i < 5; i++) opt.apply([g], [v]);
      const before = keras.memoryStats().spills;
      for (let i = 0; i < 200; i++) opt.apply([g], [v]);
      expect(keras.memoryStats().spills - before).toBe(0);
    });

    test("float16 Adam in a long loop: no spills (the float32 temporaries are freed)", () => {
      const n = 200_000; // 400 KB as float16
      const v = new Variable(new Float32Array(n).fill(1), { dtype: "float16" });
      const g = tensor(new Float32Array(n).fill(0.5));
      const opt = new optimizers.Adam({ learningRate: 0.01 });
      // A few steps first: the budget may evict what earlier tests left behind.
      for (let i = 0; i < 5; i++) opt.apply([g], [v]);
      const before = keras.memoryStats().spills;
      for (let i = 0; i < 100; i++) opt.apply([g], [v]);
      expect(keras.memoryStats().spills - before).toBe(0);
      // ~lr per step; float16 state (v grows by 0.001 * (g² - v), partly lost to rounding) moves it a little further.
      expect(Math.abs((v.toArray() as number[])[n - 1]! - (1 - 105 * 0.01))).toBeLessThan(0.05);
    });

    test("a value read through .value before a step keeps its elements after many steps", () => {
      const n = 50_000;
      const v = new Variable(new Float32Array(n).fill(1));
      const g = tensor(new Float32Array(n).fill(1));
      const opt = new optimizers.SGD({ learningRate: 0.5, momentum: 0.5 });
      opt.apply([g], [v]);
      const kept = v.value; // handed out: the optimizer must not free it
      const momentum = opt.variables[2]!.value;
      for (let i = 0; i < 100; i++) opt.apply([g], [v]);
      expect(kept.data[n - 1]).toBe(0.5);
      expect(momentum.data[0]).toBe(-0.5);
    });
  });
});

// Optimizer steps against real Keras 3.15.1 (torch backend), from
// test/fixtures/keras/training/optimizers.json: three apply() calls on two
// variables, values to 1e-6 relative, the learning rate Keras used at each
// step, the iteration count and get_config() after the steps.
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { fixture } from "../helpers/fixtures.js";
import { serializeKerasObject } from "../../src/saving/serialization.js";

type Nested = number | string | Nested[];
interface Case {
  name: string;
  class_name: string;
  args: Record<string, unknown>;
  learning_rate_schedule: unknown;
  constraints: (string | null)[];
  initial: Nested[];
  grads: Nested[][];
  steps: Nested[][];
  learning_rate_per_step: number[];
  iterations: number;
  config: Record<string, unknown>;
}
const data = fixture<{ keras_version: string; cases: Case[] }>("training/optimizers.json");

const num = (x: Nested): number => (x === "nan" ? NaN : x === "inf" ? Infinity : x === "-inf" ? -Infinity : (x as number));
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [num(x)]);

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (!Number.isFinite(w)) expect(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${what}[${i}]`).toBe(true);
    else expect(Math.abs(g - w), `${what}[${i}]: ${g} vs ${w}`).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(w), 1e-30) + 1e-12);
  });
}

describe(`optimizers match Keras ${data.keras_version}`, () => {
  for (const c of data.cases) {
    test(c.name, () => {
      keras.clearSession();
      const opt = keras.optimizers.deserialize({ module: "keras.optimizers", class_name: c.class_name, config: c.args, registered_name: null });
      expect(opt.constructor.name).toBe(c.class_name);
      const vars = c.initial.map((init, i) => {
        const v = new keras.Variable(init as number[], { name: `v${i}` });
        if (c.constraints[i] === "NonNeg") v.constraint = new keras.constraints.NonNeg();
        return v;
      });
      c.grads.forEach((gs, k) => {
        expect(opt.learningRate, `lr before step ${k + 1}`).toBe(c.learning_rate_per_step[k]);
        opt.apply(gs.map((g) => keras.tensor(g as number[])), vars);
        vars.forEach((v, i) => expectClose(flat(v.toArray() as Nested), flat(c.steps[k]![i]!), `${c.name} step ${k + 1} variable ${i}`));
      });
      expect(opt.iterations.toArray()).toBe(c.iterations);
      expect((serializeKerasObject(opt) as { config: unknown }).config).toEqual(c.config);
    });
  }
});

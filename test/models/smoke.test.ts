import { describe, it, expect } from "vitest";
import * as keras from "../../src/index.js";
const { ops, layers } = keras;
describe("smoke", () => {
  it("works", () => {
    const x = keras.Input({ shape: [4] });
    expect(x.shape).toEqual([null, 4]);
    const y = ops.relu(ops.matmul(x, ops.ones([4, 2])));
    expect(y.shape).toEqual([null, 2]);
    const d = new layers.Dense(3, { activation: "relu" }).apply(x);
    expect(d.shape).toEqual([null, 3]);
    const out = new layers.Dense(2).apply(ops.add(d, 1));
    const m = new keras.models.Functional({ inputs: x, outputs: out });
    console.log(m.layers.map((l) => l.name), m.weights.length);
    const r = m.apply(ops.ones([5, 4]));
    expect(r.shape).toEqual([5, 2]);
    const cfg = m.getConfig();
    console.log(JSON.stringify(keras.saving.serializeKerasObject(m)).slice(0, 3000));
    const m2 = keras.saving.deserializeKerasObject(keras.saving.serializeKerasObject(m)) as keras.models.Functional;
    m2.setWeights(m.getWeights());
    expect(m2.apply(ops.ones([5, 4])).toArray()).toEqual(r.toArray());
  });
});

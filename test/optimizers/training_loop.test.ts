// valueAndGrad and an optimizer together: a least-squares fit converges,
// and a long loop without dispose() makes no spills and keeps memory bounded.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { setResidentBudget } from "../../src/backend/memory.js";

const { ops, optimizers } = keras;
const BUDGET = 16 * 1024 * 1024;
const DEFAULT = keras.memoryStats().residentBudget;
beforeAll(() => setResidentBudget(BUDGET));
afterAll(() => setResidentBudget(DEFAULT));

test("Adam fits y = x @ [2, -3] + 1 with valueAndGrad", () => {
  const x = keras.tensor([[1, 0], [0, 1], [1, 1], [2, 1], [-1, 3]]);
  const y = keras.tensor([[3], [-2], [0], [2], [-10]]);
  const w = new keras.Variable(new keras.initializers.Zeros(), { shape: [2, 1], name: "w" });
  const b = new keras.Variable(new keras.initializers.Zeros(), { shape: [1], name: "b" });
  const opt = new optimizers.Adam({ learningRate: 0.1 });
  const loss = () => ops.mean(ops.square(ops.subtract(ops.add(ops.matmul(x, w), b), y)));
  let last = Infinity;
  for (let i = 0; i < 500; i++) {
    const { value, grads } = keras.valueAndGrad(loss, [w, b]);
    opt.apply(grads, [w, b]);
    last = value.item();
  }
  expect(last).toBeLessThan(1e-4);
  const [w0, w1] = (w.toArray() as number[][]).map((r) => r[0]!);
  expect(Math.abs(w0! - 2)).toBeLessThan(1e-2);
  expect(Math.abs(w1! + 3)).toBeLessThan(1e-2);
  expect(Math.abs((b.toArray() as number[])[0]! - 1)).toBeLessThan(1e-2);
});

// The optimizer frees the state it owns (moments) and never spills it; what
// can still spill in a hand-written loop is what it cannot prove unreachable:
// each replaced weight (the forward pass read it through `Variable.value`)
// and each gradient (the caller's tensor), one of each per large variable
// and step at most. A train step that owns its scope (fit) can release them.
test("a 2-layer MLP step (valueAndGrad + Adam) in a long loop: memory bounded, at most 2 spills per step", () => {
  const xs = ops.reshape(keras.tensor(Float32Array.from({ length: 64 * 128 }, (_, i) => Math.sin(i))), [64, 128]);
  const w1 = new keras.Variable(new keras.initializers.GlorotUniform({ seed: 1 }), { shape: [128, 256], name: "w1" });
  const w2 = new keras.Variable(new keras.initializers.GlorotUniform({ seed: 2 }), { shape: [256, 1], name: "w2" });
  const opt = new optimizers.Adam({ learningRate: 1e-3 });
  const loss = () => ops.mean(ops.square(ops.matmul(ops.relu(ops.matmul(xs, w1)), w2)));
  const step = () => {
    const { value, grads } = keras.valueAndGrad(loss, [w1, w2]);
    opt.apply(grads, [w1, w2]);
    return value.item();
  };
  for (let i = 0; i < 5; i++) step();
  const before = keras.memoryStats();
  const first = step();
  let last = first;
  for (let i = 0; i < 300; i++) last = step();
  const after = keras.memoryStats();
  expect(last).toBeLessThan(first);
  expect(after.spills - before.spills).toBeLessThanOrEqual(2 * 301);
  expect(after.residentBytes).toBeLessThanOrEqual(BUDGET);
  expect(after.wasmMemoryBytes).toBeLessThanOrEqual(3 * BUDGET); // the budget plus allocator slack, as test/backend/memory.test.ts
});

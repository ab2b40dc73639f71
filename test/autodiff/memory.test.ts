// valueAndGrad without dispose(): its intermediates are handed back when it
// returns, so a training loop stays within the resident budget and a
// steady-state step copies nothing out of WASM memory (no spills).
import { afterAll, beforeAll, expect, test } from "vitest";
import { Variable, memoryStats, ops, random, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import { setResidentBudget } from "../../src/backend/memory.js";

const DEFAULT = memoryStats().residentBudget;
afterAll(() => setResidentBudget(DEFAULT));

const randn = (shape: number[], seed: number, scale = 0.1): Tensor => ops.multiply(random.normal(shape, { seed }), scale);

test("10,000 value-and-grad + SGD steps on a small MLP: resident bytes and WASM memory bounded", () => {
  const BUDGET = 8 * 1024 * 1024;
  setResidentBudget(BUDGET);
  try {
    // 16 x 64 -> 32 (relu) -> 10: x, w1 and their gradients are >= 4 KiB (in WASM memory).
    const x = randn([16, 64], 1, 1);
    const t = randn([16, 10], 2, 1);
    const w1 = new Variable(randn([64, 32], 3));
    const b1 = new Variable(ops.zeros([32]));
    const w2 = new Variable(randn([32, 10], 4));
    const vars = [w1, b1, w2];
    let first = 0;
    let last = 0;
    for (let step = 0; step < 10_000; step++) {
      const { value, grads } = valueAndGrad(() => {
        const h = ops.relu(ops.add(ops.matmul(x, w1), b1));
        return ops.mean(ops.square(ops.subtract(ops.matmul(h, w2), t)));
      }, vars);
      vars.forEach((v, i) => v.assign(ops.subtract(v, ops.multiply(grads[i]!, 0.05))));
      if (step === 0) first = value.item();
      last = value.item();
    }
    expect(last).toBeLessThan(first * 0.5); // it trains
    const s = memoryStats();
    expect(s.residentBytes).toBeLessThanOrEqual(BUDGET);
    expect(s.wasmMemoryBytes).toBeLessThanOrEqual(3 * BUDGET + DEFAULT); // earlier files may have grown it to the default budget
  } finally {
    setResidentBudget(DEFAULT);
  }
});

test("a steady-state step (x 128x784 @ W 784x256, relu, sum) makes no spills with the default budget", () => {
  const x = randn([128, 784], 5, 1);
  const w = new Variable(randn([784, 256], 6));
  const z0 = ops.matmul(x, w);
  // The same step with the gradient ops written out, outside any scope: its
  // used intermediates (z, the mask, dh, dz, x^T) are not recomputable and
  // nothing reports them dropped, so once they fill the budget they spill.
  const byHand = (): Tensor => {
    const z = ops.matmul(x, w);
    ops.sum(ops.relu(z));
    const dz = ops.where(ops.greater(z, 0), ops.onesLike(z), 0);
    return ops.matmul(ops.transpose(x), dz);
  };
  const step = (): Tensor => valueAndGrad(() => ops.sum(ops.relu(ops.matmul(x, w))), [w]).grads[0]!;
  const spillsOver = (f: () => Tensor): number => {
    for (let i = 0; i < 3; i++) f(); // warm-up
    const before = memoryStats().spills;
    for (let i = 0; i < 50; i++) f();
    return memoryStats().spills - before;
  };
  // valueAndGrad keeps only the gradient of each step (0.8 MB): 53 of them fit in 64 MiB.
  expect(spillsOver(step)).toBe(0);
  expect(spillsOver(byHand)).toBeGreaterThan(0);
  expect(step().data[0]).toBeCloseTo(byHand().data[0]!, 3);
  expect(z0.shape).toEqual([128, 256]);
});

test("within one call the intermediates stay until the backward pass has used them, then go", () => {
  setResidentBudget(DEFAULT * 4); // room to spare: nothing is evicted, so what stays is what the scope kept
  try {
    const x = randn([128, 784], 7, 1);
    const w = new Variable(randn([784, 256], 8));
    valueAndGrad(() => ops.sum(ops.relu(ops.matmul(x, w))), [w]);
    const before = memoryStats().residentBytes;
    const { grads } = valueAndGrad(() => ops.sum(ops.tanh(ops.relu(ops.matmul(x, w)))), [w]);
    const grew = memoryStats().residentBytes - before;
    // Only the gradient (784 x 256 floats) may stay; not the activations, masks and x^T.
    expect(grew).toBeLessThanOrEqual(4 * 784 * 256);
    expect(grads[0]!.shape).toEqual([784, 256]);
  } finally {
    setResidentBudget(DEFAULT);
  }
});

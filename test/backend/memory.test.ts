// Users never call dispose(): WASM memory must stay bounded however many
// ops run, and evicted, spilled or recomputed tensors must keep their values.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ops, tensor, memoryStats, useReferenceKernels, type Tensor } from "../../src/index.js";
import { collected, setResidentBudget } from "../../src/backend/memory.js";

const BUDGET = 8 * 1024 * 1024;
const DEFAULT = memoryStats().residentBudget;
beforeAll(() => setResidentBudget(BUDGET));
afterAll(() => setResidentBudget(DEFAULT));

const big = (n: number, v: number): Tensor => tensor(new Float32Array(n).fill(v));

describe("WASM memory stays bounded without dispose()", () => {
  test("a million small ops and thousands of large ones, results dropped", () => {
    const a = tensor([1, 2, 3, 4, 5, 6, 7, 8]);
    let last: Tensor = a;
    for (let i = 0; i < 1_000_000; i++) last = ops.add(a, 1);
    expect(last.toArray()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const x = big(50_000, 1.5); // 200 KB: resident in WASM memory
    for (let i = 0; i < 5_000; i++) last = ops.multiply(x, 2); // 1 GB of results in all
    expect(last.data[49_999]).toBe(3);
    const s = memoryStats();
    expect(s.residentBytes).toBeLessThanOrEqual(BUDGET);
    // The module's memory never shrinks; it must not have grown past the
    // budget plus allocator slack, whatever ran before in this file.
    expect(s.wasmMemoryBytes).toBeLessThanOrEqual(3 * BUDGET);
  });

  test("a dependent chain (each result feeds the next) spills and stays correct", () => {
    let x = big(40_000, 0);
    const before = memoryStats().spills;
    for (let i = 0; i < 2_000; i++) x = ops.add(x, 1);
    expect(Array.from(x.data.subarray(0, 3))).toEqual([2000, 2000, 2000]);
    const s = memoryStats();
    expect(s.spills).toBeGreaterThan(before);
    expect(s.residentBytes).toBeLessThanOrEqual(BUDGET);
    expect(s.wasmMemoryBytes).toBeLessThanOrEqual(3 * BUDGET);
  });
});

describe("evicted results keep their values", () => {
  // Fills the budget with unrelated results so that older ones are evicted.
  const churn = (): void => {
    const y = big(100_000, 1);
    for (let i = 0; i < 40; i++) ops.negative(y);
  };

  test("a result evicted with its recipe is recomputed bit for bit", () => {
    const a = tensor(Float32Array.from({ length: 30_000 }, (_, i) => i * 0.1));
    const b = ops.multiply(a, 3);
    const drops = memoryStats().dropsWithRecipe;
    churn();
    expect(memoryStats().dropsWithRecipe).toBeGreaterThan(drops);
    const recomputes = memoryStats().recomputes;
    const got = b.data;
    expect(memoryStats().recomputes).toBe(recomputes + 1);
    for (let i = 0; i < 30_000; i += 997) expect(got[i]).toBe(Math.fround(Math.fround(i * 0.1) * 3));
  });

  test("an evicted result used as an input is recomputed first", () => {
    const a = big(30_000, 2);
    const b = ops.multiply(a, a); // 4
    churn();
    const c = ops.add(b, 1); // 5; b is now held: it keeps its data
    churn();
    expect(c.data[123]).toBe(5);
    expect(b.data[29_999]).toBe(4);
  });

  test("evicted results read back under the reference kernels", () => {
    const a = big(30_000, 3);
    const b = ops.subtract(a, 1);
    churn();
    useReferenceKernels(true);
    try {
      expect(b.data[7]).toBe(2);
      expect(ops.add(b, 1).data[7]).toBe(3);
    } finally {
      useReferenceKernels(false);
    }
  });
});

describe("recipe inputs are released when the recipe goes", () => {
  // The registry's callback runs only after a GC; call it as it would.
  const collect = (t: Tensor): void => collected(t.storage.slot!);

  test("a chain's intermediates become dead, and are evicted without a copy", () => {
    const a = big(30_000, 1);
    const b = ops.multiply(a, 2); // recipe holds a
    const c = ops.add(b, 1); // recipe holds b; b's own recipe is dropped
    expect(a.storage.slot!.holders).toBe(0); // b's recipe went when b became an input
    expect(b.storage.slot!.holders).toBe(1);
    collect(c); // c is gone: its recipe no longer holds b
    expect(b.storage.slot!.holders).toBe(0);
    expect(b.storage.slot!.dead).toBe(false); // b itself is still referenced
    collect(b);
    expect(b.storage.slot!.dead).toBe(true);
    const y = big(100_000, 1);
    for (let i = 0; i < 40; i++) ops.negative(y); // fills the budget: b is evicted
    expect(b.storage.resident).toBe(false);
    expect(b.storage.js).toBeNull(); // freed, not spilled
  });

  test("an input stays alive while a live recipe holds it", () => {
    const a = big(30_000, 3);
    const b = ops.multiply(a, 2); // 6
    const c = ops.add(b, 1); // 7: holds b
    collect(b); // b's tensor is gone, but c's recipe still needs its data
    expect(b.storage.slot!.dead).toBe(false);
    const y = big(100_000, 1);
    for (let i = 0; i < 40; i++) ops.negative(y);
    expect(c.data[5]).toBe(7);
  });
});

test("a composite op frees its own temporaries (var: x - mean and its square)", () => {
  // A budget with room to spare, so that no eviction hides what stays.
  setResidentBudget(BUDGET * 64);
  const x = tensor(Float32Array.from({ length: 200_000 }, (_, i) => (i % 7) - 3), [200, 1000]);
  ops.var(x, 1); // makes x resident
  const before = memoryStats().residentBytes;
  const v = ops.var(x, 1);
  const grew = memoryStats().residentBytes - before;
  setResidentBudget(BUDGET);
  // Two 800 KB temporaries were made; none may stay resident.
  expect(grew).toBeLessThan(100_000);
  // Row r holds (i % 7) - 3 for i = 1000r .. 1000r + 999: check one row by hand.
  const row = Array.from({ length: 1000 }, (_, j) => ((1000 * 5 + j) % 7) - 3);
  const mean = row.reduce((a, b) => a + b, 0) / 1000;
  const want = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 1000;
  expect(Math.abs(v.data[5]! - want)).toBeLessThan(1e-5 * want);
});

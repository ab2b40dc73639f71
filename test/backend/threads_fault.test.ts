// A worker thread that dies in the middle of a split op: the op still
// returns the right bits (the calling thread runs the dead worker's task),
// says so once on the console, and ops run on one thread from then on. No
// op hangs. (Its own file: the pool stays off for the rest of the process.)
import { afterEach, expect, test, vi } from "vitest";
import * as ops from "../../src/ops/index.js";
import { backendInfo } from "../../src/backend/loader.js";
import { crashNextWorker, setThreadTimeout, setThreads, threadStats } from "../../src/backend/threads.js";

afterEach(() => vi.restoreAllMocks());

const byWorkers = () => threadStats().tasks - threadStats().byCaller;

test("a worker that exits mid-op: right result, one warning, then one thread", async () => {
  // 96 x 160 @ 160 x 128: ~2M multiply-adds, split in two tasks.
  const a = ops.divide(ops.reshape(ops.arange(96 * 160), [96, 160]), 977);
  const b = ops.tanh(ops.reshape(ops.arange(160 * 128), [160, 128]));
  setThreads(1);
  const expected = ops.matmul(a, b).toArray();
  setThreads(2);
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  setThreadTimeout(300);
  // Start the pool, then make the next worker that claims a task exit
  // before running it. The caller may take both tasks itself while the
  // worker sleeps, so repeat until the worker took one (or 50 tries).
  expect(ops.matmul(a, b).toArray()).toEqual(expected);
  expect(threadStats().started).toBe(true);
  // The worker starts asynchronously (its script loads): ops run without it until then.
  for (let i = 0; i < 200 && byWorkers() === 0; i++) {
    await new Promise((r) => setTimeout(r, 25));
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
  }
  expect(byWorkers()).toBeGreaterThan(0);
  let tries = 0;
  for (; tries < 50 && warn.mock.calls.length === 0; tries++) {
    crashNextWorker();
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
  }
  expect(tries).toBeLessThan(50);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]![0])).toMatch(/worker thread failed.*one thread/);
  expect(backendInfo().threads).toBe(1);
  expect(threadStats().started).toBe(false);
  // Later ops: one thread, same bits, no more warnings.
  expect(ops.matmul(a, b).toArray()).toEqual(expected);
  expect(warn).toHaveBeenCalledTimes(1);
});

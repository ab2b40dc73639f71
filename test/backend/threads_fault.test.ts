// Worker threads that fail during or between split ops: a task is run again
// only once its worker is known dead (it said so, or this thread terminated
// it), so the op returns the right bits; a worker that is merely slow is
// waited for; one that neither finishes nor says anything within the
// timeout fails the op with an error, never a partial result. Every fault
// gives one console warning and one thread from then on. (resetThreads
// lets each test start a new pool.)
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import * as ops from "../../src/ops/index.js";
import { backendInfo } from "../../src/backend/loader.js";
import { Fault } from "../../src/backend/control.js";
import { injectFault, resetThreads, setThreadTimeout, setThreads, threadStats } from "../../src/backend/threads.js";

// 96 x 160 @ 160 x 128: ~2M multiply-adds, split in two tasks (rows of the output).
const a = ops.divide(ops.reshape(ops.arange(96 * 160), [96, 160]), 977);
const b = ops.tanh(ops.reshape(ops.arange(160 * 128), [160, 128]));
setThreads(1);
// One thread: the bits every fault must still give.
const expected = ops.matmul(a, b).toArray();
const byWorkers = () => threadStats().tasks - threadStats().byCaller;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  resetThreads();
  setThreads(2);
  setThreadTimeout(60_000);
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  // The worker starts asynchronously (its script loads): ops run without it until then.
  const before = byWorkers();
  for (let i = 0; i < 200 && byWorkers() === before; i++) {
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
    await sleep(25);
  }
  expect(byWorkers()).toBeGreaterThan(before);
});
afterEach(() => vi.restoreAllMocks());

/** Injects `fault` until a worker acts on it (the caller may take both tasks while the worker sleeps); each op must give the right bits. */
async function provoke(fault: number, ms = 0): Promise<void> {
  let tries = 0;
  for (; tries < 50 && warn.mock.calls.length === 0; tries++) {
    injectFault(fault, ms);
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
    if (threadStats().fault === 0) break;
    await sleep(5);
  }
  expect(tries).toBeLessThan(50);
}

function expectOneThreadFromNowOn(): void {
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]![0])).toMatch(/worker thread failed.*one thread/);
  expect(backendInfo().threads).toBe(1);
  expect(threadStats().started).toBe(false);
  expect(ops.matmul(a, b).toArray()).toEqual(expected);
  expect(warn).toHaveBeenCalledTimes(1);
}

test("a worker that exits as it takes a task (its process 'exit' hook says so): right bits, one warning, one thread", async () => {
  await provoke(Fault.Exit);
  expectOneThreadFromNowOn();
});

test("a worker that throws inside a task (as a trapping kernel would): the task runs again, right bits, one warning, one thread", async () => {
  await provoke(Fault.Throw);
  expectOneThreadFromNowOn();
});

test("a worker that dies between ops is found at the next op: right bits, one warning, one thread", async () => {
  for (let i = 0; i < 50 && warn.mock.calls.length === 0; i++) {
    injectFault(Fault.Idle);
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
    await sleep(20); // it wakes on the op's SEQ and exits, taking no task
    expect(ops.matmul(a, b).toArray()).toEqual(expected);
  }
  expectOneThreadFromNowOn();
});

test("a worker stalled far beyond the old 2 s takeover, alive: waited for, right bits, threads kept", async () => {
  const jobs = threadStats().jobs;
  await provoke(Fault.Stall, 2500);
  expect(threadStats().fault).toBe(0); // a worker stalled inside a task of the last op
  expect(threadStats().jobs).toBeGreaterThan(jobs);
  expect(warn).not.toHaveBeenCalled();
  expect(backendInfo().threads).toBe(2);
  expect(threadStats().started).toBe(true);
}, 20_000);

test("a worker that stops without a word (as if killed): the op fails after the timeout, no partial result, then one thread", async () => {
  setThreadTimeout(300);
  let error: unknown = null;
  for (let i = 0; i < 50 && error === null; i++) {
    injectFault(Fault.Stall, 10_000); // no word for 10 s, against a 300 ms timeout
    try {
      expect(ops.matmul(a, b).toArray()).toEqual(expected);
    } catch (e) {
      error = e;
    }
  }
  expect(String(error)).toMatch(/matmul.*a worker thread was silent for 300 ms; no partial result/);
  expectOneThreadFromNowOn();
});

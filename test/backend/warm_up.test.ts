// First calls (issue 11): once the importing code has run, the loader asks
// threads.ts to warm the kernels up on a worker (src/backend/threads.ts:
// threadInfo.warm; the worker side is worker.ts: warm). Once per process,
// never with one thread nor once the pool runs. (Whether it makes the first
// calls faster is timing, measured in bench/first_calls.bench.mjs; that the
// warm-up worker never keeps a process alive: test/runtimes/threads.test.ts.)
import { expect, test } from "vitest";
import { ready, threadInfo } from "../../src/backend/loader.js";
import { resetThreads, setThreads, threadStats, threads } from "../../src/backend/threads.js";
import { ops, tensor } from "../../src/index.js";

const settle = async (): Promise<void> => {
  await ready();
  await new Promise((r) => setTimeout(r, 0));
};

// (Here the setup file gives the kernels before threads.ts is loaded, so
// the loader's timer runs the placeholder and the warm-up is called by
// hand; an entry of the bundle imports threads.ts first. Its effect on
// first calls in the bundle: bench/first_calls.bench.mjs.)
test("a warm-up worker starts where there are several threads", async () => {
  const before = threadStats().warm;
  threadInfo.warm();
  await settle();
  expect(threadStats().warm).toBe(before + (threads() > 1 ? 1 : 0));
});

test("no warm-up with one thread, nor once the pool runs", async () => {
  const before = threadStats().warm;
  setThreads(1);
  threadInfo.warm();
  await settle();
  expect(threadStats().warm).toBe(before);
  setThreads(2);
  // A product big enough to split starts the pool (its workers tier the kernels up themselves).
  const a = tensor(Float32Array.from({ length: 256 * 256 }, (_, i) => i % 5), [256, 256]);
  ops.matmul(a, a).toArray();
  expect(threadStats().started).toBe(true);
  threadInfo.warm();
  await settle();
  expect(threadStats().warm).toBe(before);
  resetThreads();
});

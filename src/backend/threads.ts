// The worker pool: kernels split over threads, behind the same synchronous
// ops. The kernel module's memory is shared (loader.ts), so worker threads
// (worker.ts) run kernels on the same tensors; the allocator and every
// decision stay on the calling thread. A parallel kernel (kernels.ts:
// PARALLEL) is cut into tasks over its output (rows of a matmul, ranges of
// an elementwise op; never a sum's terms), so each output element is
// computed by the same instructions whatever the thread count: results are
// bit-identical to one thread. The caller publishes a job in the control
// block (control.ts), claims tasks itself like any worker, and waits for
// the rest. Workers start lazily, on the first op big enough to split; a
// worker that is not running yet simply claims nothing.
//
// Faults. A task is run again only when its worker is known dead, never
// because it is slow: a live worker may still write (matmul keeps partial
// sums in its output), and a loaded machine can stall a thread for
// seconds. A worker knows when it dies and says so in the control block
// (STATE[w] = DEAD: an exception in a task, Node's process "exit", a Web
// Worker's "error"; worker.ts), after its last write; the caller marks the
// workers it terminates itself. The caller then runs the dead worker's task,
// the op returns the right bits, and ops run on one thread from then on,
// with one console warning. A worker that died idle is found at the end of
// the next split op (its STATE; it took no task), with the same warning and fallback. A worker that can say
// nothing (killed outright) or is stalled beyond `timeoutMs` (60 s; a live
// thread is never that late unless stopped in a debugger): the op throws
// (it never returns a partial result), its outputs are never freed (a late
// write from that worker lands nowhere in use; exec.ts), and ops run on one
// thread from then on.
import type { WorkerLike } from "./control.js";
import { ARGS_BYTES, CLOSED, CONTROL_BYTES, CRASH, DEAD, DONE, FLAGS, KERNEL, MAX_ARGS, MAX_TASKS, NARGS, NEXT, NTASK, OWNER, RELAXED, SCRATCH_BYTES, SEQ, STALL_MS, STATE, claimTasks, runTask } from "./control.js";
import { KERNELS, PARALLEL, type KernelName } from "./kernels.js";
import { poolHost, ready, threadInfo, threadSource as source, type KernelModule } from "./loader.js";
import { viewFor, wasmAlloc } from "./memory.js";
import { ValueError } from "../errors.js";

const MAX_DEFAULT = 8;
const NAMES = Object.keys(KERNELS) as KernelName[];
const INDEX = new Map<string, number>(NAMES.map((n, i) => [n, i]));

let wanted = 0; // 0: the default
let broken = false;
let timeoutMs = 60_000;
// Set when an op gave up on a worker (exec.ts then keeps its outputs forever).
let lost = false;
const stats = { jobs: 0, tasks: 0, byCaller: 0, warm: 0 };
// Each worker's matmul scratch, allocated once and kept across pool restarts.
const scratch: number[] = [];
// The tasks' own ints (a split binary op's shape and index scratch), 256 bytes each.
let ints = 0;
let pool: { workers: WorkerLike[]; ctl: Int32Array; args: Float64Array; ints: number } | null = null;
// The browser's main thread may not block (Atomics.wait throws there): it spins.
let canBlock: boolean | null = null;

/**
 * The threads large kernels split over: the available cores (at most 8) by
 * default; 1 where the runtime has no worker threads or shared memory
 * (Cloudflare Workers, pages that are not cross-origin isolated). Results
 * are bit-identical for every count.
 *
 * @example
 * keras.config.threads() >= 1; // true
 */
export function threads(): number {
  if (source === null || broken || typeof SharedArrayBuffer !== "function") return 1;
  return wanted > 0 ? wanted : Math.max(1, Math.min(MAX_DEFAULT, source.cores));
}

threadInfo.threads = threads;

// First calls (issue 11). V8 runs a kernel on its baseline code (Liftoff)
// until the kernel has run enough to be compiled again by TurboFan, so the
// first ~100 matmuls of a process ran 3x slower than warm ones. Every
// thread's instance runs the code of the one compiled module, so calls on
// a worker count too (bench/first_calls.bench.mjs). After import, when
// the importing code has run, the kernels load and a worker runs the hot
// ones (matmul_f32, dense_f32; worker.ts: start) over a memory of its own,
// then ends: later calls on this thread start on TurboFan code. Not with
// one thread (setThreads(1), no worker threads), nor once the pool runs.
// A worker that fails to start (Node: flags a worker refuses) skips it, silently.
threadInfo.warm = () =>
  void ready().then(() => {
    try {
      if (pool === null && poolHost && threads() > 1) stats.warm++, source!.spawn(() => {}).postMessage({ main: poolHost.main, relaxed: poolHost.relaxed, scratch: 1 << 17 });
    } catch {}
  });

/**
 * Sets how many threads large kernels split over (1: everything on the
 * calling thread, as without threads). Worker threads start on the first
 * op large enough to split; where the runtime has none, ops stay on one.
 *
 * @example
 * keras.config.setThreads(1);
 * keras.config.threads(); // 1
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_TASKS) {
    throw new ValueError(`config.setThreads: \`n\` must be an integer from 1 to ${MAX_TASKS}; received: ${String(n)}`);
  }
  wanted = n;
}

/** @internal For tests: how long an op waits for a worker that has not said it died before it fails. */
export function setThreadTimeout(ms: number): void {
  timeoutMs = ms;
}

/** @internal For tests: one worker acts out `fault` (control.ts: Fault); STALL sleeps `ms`. */
export function injectFault(fault: number, ms = 0): void {
  if (pool) {
    Atomics.store(pool.ctl, STALL_MS, ms);
    Atomics.store(pool.ctl, CRASH, fault);
  }
}

/** @internal True once after an op gave up on a worker that may still write (exec.ts keeps that op's outputs). */
export function takeLost(): boolean {
  const l = lost;
  lost = false;
  return l;
}

/** @internal For tests: forget a fault (threads allowed again, a new pool at the next split op). */
export function resetThreads(): void {
  stop();
  broken = false;
}

/** @internal Split jobs run, their tasks, those the calling thread ran, warm-up workers started, and a test fault not yet acted on (tests, bench). */
export function threadStats(): { started: boolean; jobs: number; tasks: number; byCaller: number; warm: number; fault: number } {
  return { started: pool !== null, ...stats, fault: pool ? Atomics.load(pool.ctl, CRASH) : 0 };
}

function stop(): void {
  if (pool === null) return;
  Atomics.store(pool.ctl, NEXT, CLOSED);
  // Only between jobs (or after giving one up): no op waits on a worker
  // terminated here, and `pool = null` is the record that makes its
  // "error"/"exit" events ignored (startPool).
  for (const w of pool.workers) void w.terminate();
  pool = null;
}

function fail(why: unknown): void {
  if (broken) return;
  broken = true;
  stop();
  console.warn(`keras-wasm: a worker thread failed (${why instanceof Error ? why.message : String(why)}); ops run on one thread from now on.`);
}

function startPool(n: number): boolean {
  const h = poolHost!;
  try {
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const ctl = new Int32Array(control, 0, ARGS_BYTES >> 2);
    ctl[NEXT] = CLOSED;
    ints ||= wasmAlloc(MAX_TASKS * 256);
    const workers: WorkerLike[] = [];
    const p = (pool = { workers, ctl, args: new Float64Array(control, ARGS_BYTES), ints });
    for (let i = 1; i < n; i++) {
      // Failed to start, or an error reached this thread (unless this pool was stopped already).
      const w = source!.spawn((why) => pool === p && fail(why));
      workers.push(w);
      scratch[i] ??= wasmAlloc(SCRATCH_BYTES);
      w.postMessage({ main: h.main, relaxed: h.relaxed, memory: h.memory, control, names: NAMES, scratch: scratch[i], id: i });
    }
    if (canBlock === null) {
      try {
        Atomics.wait(ctl, SEQ, 1, 0);
        canBlock = true;
      } catch {
        canBlock = false;
      }
    }
    return true;
  } catch (e) {
    fail(e);
    return false;
  }
}

/**
 * Runs kernel `name` on `args` (already pointers and numbers) split over
 * the threads, and returns true; false (nothing done) when it is too
 * small to split, not parallel, or there is one thread.
 */
export function runParallel(m: KernelModule, name: string, args: readonly number[], n: number, relaxed: boolean): boolean {
  const split = PARALLEL[name as KernelName];
  if (split === undefined || poolHost === null) return false;
  const t = threads();
  if (t < 2) return false;
  let mem = viewFor("int32") as Int32Array;
  const units = split.units(args, mem);
  const align = split.align(args);
  const tasks = Math.min(t, MAX_TASKS, Math.floor(split.work(args, mem) / split.grain), Math.floor(units / align));
  if (tasks < 2) return false;
  if (pool !== null && pool.workers.length + 1 !== t) stop();
  if (pool === null) {
    if (!startPool(t)) return false;
    mem = viewFor("int32") as Int32Array;
  }
  const p = pool!;
  const { ctl } = p;
  ctl[KERNEL] = INDEX.get(name)!;
  ctl[NARGS] = n;
  ctl[RELAXED] = relaxed ? 1 : 0;
  ctl[NTASK] = tasks;
  const row: number[] = [];
  for (let i = 0, s = 0; i < tasks; i++) {
    const e = i === tasks - 1 ? units : Math.floor((units * (i + 1)) / tasks / align) * align;
    row.length = 0;
    for (let j = 0; j < n; j++) row.push(args[j]!);
    split.sub(row, s, e, p.ints + i * 256, mem);
    p.args.set(row, i * MAX_ARGS);
    s = e;
  }
  // Done flags and owners (adjacent) cleared: a stale owner must never look like this job's.
  ctl.fill(0, FLAGS, STATE);
  Atomics.store(ctl, DONE, 0);
  Atomics.store(ctl, NEXT, 0);
  Atomics.add(ctl, SEQ, 1);
  Atomics.notify(ctl, SEQ);
  const run = (k: number, _r: boolean, a: number[]): void => {
    stats.byCaller++;
    (m[NAMES[k]!] as (...x: number[]) => void)(...a);
  };
  stats.jobs++;
  stats.tasks += tasks;
  claimTasks(ctl, p.args, run, 0);
  const deadline = performance.now() + timeoutMs;
  for (let d; (d = Atomics.load(ctl, DONE)) < tasks; ) {
    if (canBlock) Atomics.wait(ctl, DONE, d, 20);
    for (let i = 0; i < tasks; i++) {
      // Not done, and its owner said it died (it writes no more): run it
      // again here. A live worker, however slow: wait. (Between its claim
      // and its OWNER a worker runs no code that can fail.)
      if (!Atomics.load(ctl, FLAGS + i) && Atomics.load(ctl, STATE + Atomics.load(ctl, OWNER + i)) === DEAD) {
        Atomics.store(ctl, OWNER + i, 1);
        runTask(ctl, p.args, run, i);
      }
    }
    if (performance.now() > deadline) {
      lost = true;
      fail("silent");
      throw new Error(`${name}: a worker thread was silent for ${timeoutMs} ms; no partial result`);
    }
  }
  Atomics.store(ctl, NEXT, CLOSED);
  threadInfo.workerTasks = stats.tasks - stats.byCaller;
  // The op is whole (a worker that died idle took no task of it): any
  // worker that died, during it or before, is let go now.
  for (let w = 2; w <= t; w++) if (Atomics.load(ctl, STATE + w) === DEAD) return fail("stopped"), true;
  return true;
}

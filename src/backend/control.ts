// The control block the calling thread and the worker threads share (an
// Int32Array over a SharedArrayBuffer), read by threads.ts and worker.ts.
// One job at a time: the caller writes the kernel, its task count and each
// task's arguments, resets NEXT, then bumps SEQ. Every thread (the caller
// too) claims tasks by Atomics.add on NEXT and writes its id in OWNER[t];
// FLAGS[t] marks task t done and DONE counts them. STATE[w] is worker w's liveness: a dying worker writes DEAD
// itself (it has stopped writing then), and so does the caller for workers
// it terminates; only then is the worker's task run again (threads.ts).

/** Bumped once per job; workers sleep on it. */
export const SEQ = 0;
/** The next task to claim (CLOSED between jobs and once the pool stops). */
export const NEXT = 1;
/** Tasks finished in this job. */
export const DONE = 2;
/** Tasks in this job. */
export const NTASK = 3;
/** The kernel, as an index into the name list workers get at start. */
export const KERNEL = 4;
/** The number of arguments of the kernel. */
export const NARGS = 5;
/** 1 when the job runs on the relaxed-SIMD patch's kernels. */
export const RELAXED = 6;
/** Test hook (a Fault), taken by the first worker that reaches it; STALL_MS: how long STALL sleeps. */
export const CRASH = 7;
export const STALL_MS = 8;
export const MAX_TASKS = 32;
export const MAX_ARGS = 16;
export const FLAGS = 16;
/** OWNER[t]: the thread id + 1 of task t's claimer (the caller is thread 0). */
export const OWNER = FLAGS + MAX_TASKS;
/** STATE[w + 1]: worker w's liveness (DEAD once it stopped; 0 before), indexed as OWNER (STATE[0], STATE[1]: no worker). */
export const STATE = OWNER + MAX_TASKS;
export const DEAD = 3;
/** Byte offset of the tasks' arguments (float64: pointers, counts, float scalars); task t's at t * MAX_ARGS. */
export const ARGS_BYTES = (STATE + MAX_TASKS + 2) * 4;
/** Bytes in the block. */
export const CONTROL_BYTES = ARGS_BYTES + MAX_TASKS * MAX_ARGS * 8;
/** NEXT between jobs: claims fail (any count added stays above every task index). */
export const CLOSED = 1 << 30;
/** Bytes of matmul scratch each worker needs (assembly/linalg/matmul.ts: set_scratch). */
export const SCRATCH_BYTES = (256 * 512 + 256 * 128 + 4 * 8) * 4 + 64;

/** A started worker, as the runtime's entry makes it (Node worker_threads or a Web Worker). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** How a runtime's entry starts worker threads; absent where there are none (workerd). */
export interface ThreadSource {
  /** The cores available (the default thread count, capped at MAX_DEFAULT). */
  cores: number;
  /** Starts one worker; `failed` is called if it fails to start or stops. */
  spawn(failed: (why: unknown) => void): WorkerLike;
}

/** What a worker receives once, at start (postMessage); a warm-up worker (threads.ts) gets only `main`, `relaxed` and `scratch`. */
export interface WorkerInit {
  main: WebAssembly.Module;
  relaxed: WebAssembly.Module | null;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  names: readonly string[];
  scratch: number;
  /** The worker's thread id (1..), its index in STATE. */
  id: number;
}

/**
 * Test hooks a worker acts on once (CRASH): EXIT exits as it takes a task,
 * THROW throws in one (as a trapping kernel would), STALL sleeps STALL_MS
 * before running one, saying nothing (slow, or past the caller's timeout
 * as good as killed), IDLE exits on waking, before taking any task.
 */
export const Fault = { Exit: 1, Throw: 2, Stall: 3, Idle: 5 } as const;

/** Runs the tasks of the current job it can own, as thread `id` (0: the caller); `hook` sees each task first (test faults). */
export function claimTasks(ctl: Int32Array, args: Float64Array, run: (kernel: number, relaxed: boolean, args: number[]) => void, id: number, hook?: () => void): void {
  for (;;) {
    const t = Atomics.add(ctl, NEXT, 1);
    if (t >= Atomics.load(ctl, NTASK)) return;
    Atomics.store(ctl, OWNER + t, id + 1);
    hook?.();
    runTask(ctl, args, run, t);
  }
}

/** Runs task `t` (owned by this thread) and counts it done. */
export function runTask(ctl: Int32Array, args: Float64Array, run: (kernel: number, relaxed: boolean, args: number[]) => void, t: number): void {
  const base = t * MAX_ARGS;
  run(ctl[KERNEL]!, ctl[RELAXED] === 1, Array.from(args.subarray(base, base + ctl[NARGS]!)));
  Atomics.store(ctl, FLAGS + t, 1);
  if (Atomics.add(ctl, DONE, 1) === Atomics.load(ctl, NTASK) - 1) Atomics.notify(ctl, DONE);
}

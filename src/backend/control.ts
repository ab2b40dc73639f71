// The control block the calling thread and the worker threads share (an
// Int32Array over a SharedArrayBuffer), read by threads.ts and worker.ts.
// One job at a time: the caller writes the kernel, its task count and each
// task's arguments, resets NEXT, then bumps SEQ. Every thread (the caller
// too) claims tasks by Atomics.add on NEXT and counts them done in DONE;
// FLAGS[t] marks task t done, so a task a dead worker claimed can be found.

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
/** Test hook: a worker that claims a task while this is 1 exits without running it. */
export const CRASH = 7;
export const MAX_TASKS = 32;
export const MAX_ARGS = 16;
export const FLAGS = 16;
/** Byte offset of the tasks' arguments (float64: pointers, counts, float scalars); task t's at t * MAX_ARGS. */
export const ARGS_BYTES = (FLAGS + MAX_TASKS) * 4;
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

/** What a worker receives once, at start (postMessage). */
export interface WorkerInit {
  main: WebAssembly.Module;
  relaxed: WebAssembly.Module | null;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  names: readonly string[];
  scratch: number;
}

/** Runs the tasks of the current job it can claim; false if told to crash (test hook). */
export function claimTasks(ctl: Int32Array, args: Float64Array, run: (kernel: number, relaxed: boolean, args: number[]) => void, worker: boolean): boolean {
  for (;;) {
    const t = Atomics.add(ctl, NEXT, 1);
    if (t >= Atomics.load(ctl, NTASK)) return true;
    if (worker && Atomics.load(ctl, CRASH) === 1) return false;
    const base = t * MAX_ARGS;
    run(ctl[KERNEL]!, ctl[RELAXED] === 1, Array.from(args.subarray(base, base + ctl[NARGS]!)));
    Atomics.store(ctl, FLAGS + t, 1);
    if (Atomics.add(ctl, DONE, 1) === Atomics.load(ctl, NTASK) - 1) Atomics.notify(ctl, DONE);
  }
}

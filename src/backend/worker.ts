// A worker thread of the kernel pool (threads.ts), shipped as its own file
// (dist/keras-wasm.worker.js) and started by the runtime's entry: Node's
// worker_threads, or a Web Worker. It instantiates the kernel module over
// the shared memory, without running its start function (the allocator
// belongs to the calling thread), and then only runs kernels on the
// pointers and ranges the control block gives it. It never allocates:
// matmul's packing scratch is the region it is given.
import { ARGS_BYTES, CRASH, DEAD, SEQ, STALL_MS, STATE, claimTasks, type WorkerInit } from "./control.js";

type Fn = (...a: number[]) => void;
// Spin this long on SEQ before sleeping: ops in a loop follow each other
// within microseconds, and waking a sleeping thread costs ~30 us (median;
// p90 60-150 us on this 2-core VM). Longer spins were measured and not
// kept (2026-11-28, a build with the spin times as parameters): with this
// worker and the caller spinning up to 1 ms (long enough to stay awake
// through a training step, whose large ops are 0.15-0.6 ms apart), the
// MNIST step on 2 threads (bench/threads_step.mjs: paired 1- and 2-thread
// samples, kept only while no other process ran) went from 1.41x to 1.38x
// of one thread, and beside two CPU hogs from 1.03x to 0.86x: a spinning
// thread takes the core that the other one needs.
const SPIN_MS = 0.2;

// Set once the control block is known: marks this worker DEAD. Called on the way out (an exception, Node's process "exit", a
// Web Worker's "error"): the worker writes nothing after it, so the caller
// may run its task again.
let die = (): void => {};

function start(init: WorkerInit): void {
  // The warm-up (threads.ts: threadInfo.warm; no control block): a memory
  // of its own, 4 pages: the module's static data, then A (zeros) at 64 KiB,
  // the product at 80 KiB, matmul's scratch (`init.scratch`) at 128 KiB.
  const memory = (init.memory ??= new WebAssembly.Memory({ initial: 4, maximum: 65536, shared: true }));
  const env = { memory, alloc: () => 0, free: () => {} };
  const plain = new WebAssembly.Instance(init.main, { env }).exports as Record<string, Fn>;
  const patch = init.relaxed ? (new WebAssembly.Instance(init.relaxed, { env }).exports as Record<string, Fn>) : plain;
  plain.set_scratch!(init.scratch);
  if (patch !== plain) patch.set_scratch!(init.scratch);
  if (!init.control) {
    // The hot kernels until V8 has compiled them with TurboFan (30 calls
    // sufficed, measured), then the worker ends.
    for (let i = 0; i < 60; i++) {
      for (const m of [plain, patch]) m.matmul_f32!(65536, 65536, 81920, 1, 64, 64, 64, 0, 0, 0, 64);
      plain.dense_f32!(65536, 65536, 0, 81920, 64, 64, 64, 1);
    }
    return (globalThis as { close?(): void }).close?.();
  }
  const ctl = new Int32Array(init.control);
  const args = new Float64Array(init.control, ARGS_BYTES);
  // (The caller sees it within its 20 ms wait; no notify needed.)
  die = () => Atomics.store(ctl, STATE + init.id + 1, DEAD);
  // Test faults (control.ts: Fault, as numbers here), each taken once by one worker.
  const take = (f: number): boolean => Atomics.compareExchange(ctl, CRASH, f, 0) === f;
  const hook = (): void => {
    if (take(1)) exit();
    // Sleeps, saying nothing: slow but alive, or (past the caller's timeout) as good as killed.
    if (take(3)) Atomics.wait(ctl, CRASH, 0, Atomics.load(ctl, STALL_MS));
    if (take(2)) throw Error("fault"); // as a trap in a kernel would: caught below
  };
  let seen = Atomics.load(ctl, SEQ);
  for (;;) {
    try {
      claimTasks(ctl, args, (k, relaxed, a) => {
        const name = init.names[k]!;
        ((relaxed ? patch[name] : undefined) ?? plain[name]!)(...a);
      }, init.id, hook);
    } catch {
      // Not rethrown: Deno ends the whole process on a worker's uncaught
      // error. Said dead, this worker idles until the caller terminates it.
      return die();
    }
    const t0 = performance.now();
    let s = seen;
    for (let i = 1; (s = Atomics.load(ctl, SEQ)) === seen; i++) {
      if ((i & 255) === 0 && performance.now() - t0 > SPIN_MS) {
        Atomics.wait(ctl, SEQ, seen);
      }
    }
    seen = s;
    if (take(5)) exit();
  }
}

declare const self: { onmessage: ((e: { data: WorkerInit }) => void) | null; onerror: (() => void) | null; close(): void } | undefined;
const proc = (globalThis as { process?: { versions?: { node?: string }; exit(): never; on(e: string, f: () => void): void } }).process;
type Port = { once(e: string, f: (d: WorkerInit) => void): void } | null;
// Exits from inside a task: nothing after it may run the task.
let exit = (): never => {
  die();
  self!.close(); // lets the current script go on, hence the throw
  throw Error("exit");
};
// Node (and Deno's node:worker_threads): the parent port; else the Web
// Worker's own scope. No top-level await (bundlers build workers as
// classic scripts), and the module name is not a constant, so a bundler
// building for browsers does not try to resolve it.
if (proc?.versions?.node) {
  void import("node:" + (proc ? "worker_threads" : "")).then(({ parentPort }: { parentPort: Port }) => {
    exit = () => proc.exit(); // runs nothing after it but "exit" below, which marks this worker dead
    proc.on("exit", () => die());
    parentPort!.once("message", start);
  });
} else {
  self!.onmessage = (e) => start(e.data);
  self!.onerror = () => die();
}

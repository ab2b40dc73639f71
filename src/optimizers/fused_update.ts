// Runs one fused optimizer kernel (assembly/optimizers/) for one variable
// and swaps in its results. The kernel writes new storages (the new value
// and the new state) instead of writing in place: tensors are immutable
// and other results' recipes may read the old ones. A replaced value that
// the optimizer made itself and nobody read through `Variable.value` can
// never be read again, so its block is freed at once: a synchronous
// training loop then reuses the same few blocks instead of spilling.
import { exec, output } from "../backend/exec.js";
import type { NamesOf } from "../backend/kernels.js";
import { releaseTemporaries, releaseUnreachable, type Storage } from "../backend/memory.js";
import { cast } from "../ops/core.js";
import { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";

/**
 * `variable` and its state (`states`, up to three, null where unused)
 * updated by `kernel` with gradient `grad` (same shape) and the kernel's
 * parameters (`params[0..2]`: lr, weight decay, decay on; then its own).
 * The gradient is cast to the variable's dtype first, as Keras does.
 * float16, bfloat16 and float64 variables are computed in float32 (cast
 * in, one rounding back to the variable's dtype on the way out).
 */
export function fusedUpdate(kernel: NamesOf<"sgd" | "adam" | "rmsprop" | "adagrad" | "adamax" | "nadam">, variable: Variable, grad: Tensor, states: readonly (Variable | null)[], params: readonly number[]): void {
  const value = variable._storedValue;
  const dtype = value.dtype;
  const n = value.size;
  // float32 copies made here are temporaries: freed once the kernel ran.
  const temps: Storage[] = [];
  const f32 = (t: Tensor): Tensor => {
    if (t.dtype === "float32") return t;
    const c = cast(t, "float32");
    temps.push(c.storage);
    return c;
  };
  // Keras's `ops.cast(gradient, variable.dtype)`, then float32 for the kernel.
  let g = grad;
  if (g.dtype !== dtype) {
    g = cast(g, dtype);
    temps.push(g.storage);
  }
  const state = (i: number): Storage | 0 => {
    const s = states[i] ?? null;
    return s === null ? 0 : f32(s._storedValue).storage;
  };
  const where = `optimizer update of ${variable.path}`;
  const fresh = (i: number): Storage | 0 => ((states[i] ?? null) !== null ? output("float32", n, where, value.shape) : 0);
  const outs = [output("float32", n, where, value.shape), fresh(0), fresh(1), fresh(2)] as const;
  exec(kernel, [f32(value).storage, f32(g).storage, state(0), state(1), state(2), outs[0], outs[1], outs[2], outs[3], n, paramArray(params)]);
  // With a single output (SGD without momentum) exec records a recipe, which
  // would hold the old value alive; the new value never needs recomputing.
  releaseTemporaries(outs[0], []);
  // Temporaries first (newest first: each one's recipe holds the one before),
  // so that nothing holds the replaced values when they are released.
  for (let i = temps.length - 1; i >= 0; i--) releaseUnreachable(temps[i]!);
  const targets = [variable, ...states];
  for (let i = 0; i < 4; i++) {
    const v = targets[i];
    const o = outs[i];
    if (!v || !o) continue;
    let t = new Tensor(o, value.shape.slice(), "float32");
    if (dtype !== "float32") {
      t = cast(t, dtype);
      releaseTemporaries(t.storage, [o]); // t keeps its data (no recipe reading o)
    }
    const previous = v._replaceOwned(t);
    if (previous !== null) releaseUnreachable(previous.storage, `(${v.path} read in a training step) was replaced by an optimizer update`);
  }
}

/** The kernel's 11 float32 parameters (common.ts), unused ones 0. */
function paramArray(params: readonly number[]): Float32Array {
  const a = new Float32Array(11);
  a.set(params);
  return a;
}

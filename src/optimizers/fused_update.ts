// Runs one fused optimizer kernel (assembly/optimizers/) for one variable
// and swaps in its results. The kernel writes new storages (the new value
// and the new state) instead of writing in place: tensors are immutable
// and other results' recipes may read the old ones. A replaced value that
// the optimizer made itself and nobody read through `Variable.value` can
// never be read again, so its block is freed at once: a synchronous
// training loop then reuses the same few blocks instead of spilling.
import { exec, output, type Arg } from "../backend/exec.js";
import { releaseUnreachable } from "../backend/memory.js";
import { cast } from "../ops/core.js";
import { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";

/**
 * `variable` and its state (`states`, up to three, null where unused)
 * updated by `kernel` with gradient `grad` (same shape) and the kernel's
 * parameters (`params[0..2]`: lr, weight decay, decay on; then its own).
 * float16, bfloat16 and float64 variables are computed in float32 (cast
 * in, one rounding back to the variable's dtype on the way out).
 */
export function fusedUpdate(kernel: string, variable: Variable, grad: Tensor, states: readonly (Variable | null)[], params: readonly number[]): void {
  const value = variable._storedValue;
  const dtype = value.dtype;
  const n = value.size;
  const f32 = (t: Tensor): Tensor => (t.dtype === "float32" ? t : cast(t, "float32"));
  const ins: Arg[] = [f32(value).storage, f32(grad).storage];
  const outs = [output("float32", n)];
  for (let i = 0; i < 3; i++) {
    const s = states[i] ?? null;
    ins.push(s === null ? 0 : f32(s._storedValue).storage);
    outs.push(s === null ? (null as never) : output("float32", n));
  }
  exec(kernel, [...ins, ...outs.map((o) => o ?? 0), n, new Float32Array(params)]);
  const targets = [variable, ...states];
  for (let i = 0; i < 4; i++) {
    const v = targets[i];
    const o = outs[i];
    if (!v || !o) continue;
    const t = new Tensor(o, value.shape.slice(), "float32");
    const previous = v._replaceOwned(dtype === "float32" ? t : cast(t, dtype));
    if (previous !== null) releaseUnreachable(previous.storage);
  }
}

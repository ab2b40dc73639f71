// The low-level half of reverse-mode autodiff, imported by ops: each
// differentiable op is wrapped once, beside its definition, with its
// gradient rule (`differentiable(name, impl, rule)`). Outside valueAndGrad
// the wrapper costs one branch. While a tape is recording (autodiff/tape.ts
// installs it) the wrapper runs the op with recording paused (a composite
// op is one node, differentiated by its own rule) and records a node when
// an input depends on a watched variable and the result is a float.
// It is also where symbolic execution starts: an op given a KerasTensor
// (checked first, a few instanceof tests) records a functional-graph node
// and returns KerasTensors (symbolic/symbolic_call.ts); ops without a
// gradient rule get the same check through `operation(name, impl)`.
import { isFloat } from "../dtypes.js";
import { Tensor } from "../tensor.js";
import { anySymbolic } from "../symbolic/keras_tensor.js";
import { symbolicOpCall } from "../symbolic/symbolic_call.js";

/**
 * A gradient rule: given `dy` (the gradient of the output), the op's inputs
 * (tensors, or the constants they were given as), its output and all its
 * arguments, returns one gradient per input (null: none). A gradient may
 * have the broadcast shape or another float dtype: the tape sums it over
 * broadcast axes and casts it to its input's. `needs[i]` says whether
 * input i depends on a watched variable: a rule may skip (return null for)
 * the others, which the tape drops anyway (a Dense layer's input batch).
 */
export type GradientRule = (dy: Tensor, inputs: readonly unknown[], out: Tensor, args: readonly unknown[], needs: readonly boolean[]) => readonly (Tensor | null | undefined)[];

/** Which arguments are differentiable inputs: positions, or "list" for an array of tensors in the first one. */
export type InputSpec = readonly number[] | "list";

/** What a recording tape provides (see autodiff/tape.ts). */
export interface Recorder {
  tracked(t: Tensor): boolean;
  record(name: string, inputs: unknown[], out: Tensor, args: unknown[], rule: GradientRule): void;
  /** The tensor a watched variable reads as (a view of `raw` the tape knows), else `raw`. */
  readVariable(variable: object, raw: Tensor): Tensor;
}

let recorder: Recorder | null = null;
let paused = 0;

/** @internal Installs (or with null removes) the recording tape; returns the previous one. */
export function setRecorder(r: Recorder | null): Recorder | null {
  const prev = recorder;
  recorder = r;
  return prev;
}

/** @internal The recording tape, if any. */
export function activeRecorder(): Recorder | null {
  return recorder;
}

/** @internal Called by Variable's value getter: lets a recording tape watch the read. */
export function variableRead(variable: object, raw: Tensor): Tensor {
  return recorder === null ? raw : recorder.readVariable(variable, raw);
}

// A Variable (or anything with a tensor `value`) reads as its value, once.
function resolve(x: unknown): unknown {
  if (x instanceof Tensor || x === null || typeof x !== "object" || Array.isArray(x) || ArrayBuffer.isView(x)) return x;
  const v = (x as { value?: unknown }).value;
  return v instanceof Tensor ? v : x;
}

/**
 * Wraps `impl`, an op without a gradient rule (comparisons, argmax, or a
 * composite whose parts the tape sees), so that called on KerasTensors it
 * records a node in the functional graph (symbolic/symbolic_call.ts), as
 * `differentiable` ops do. Otherwise it is `impl`, plus one check.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function operation<F extends (...args: any[]) => Tensor>(name: string, impl: F): F {
  function wrapped(this: unknown): Tensor {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments as unknown as unknown[];
    if (anySymbolic(args)) return symbolicOpCall(name, wrapped as never, this, Array.prototype.slice.call(args));
    return impl.apply(this, args);
  }
  return wrapped as F;
}

/**
 * Wraps `impl` (an op) so that a recording tape sees it as one node with
 * gradient `rule`. `inputs` names the differentiable arguments (default:
 * the first).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function differentiable<F extends (...args: any[]) => Tensor>(name: string, impl: F, rule: GradientRule, inputs: InputSpec = [0]): F {
  // The op is called as a property so that a stack trace mapped through the
  // bundle's source map names the op's own frame, not this call site;
  // `apply(arguments)` keeps the common path free of allocations.
  const op = { impl };
  function wrapped(this: unknown): Tensor {
    // A KerasTensor argument: record the call in the functional graph (its
    // output spec comes from running the op without kernels).
    // eslint-disable-next-line prefer-rest-params
    if (anySymbolic(arguments)) return symbolicOpCall(name, wrapped as never, this, Array.prototype.slice.call(arguments));
    const r = recorder;
    // eslint-disable-next-line prefer-rest-params
    if (r === null || paused > 0) return op.impl.apply(this, arguments as unknown as unknown[]);
    // eslint-disable-next-line prefer-rest-params
    return recordCall(r, name, op, rule, inputs, Array.prototype.slice.call(arguments));
  }
  return wrapped as F;
}

// Runs `impl` on `args` with recording paused, and records it as one node
// when an input is tracked and the result is a float.
function recordCall(r: Recorder, name: string, op: { impl: (...a: never[]) => Tensor }, rule: GradientRule, inputs: InputSpec, args: unknown[]): Tensor {
  let ins: unknown[];
  if (inputs === "list") {
    ins = Array.isArray(args[0]) ? (args[0] as unknown[]).map(resolve) : [];
    args[0] = ins;
  } else {
    ins = inputs.map((i) => (args[i] = resolve(args[i])));
  }
  let any = false;
  for (const t of ins) if (t instanceof Tensor && r.tracked(t)) any = true;
  paused++;
  let out: Tensor;
  try {
    out = (op.impl as (...a: unknown[]) => Tensor)(...args);
  } finally {
    paused--;
  }
  // An op that returns its input unchanged (a cast to the same dtype) adds nothing.
  if (any && isFloat(out.dtype) && !ins.includes(out)) r.record(name, ins, out, args, rule);
  return out;
}

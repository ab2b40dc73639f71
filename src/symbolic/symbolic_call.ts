// Symbolic execution: the output shapes and dtypes of a function of
// KerasTensors, without computing (Keras's `compute_output_spec`). The
// function runs on placeholder tensors with every kernel skipped
// (backend/exec.ts `withoutKernels`): ops still validate and work out their
// output shapes and dtypes, the one place those rules live, but allocate
// and compute nothing. It runs twice, unknown dimensions as 83 then 89 (as
// Keras's numpy backend does); an output dimension that differs between
// the runs is unknown (null).
import { Storage } from "../backend/memory.js";
import { withoutKernels } from "../backend/exec.js";
import { Tensor } from "../tensor.js";
import { autoName } from "../utils/naming.js";
import { KerasTensor } from "./keras_tensor.js";
import { Node, mapKerasTensors } from "./node.js";

const FILLS = [83, 89] as const;

/** A tensor with `kt`'s dtype and shape (unknown dimensions as `fill`) whose storage never gets memory. */
function placeholder(kt: KerasTensor, fill: number): Tensor {
  const shape = (kt._shape as readonly (number | null)[]).map((d) => d ?? fill);
  let n = 1;
  for (const d of shape) n *= d;
  return new Tensor(new Storage(kt.dtype, n, `the symbolic placeholder for ${kt.name}`, shape), shape, kt.dtype);
}

/** `args` with every KerasTensor replaced by a placeholder. */
export function placeholders(args: unknown, fill: number): unknown {
  return mapKerasTensors(args, (kt) => placeholder(kt, fill));
}

const isPlain = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;

// The first run's structure with its tensors turned into KerasTensors,
// unknown where the second run's shape differs.
function toSymbolic(a: unknown, b: unknown): unknown {
  if (a instanceof Tensor) {
    const other = b instanceof Tensor ? b._shape : [];
    return new KerasTensor(a._shape.map((d, j) => (d === other[j] ? d : null)), { dtype: a.dtype });
  }
  if (Array.isArray(a)) return a.map((e, i) => toSymbolic(e, (b as unknown[])[i]));
  if (isPlain(a)) return Object.fromEntries(Object.keys(a).map((k) => [k, toSymbolic(a[k], (b as Record<string, unknown>)[k])]));
  return a;
}

/**
 * The output of `run` as KerasTensors: `run(fill)` computes on inputs whose
 * unknown dimensions are `fill` (see `placeholders`); it runs its
 * computation inside `withoutKernels` (and anything that must really
 * happen, such as restoring state, outside it).
 * @internal
 */
export function outputSpec(run: (fill: number) => unknown): unknown {
  return toSymbolic(run(FILLS[0]), run(FILLS[1]));
}

/**
 * A keras.ops function as a graph operation (Keras 3 records ops called on
 * KerasTensors as `Operation`s): its class name is the op's in PascalCase
 * (`Add`, `Matmul`, `ExpandDims`) and its name is auto-generated from it.
 */
export class OpOperation {
  /** Keras's class name of the op (`Add`). */
  readonly className: string;
  /** The unique name in a graph (`add`, `add_1`, ...). */
  readonly name: string;
  constructor(
    /** The op's camelCase name in `keras.ops`. */
    readonly opName: string,
    /** The op itself, called with values when the graph runs. */
    readonly fn: (...args: unknown[]) => unknown,
    name?: string,
  ) {
    this.className = opName.charAt(0).toUpperCase() + opName.slice(1);
    this.name = name ?? autoName(this.className);
  }

  /** Runs the op on values. */
  call(args: readonly unknown[]): unknown {
    return this.fn(...args);
  }
}

/**
 * An op called with KerasTensors among its arguments: its output spec as
 * KerasTensors, and a node recording the call.
 * @internal
 */
export function symbolicOpCall(opName: string, fn: (...args: unknown[]) => unknown, thisArg: unknown, args: unknown[]): Tensor {
  return callOperation(new OpOperation(opName, (...a) => fn.apply(thisArg, a)), args) as Tensor;
}

/**
 * Calls `op` on arguments holding KerasTensors: its outputs as
 * KerasTensors, the call recorded as a node of `op`.
 * @internal
 */
export function callOperation(op: OpOperation, args: unknown[]): unknown {
  const out = outputSpec((fill) => withoutKernels(() => op.call(placeholders(args, fill) as unknown[])));
  new Node(op, args, {}, out);
  return out;
}

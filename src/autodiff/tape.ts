// The tape of one valueAndGrad call: the nodes recorded while `fn` runs,
// in execution order, and the views through which the watched variables
// were read. It lives only until the backward pass has run; nothing else
// refers to it, so afterwards its nodes and saved tensors are garbage.
import { isFloat, type DType } from "../dtypes.js";
import { Tensor } from "../tensor.js";
import type { Storage } from "../backend/memory.js";
import type { GradientRule, Recorder } from "./registry.js";
import { cast } from "../ops/core.js";
import { add } from "../ops/elementwise.js";
import { reshape } from "../ops/shape_ops.js";
import { onesLike, zeros } from "../ops/creation.js";
import { sumToShape } from "../ops/reduction.js";

interface Node {
  name: string;
  inputs: unknown[];
  out: Tensor;
  args: unknown[];
  rule: GradientRule;
}

/** One read of a watched variable: its value then, and the view the tape tracks. */
interface Read {
  raw: Tensor;
  view: Tensor;
}

export class Tape implements Recorder {
  readonly nodes: Node[] = [];
  /** Every tensor that depends on a watched variable: node outputs and variable views. */
  readonly #tracked = new Set<Tensor>();
  readonly #reads = new Map<object, Read[]>();

  constructor(watched: readonly object[]) {
    for (const v of watched) this.#reads.set(v, []);
  }

  tracked(t: Tensor): boolean {
    return this.#tracked.has(t);
  }

  record(name: string, inputs: unknown[], out: Tensor, args: unknown[], rule: GradientRule): void {
    this.nodes.push({ name, inputs, out, args, rule });
    this.#tracked.add(out);
  }

  // A watched variable reads as a view of its value (a new Tensor on the
  // same storage, no copy) that only this tape knows: two variables holding
  // one tensor stay apart, and a value assigned during fn is a new read.
  readVariable(variable: object, raw: Tensor): Tensor {
    const reads = this.#reads.get(variable);
    if (reads === undefined) return raw;
    for (const r of reads) if (r.raw === raw) return r.view;
    const view = new Tensor(raw.storage, raw.shape.slice(), raw.dtype);
    reads.push({ raw, view });
    this.#tracked.add(view);
    return view;
  }

  /** The op that made each recorded storage, for the error a later read of a released one raises. */
  producers(): Map<Storage, string> {
    const m = new Map<Storage, string>();
    for (const n of this.nodes) m.set(n.out.storage, n.name);
    return m;
  }

  /**
   * Runs the backward pass from `value` (a float scalar) and returns the
   * gradient of each watched variable, in the order given: zeros of its
   * shape when `value` does not depend on it.
   */
  backward(value: Tensor, variables: readonly object[], specs: readonly { shape: number[]; dtype: DType }[]): Tensor[] {
    const grads = new Map<Tensor, Tensor>();
    if (this.#tracked.has(value)) grads.set(value, onesLike(value));
    const tracked = this.#tracked;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      const dy = grads.get(node.out);
      if (dy === undefined) continue;
      grads.delete(node.out);
      const needs = node.inputs.map((x) => x instanceof Tensor && tracked.has(x));
      const gs = node.rule(dy, node.inputs, node.out, node.args, needs);
      node.inputs.forEach((x, k) => {
        const g = gs[k];
        if (!needs[k] || g == null) return;
        const t = x as Tensor;
        const fit = fitTo(g, t);
        const prev = grads.get(t);
        grads.set(t, prev === undefined ? fit : add(prev, fit));
      });
    }
    return variables.map((v, i) => {
      let total: Tensor | null = null;
      for (const r of this.#reads.get(v)!) {
        const g = grads.get(r.view);
        if (g !== undefined) total = total === null ? g : add(total, g);
      }
      const { shape, dtype } = specs[i]!;
      return total === null ? zeros(shape, dtype) : cast(total, dtype);
    });
  }
}

/** `g` summed over the axes `x` was broadcast along, in `x`'s shape and float dtype. */
function fitTo(g: Tensor, x: Tensor): Tensor {
  let r = g;
  if (!sameShape(r.shape, x.shape)) {
    r = r.size === x.size ? reshape(r, x.shape) : sumToShape(r, x.shape);
  }
  if (r.dtype !== x.dtype && isFloat(x.dtype)) r = cast(r, x.dtype);
  return r;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

// valueAndGrad and grad: reverse mode over the ops `fn` runs. The call is
// a scope the library owns: a tape records while fn runs, the backward pass
// runs, and then every tensor made in between except the value and the
// gradients (and what went into long-lived state: variable values, layer
// losses) is released, its block handed back as dispose() would. Reading
// such an intermediate afterwards is an error that names it.
import { isFloat, type DType } from "../dtypes.js";
import { KerasTypeError, ValueError, describe, formatShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variables.js";
import { closeScope, openScope, type Storage } from "../backend/memory.js";
import { activeRecorder, setRecorder } from "./registry.js";
import { Tape } from "./tape.js";

const RELEASED =
  "was created while valueAndGrad's fn ran and released when valueAndGrad returned (it keeps only the value, " +
  "the gradients and variable values); return what you need from fn, or compute it again outside valueAndGrad";

function checkVariables(variables: unknown): Variable[] {
  if (!Array.isArray(variables)) {
    throw new KerasTypeError(`valueAndGrad: argument 'variables' must be an array of Variables; received ${describe(variables)}`);
  }
  variables.forEach((v: unknown, i) => {
    if (!(v instanceof Variable)) {
      throw new KerasTypeError(
        `valueAndGrad: variables[${i}] must be a Variable (gradients are taken with respect to Variables); received ${describe(v)}`,
      );
    }
    if (!isFloat(v.dtype)) {
      throw new KerasTypeError(
        `valueAndGrad: variables[${i}] ('${v.path}') has dtype ${v.dtype}: grad requires real-valued inputs ` +
          `(input dtype that is a sub-dtype of np.inexact), but got ${v.dtype}`,
      );
    }
  });
  return variables as Variable[];
}

function checkValue(value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new KerasTypeError(`valueAndGrad: fn must return a scalar Tensor; received ${describe(value)}`);
  }
  if (value.ndim !== 0) {
    throw new ValueError(`Gradient only defined for scalar-output functions. Output had shape: ${formatShape(value.shape)}.`);
  }
  if (!isFloat(value.dtype)) {
    throw new KerasTypeError(
      `grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${value.dtype}`,
    );
  }
  return value;
}

/** What `valueAndGrad` returns. */
export interface ValueAndGrad {
  /** The scalar `fn()` returned. */
  value: Tensor;
  /** One gradient per variable, in the order given, each of the variable's shape and dtype. */
  grads: Tensor[];
}

/**
 * The value of `fn()` (a float scalar) and its gradient with respect to
 * each of `variables`, by reverse-mode differentiation of the ops fn runs
 * (`layer.apply`, `layer.losses` and any `keras.ops` op). A variable fn
 * does not use gets zeros of its shape; gradients come back in each
 * variable's dtype (float32 for mixed-precision layers). Tensors made
 * inside fn other than its value cannot be read after the call.
 *
 * @example
 * const w = new keras.Variable([1, 2, 3]);
 * const { value, grads } = keras.valueAndGrad(() => keras.ops.sum(keras.ops.square(w)), [w]);
 * value.item();        // 14
 * grads[0].toArray();  // [2, 4, 6]
 */
export function valueAndGrad(fn: () => Tensor, variables: readonly Variable[]): ValueAndGrad {
  if (typeof fn !== "function") throw new KerasTypeError(`valueAndGrad: argument 'fn' must be a function; received ${describe(fn)}`);
  const vars = checkVariables(variables);
  if (activeRecorder() !== null) {
    throw new ValueError("valueAndGrad: nested calls (a valueAndGrad inside another's fn, i.e. higher-order gradients) are not supported");
  }
  const specs = vars.map((v) => ({ shape: v.shape, dtype: v.dtype as DType }));
  const tape = new Tape(vars);
  const scope = openScope();
  const keep = new Set<Storage>();
  try {
    setRecorder(tape);
    let value: Tensor;
    try {
      value = checkValue(fn());
    } finally {
      setRecorder(null);
    }
    const grads = tape.backward(value, vars, specs);
    keep.add(value.storage);
    for (const g of grads) keep.add(g.storage);
    return { value, grads };
  } finally {
    const made = tape.producers();
    closeScope(scope, keep, (s) => {
      const op = made.get(s);
      return op === undefined ? RELEASED : `(made by ops.${op}) ${RELEASED}`;
    });
  }
}

/**
 * The gradients of `fn()` (a float scalar) with respect to `variables`:
 * `valueAndGrad(fn, variables).grads`.
 *
 * @example
 * const w = new keras.Variable([[1, 2]]);
 * keras.grad(() => keras.ops.sum(keras.ops.multiply(w, 3)), [w])[0].toArray(); // [[3, 3]]
 */
export function grad(fn: () => Tensor, variables: readonly Variable[]): Tensor[] {
  return valueAndGrad(fn, variables).grads;
}

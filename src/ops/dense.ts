// A Dense layer's forward pass as one op on one kernel call (the matmul,
// the bias add and a linear or relu activation, assembly/linalg/dense.ts),
// and its backward in as few calls: the relu mask applied to dy once, then
// dW = x^T dy', db = column sums of dy', dx = dy' W^T (only the gradients
// the tape needs), the transposes read in place by the matmul kernel.
// Internal: layers/core/dense.ts uses it where it applies.
import { Tensor } from "../tensor.js";
import { run, toTensor } from "./core.js";
import type { TensorLike } from "./convert.js";
import { greater } from "./elementwise.js";
import { product } from "./linalg.js";
import { where } from "./math.js";
import { sum } from "./reduction.js";
import { differentiable, type GradientRule } from "../autodiff/registry.js";

/** The activations the kernel applies itself. */
export type DenseActivation = "linear" | "relu";

/**
 * `activation(x @ kernel + bias)` for `x` [..., k], `kernel` [k, n] and
 * `bias` [n] (or null), all of one dtype with a kernel (float32, float64).
 * Gives the same bits as matmul, add and relu one after the other.
 * @internal
 */
export const dense = differentiable("dense", denseForward, denseGrad, [0, 1, 2]);

// Shapes are the Dense layer's to check (its InputSpec and build).
function denseForward(inputs: TensorLike, weights: TensorLike, b: TensorLike | null, activation: DenseActivation): Tensor {
  const x = toTensor(inputs, "Dense", "inputs");
  const kernel = toTensor(weights, "Dense", "kernel");
  const [k, n] = kernel.shape as [number, number];
  const outShape = [...x.shape.slice(0, -1), n];
  const bias = b === null ? 0 : toTensor(b, "Dense", "bias").storage;
  return run("dense", x.dtype, [x.storage, kernel.storage, bias, k === 0 ? x.size : x.size / k, k, n, activation === "relu" ? 1 : 0], outShape, x.dtype, "Dense");
}

// relu'(z) is 1 where relu(z) > 0, else 0 (0 at 0, as ops.relu's rule).
function denseGrad(...[dy, [x, kernel], out, args, needs]: Parameters<GradientRule>): ReturnType<GradientRule> {
  const w = kernel as Tensor;
  const xt = x as Tensor;
  const [k, n] = w.shape as [number, number];
  const g = args[3] === "relu" ? where(greater(out, 0), dy, 0) : dy;
  const m = g.size / n;
  const g2 = new Tensor(g.storage, [m, n], g.dtype);
  const dx = needs[0] ? product(g2, w, [m, n], [k, n], 2, "Dense") : null;
  const dw = needs[1] ? product(xt, g2, [m, k], [m, n], 1, "Dense") : null;
  const db = needs[2] ? sum(g2, 0) : null;
  return [dx === null ? null : new Tensor(dx.storage, xt.shape.slice(), dx.dtype), dw, db];
}

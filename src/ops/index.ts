// keras.ops, spelled in camelCase. Each op validates its arguments,
// computes the output shape and dtype, then runs one kernel.
export { cast, convertToTensor, stopGradient } from "./core.js";
export {
  add, subtract, multiply, divide, power, maximum, minimum,
  equal, notEqual, greater, greaterEqual, less, lessEqual, type BinaryOp,
} from "./elementwise.js";
export {
  reshape, transpose, expandDims, squeeze, concatenate, stack, slice, take, oneHot, broadcastTo,
} from "./shape_ops.js";
export { ones, zeros, full, fullLike, onesLike, zerosLike, eye, arange } from "./creation.js";
export {
  sum, prod, mean, max, min, argmax, argmin, var, std, type Axis, type AxisArg, type ReduceOptions,
} from "./reduction.js";
export { negative, abs, absolute, square, sqrt, exp, expm1, log, log1p, tanh, erf, where, clip } from "./math.js";
export { relu, sigmoid, softplus, softmax, logSoftmax } from "./nn.js";
export { matmul } from "./linalg.js";
export { relu6, leakyRelu, elu, selu, gelu, silu, softsign, hardSigmoid, hardSilu, mish } from "./activation_ops.js";

/**
 * keras-wasm: the Keras 3 layers API for JavaScript runtimes, on
 * WebAssembly SIMD kernels.
 *
 * @example
 * import * as keras from "keras-wasm";
 * const y = keras.ops.matmul(keras.ops.ones([2, 3]), keras.ops.ones([3, 4]));
 * y.toArray(); // [[3, 3, 3, 3], [3, 3, 3, 3]]
 */
export { Tensor, type NestedArray } from "./tensor.js";
export { tensor, type TensorLike } from "./ops/convert.js";
export type { DType } from "./dtypes.js";
export { ValueError, KerasTypeError, NotImplementedError } from "./errors.js";
export { ready, useReferenceKernels, backendInfo } from "./backend/loader.js";
export { memoryStats } from "./backend/memory.js";
export * as ops from "./ops/index.js";

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
export { tensor, type TensorLike, type NestedInput } from "./ops/convert.js";
export type { DType, TypedArray } from "./dtypes.js";
export { ValueError, KerasTypeError, NotImplementedError, OverflowError } from "./errors.js";
export {
  ready, useReferenceKernels, useRelaxedSimd, backendInfo, type BackendInfo, type KernelState,
} from "./backend/loader.js";
export { memoryStats, type MemoryStats } from "./backend/memory.js";
export * as ops from "./ops/index.js";
export {
  Variable, type VariableOptions, type VariableInitializer, type InitializerFn, type Aggregation, type Penalty, type Projection,
} from "./variables.js";
export { valueAndGrad, grad, type ValueAndGrad } from "./autodiff/index.js";
export * as initializers from "./initializers/index.js";
export * as regularizers from "./regularizers/index.js";
export * as constraints from "./constraints/index.js";
export * as random from "./random/index.js";
export * as metrics from "./metrics/index.js";
export * as losses from "./losses/index.js";
export * as optimizers from "./optimizers/index.js";
export * as saving from "./saving/index.js";
export { Layer, InputSpec, type Shape } from "./layers/index.js";
export * as layers from "./layers/index.js";
export { Input, type InputOptions } from "./layers/core/input_layer.js";
export { KerasTensor, type KerasTensorOptions, type KerasHistory, type SymbolicTensor } from "./symbolic/keras_tensor.js";
export * as models from "./models/index.js";
export * as activations from "./activations/index.js";
export { clearSession } from "./utils/session.js";
export * as utils from "./utils/index.js";
export * as backend from "./utils/backend_api.js";
export * as config from "./config_api.js";
export { DTypePolicy, FloatDTypePolicy } from "./dtype_policies/index.js";
export * as dtypePolicies from "./dtype_policies/index.js";
export { Model, Sequential, type ModelOptions, type CompileOptions, type SequentialOptions, type FitOptions, type EvaluateOptions, type PredictOptions, type SummaryOptions } from "./models/index.js";
export * as callbacks from "./callbacks/index.js";

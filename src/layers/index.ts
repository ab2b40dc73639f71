// keras.layers: the Layer base class and InputSpec (built-in layers come next).
export { Layer, type LayerOptions, type CallOptions, type Shape, type TensorSpec } from "./layer.js";
export { InputSpec, assertInputCompatibility, type InputSpecOptions } from "./input_spec.js";
export { getKerasMask, setKerasMask } from "./masking.js";
export type { AddWeightOptions } from "./layer_weights.js";

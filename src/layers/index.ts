// keras.layers: the Layer base class, InputSpec, and the built-in layers
// (one per file, grouped as in Keras's keras/src/layers/).
export { Layer, type LayerOptions, type CallOptions, type Shape, type TensorSpec } from "./layer.js";
export { InputSpec, assertInputCompatibility, type InputSpecOptions } from "./input_spec.js";
export { getKerasMask, setKerasMask } from "./masking.js";
export type { AddWeightOptions } from "./layer_weights.js";

export { InputLayer, Input, type InputLayerOptions, type InputOptions } from "./core/input_layer.js";
export { Dense, type DenseOptions } from "./core/dense.js";
export { Embedding, type EmbeddingOptions } from "./core/embedding.js";
export { Masking, type MaskingOptions } from "./core/masking.js";
export { Activation, type ActivationOptions } from "./activations/activation.js";
export { ReLU, type ReLUOptions } from "./activations/relu.js";
export { LeakyReLU, type LeakyReLUOptions } from "./activations/leaky_relu.js";
export { ELU, type ELUOptions } from "./activations/elu.js";
export { Softmax, type SoftmaxOptions } from "./activations/softmax.js";
export { PReLU, type PReLUOptions } from "./activations/prelu.js";
export { Dropout, type DropoutOptions } from "./regularization/dropout.js";
export { SpatialDropout1D, type SpatialDropout1DOptions } from "./regularization/spatial_dropout1d.js";
export { GaussianNoise, type GaussianNoiseOptions } from "./regularization/gaussian_noise.js";
export { ActivityRegularization, type ActivityRegularizationOptions } from "./regularization/activity_regularization.js";
export { BatchNormalization, type BatchNormalizationOptions } from "./normalization/batch_normalization.js";
export { LayerNormalization, type LayerNormalizationOptions } from "./normalization/layer_normalization.js";
export { Flatten, type FlattenOptions } from "./reshaping/flatten.js";
export { Reshape, type ReshapeOptions } from "./reshaping/reshape.js";
export { Permute, type PermuteOptions } from "./reshaping/permute.js";
export { RepeatVector, type RepeatVectorOptions } from "./reshaping/repeat_vector.js";
export { GlobalAveragePooling1D, GlobalAveragePooling1D as GlobalAvgPool1D } from "./pooling/global_average_pooling1d.js";
export { GlobalMaxPooling1D, GlobalMaxPooling1D as GlobalMaxPool1D } from "./pooling/global_max_pooling1d.js";
export type { GlobalPoolingOptions } from "./pooling/base_global_pooling.js";
export { Add, add } from "./merging/add.js";
export { Subtract, subtract } from "./merging/subtract.js";
export { Multiply, multiply } from "./merging/multiply.js";
export { Average, average } from "./merging/average.js";
export { Maximum, maximum } from "./merging/maximum.js";
export { Minimum, minimum } from "./merging/minimum.js";
export { Concatenate, concatenate, type ConcatenateOptions } from "./merging/concatenate.js";
export { Dot, dot, type DotOptions } from "./merging/dot.js";
export { Rescaling, type RescalingOptions, type RescalingFactor } from "./preprocessing/rescaling.js";

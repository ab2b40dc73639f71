// keras.layers.Dense (keras/src/layers/core/dense.py): activation(x @ kernel + bias).
import { NotImplementedError, ValueError, describe } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../variables.js";
import { matmul } from "../../ops/linalg.js";
import { add } from "../../ops/elementwise.js";
import { dense, type DenseActivation } from "../../ops/dense.js";
import { linear, relu } from "../../activations/activations.js";
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import { get as getRegularizer, type Regularizer } from "../../regularizers/index.js";
import { get as getConstraint, type Constraint } from "../../constraints/index.js";
import { get as getActivation, serialize as serializeActivation, type ActivationFn } from "../../activations/index.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { constraintConfig, initializerConfig, positional, regularizerConfig, splitOptions, registerLayer } from "../layer_options.js";

/** The options of `Dense` (Keras's keyword arguments, camelCase). */
export interface DenseOptions extends LayerOptions {
  /** The size of the output's last axis. */
  units?: number;
  /** The activation applied to the output (a name, a function; default linear). */
  activation?: unknown;
  /** Whether the layer adds a bias vector (default true). */
  useBias?: boolean;
  /** Initializer of `kernel` (default `"glorot_uniform"`). */
  kernelInitializer?: unknown;
  /** Initializer of `bias` (default `"zeros"`). */
  biasInitializer?: unknown;
  /** Regularizer of `kernel` (its penalty is in `losses`). */
  kernelRegularizer?: unknown;
  /** Regularizer of `bias`. */
  biasRegularizer?: unknown;
  /** Constraint applied to `kernel` after each optimizer update. */
  kernelConstraint?: unknown;
  /** Constraint applied to `bias` after each optimizer update. */
  biasConstraint?: unknown;
  /** Only null (quantization is not supported). */
  quantizationConfig?: null;
}
const KEYS = [
  "units", "activation", "useBias", "kernelInitializer", "biasInitializer", "kernelRegularizer", "biasRegularizer",
  "kernelConstraint", "biasConstraint", "quantizationConfig",
] as const;

/**
 * A densely-connected layer: `activation(inputs @ kernel + bias)`, applied
 * on the last axis of inputs of rank >= 2. Weights `kernel` (inputDim x
 * units) and `bias` (units).
 *
 * @example
 * const dense = new keras.layers.Dense(4, { activation: "relu" });
 * const y = dense.apply(keras.ops.ones([2, 3])); // shape [2, 4]
 */
export class Dense extends Layer {
  static override className = "Dense";
  /** The size of the output's last axis. */
  readonly units: number;
  /** The activation applied to the output (a name, a function; default linear). */
  activation: ActivationFn;
  /** Whether the layer adds a bias vector (default true). */
  readonly useBias: boolean;
  /** Initializer of `kernel` (default `"glorot_uniform"`). */
  kernelInitializer: Initializer;
  /** Initializer of `bias` (default `"zeros"`). */
  biasInitializer: Initializer;
  /** Regularizer of `kernel` (its penalty is in `losses`). */
  kernelRegularizer: Regularizer | null;
  /** Regularizer of `bias`. */
  biasRegularizer: Regularizer | null;
  /** Constraint applied to `kernel` after each optimizer update. */
  kernelConstraint: Constraint | null;
  /** Constraint applied to `bias` after each optimizer update. */
  biasConstraint: Constraint | null;
  /** The weight matrix, `[inputDim, units]` (after build). */
  kernel!: Variable;
  /** The bias vector, `[units]`, or null without `useBias`. */
  bias: Variable | null = null;

  constructor(units: number | DenseOptions, options?: Omit<DenseOptions, "units">) {
    const [o, base] = splitOptions(positional<DenseOptions>(units, options, "units"), KEYS, "Dense");
    const u = o.units;
    if (typeof u !== "number" || !Number.isInteger(u) || u <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${describe(u)} (layer Dense)`);
    }
    if (o.quantizationConfig != null) throw new NotImplementedError("Dense: `quantizationConfig` is not supported; pass null");
    super(base);
    this.units = u;
    this.activation = getActivation(o.activation ?? null);
    this.useBias = (o.useBias as boolean | undefined) ?? true;
    this.kernelInitializer = getInitializer(o.kernelInitializer ?? "glorot_uniform")!;
    this.biasInitializer = getInitializer(o.biasInitializer ?? "zeros")!;
    this.kernelRegularizer = getRegularizer(o.kernelRegularizer ?? null);
    this.biasRegularizer = getRegularizer(o.biasRegularizer ?? null);
    this.kernelConstraint = getConstraint(o.kernelConstraint ?? null);
    this.biasConstraint = getConstraint(o.biasConstraint ?? null);
    this.inputSpec = new InputSpec({ minNdim: 2 });
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (typeof inputDim !== "number") {
      throw new ValueError(`Dense: the last dimension of the inputs must be known to build layer '${this.name}'. Received: input_shape=${describe(inputShape)}`);
    }
    this.kernel = this.addWeight({
      name: "kernel", shape: [inputDim, this.units], initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias", shape: [this.units], initializer: this.biasInitializer,
        regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      });
    }
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: inputDim } });
  }

  override call(inputs: Tensor): Tensor {
    const kernel = this.kernel.value;
    const bias = this.bias === null ? null : this.bias.value;
    // One fused kernel (same bits) when it applies: float32 / float64
    // throughout, a linear or relu activation.
    const act: DenseActivation | null = this.activation === relu ? "relu" : this.activation === linear ? "linear" : null;
    const dt = inputs.dtype;
    if (act !== null && (dt === "float32" || dt === "float64") && kernel.dtype === dt && (bias === null || bias.dtype === dt)) {
      return dense(inputs, kernel, bias, act);
    }
    let x = matmul(inputs, kernel);
    if (bias !== null) x = add(x, bias);
    return this.activation(x);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      /** The size of the output's last axis. */
      units: this.units,
      /** The activation applied to the output (a name, a function; default linear). */
      activation: serializeActivation(this.activation),
      /** Whether the layer adds a bias vector (default true). */
      useBias: this.useBias,
      /** Initializer of `kernel` (default `"glorot_uniform"`). */
      kernelInitializer: initializerConfig(this.kernelInitializer),
      /** Initializer of `bias` (default `"zeros"`). */
      biasInitializer: initializerConfig(this.biasInitializer),
      /** Regularizer of `kernel` (its penalty is in `losses`). */
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      /** Regularizer of `bias`. */
      biasRegularizer: regularizerConfig(this.biasRegularizer),
      /** Constraint applied to `kernel` after each optimizer update. */
      kernelConstraint: constraintConfig(this.kernelConstraint),
      /** Constraint applied to `bias` after each optimizer update. */
      biasConstraint: constraintConfig(this.biasConstraint),
      quantizationConfig: null,
    };
  }
}
registerLayer(Dense, ["Dense"]);

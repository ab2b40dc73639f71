// Small layers the Layer tests use in place of built-in layers that do not
// exist yet: a dense layer (Keras's Dense math: x @ kernel + bias) and a
// training-dependent layer (Dropout(0.9)'s role in Keras's tests: all zeros
// when training, the input otherwise).
import { Layer, type LayerOptions, type CallOptions, type Shape } from "../../src/layers/layer.js";
import type { Variable } from "../../src/variables.js";
import type { Tensor } from "../../src/tensor.js";
import { add, multiply } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/linalg.js";
import { InputSpec } from "../../src/layers/input_spec.js";
import { registerKerasSerializable } from "../../src/saving/serialization.js";

export interface TestDenseOptions extends LayerOptions {
  units: number;
  useBias?: boolean;
  kernelInitializer?: string;
  kernelRegularizer?: unknown;
}

export class TestDense extends Layer {
  static override className = "TestDense";
  units: number;
  useBias: boolean;
  kernelInitializer: string;
  kernelRegularizer: unknown;
  kernel!: Variable;
  bias: Variable | null = null;
  constructor(units: number | TestDenseOptions, options: Partial<TestDenseOptions> = {}) {
    const o = typeof units === "number" ? { ...options, units } : { ...units, ...options };
    const { units: u, useBias, kernelInitializer, kernelRegularizer, ...base } = o;
    super(base);
    this.units = u;
    this.useBias = useBias ?? true;
    this.kernelInitializer = kernelInitializer ?? "glorot_uniform";
    this.kernelRegularizer = kernelRegularizer ?? null;
    this.inputSpec = new InputSpec({ minNdim: 2 }); // as Keras's Dense
  }
  override build(inputShape: Shape): void {
    this.kernel = this.addWeight({
      shape: [inputShape[inputShape.length - 1]!, this.units], initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer, name: "kernel",
    });
    if (this.useBias) this.bias = this.addWeight({ shape: [this.units], initializer: "zeros", name: "bias" });
  }
  override call(x: Tensor): Tensor {
    const y = matmul(x, this.kernel);
    return this.bias ? add(y, this.bias) : y;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias, kernelInitializer: this.kernelInitializer };
  }
}
registerKerasSerializable(TestDense, { package: "test" });

/** Zeros when training, the input otherwise (what Keras's tests use Dropout(0.9) for). */
export class DropLike extends Layer {
  seen: (boolean | undefined)[] = [];
  override call(x: Tensor, { training }: CallOptions = {}): Tensor {
    this.seen.push(training);
    return training ? multiply(x, 0) : x;
  }
}

export { fixture } from "../helpers/fixtures.js";

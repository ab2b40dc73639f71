// keras.layers.PReLU (keras/src/layers/activations/prelu.py).
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../variables.js";
import { add, multiply } from "../../ops/elementwise.js";
import { negative } from "../../ops/math.js";
import { relu } from "../../ops/nn.js";
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import { get as getRegularizer, type Regularizer } from "../../regularizers/index.js";
import { get as getConstraint, type Constraint } from "../../constraints/index.js";
import { InputSpec } from "../input_spec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { constraintConfig, initializerConfig, regularizerConfig, registerLayer, splitOptions } from "../layer_options.js";

/** The options of `PReLU` (Keras's keyword arguments, camelCase). */
export interface PReLUOptions extends LayerOptions {
  /** Initializer of `alpha` (default `"Zeros"`). */
  alphaInitializer?: unknown;
  /** Regularizer of `alpha`. */
  alphaRegularizer?: unknown;
  /** Constraint applied to `alpha` after each optimizer update. */
  alphaConstraint?: unknown;
  /** Axes (counted with the batch axis as 0) along which one slope is shared. */
  sharedAxes?: number | number[] | null;
}

/**
 * Parametric relu: `x` for x >= 0, `alpha * x` below, with a learned
 * slope `alpha` per input position (shared along `sharedAxes`).
 *
 * @example
 * const prelu = new keras.layers.PReLU({ alphaInitializer: new keras.initializers.Constant(0.1) });
 * prelu.apply([[-10, 5]]).toArray(); // [[-1, 5]]
 */
export class PReLU extends Layer {
  static override className = "PReLU";
  /** Initializer of `alpha`. */
  alphaInitializer: Initializer;
  /** Regularizer of `alpha`. */
  alphaRegularizer: Regularizer | null;
  /** Constraint of `alpha`. */
  alphaConstraint: Constraint | null;
  /** Axes along which one slope is shared (null: none). */
  readonly sharedAxes: number[] | null;
  /** The learned slopes (after build). */
  alpha!: Variable;

  constructor(options: PReLUOptions = {}) {
    const [o, base] = splitOptions(options as Record<string, unknown>, ["alphaInitializer", "alphaRegularizer", "alphaConstraint", "sharedAxes"], "PReLU");
    super(base);
    this.supportsMasking = true;
    this.alphaInitializer = getInitializer(o.alphaInitializer ?? "Zeros")!;
    this.alphaRegularizer = getRegularizer(o.alphaRegularizer ?? null);
    this.alphaConstraint = getConstraint(o.alphaConstraint ?? null);
    const s = o.sharedAxes;
    this.sharedAxes = s === null || s === undefined ? null : Array.isArray(s) ? [...s] : [s as number];
  }

  override build(inputShape: Shape): void {
    const shape = inputShape.slice(1).map((d, i) => (this.sharedAxes?.includes(i + 1) ? 1 : d)) as number[];
    this.alpha = this.addWeight({
      name: "alpha", shape, initializer: this.alphaInitializer, regularizer: this.alphaRegularizer, constraint: this.alphaConstraint,
    });
    const axes: Record<number, number | null> = {};
    if (this.sharedAxes) for (let i = 1; i < inputShape.length; i++) if (!this.sharedAxes.includes(i)) axes[i] = inputShape[i] ?? null;
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes });
  }

  override call(inputs: Tensor): Tensor {
    return add(relu(inputs), multiply(negative(this.alpha), relu(negative(inputs))));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      alphaInitializer: initializerConfig(this.alphaInitializer),
      alphaRegularizer: regularizerConfig(this.alphaRegularizer),
      alphaConstraint: constraintConfig(this.alphaConstraint),
      sharedAxes: this.sharedAxes === null ? null : [...this.sharedAxes],
    };
  }
}
registerLayer(PReLU, ["PReLU"]);

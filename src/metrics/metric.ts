// keras.metrics: the Metric base class and the Mean / Sum reductions
// (Keras 3's metrics/metric.py and reduction_metrics.py).
import { standardizeDtype, type DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { type TensorLike } from "../ops/convert.js";
import { cast, toTensor } from "../ops/core.js";
import { multiply } from "../ops/elementwise.js";
import { mean, sum } from "../ops/reduction.js";
import { broadcastTo } from "../ops/shape_ops.js";
import { zeros } from "../ops/creation.js";
import { Variable, type Aggregation, type VariableInitializer } from "../variables.js";
import { autoName, nameScope } from "../utils/naming.js";
import { registerBuiltin } from "../saving/serialization.js";
import { checkOptions } from "../initializers/initializer.js";
import { get as getInitializer } from "../initializers/index.js";
import { getKerasMask } from "../layers/masking.js";
import { applyMask, checkBroadcast, divideNoNan, squeezeOrExpandToSameRank } from "../losses/loss.js";
import { classNameOf } from "../saving/object_registration.js";

/** Options every metric's constructor accepts. */
export interface MetricOptions {
  /** The metric's name (default: the class name in snake_case). */
  name?: string | null;
  /** The dtype of the state and the result (default `floatx()`). */
  dtype?: DType | string | null;
}

/**
 * Base class of metrics: state held in variables (`addVariable`), updated
 * by `updateState`, read by `result`, cleared by `resetState`.
 *
 * @example
 * class Count extends keras.metrics.Metric {
 *   constructor() { super(); this.n = this.addVariable({ shape: [], initializer: "zeros", name: "n" }); }
 *   updateState(x) { this.n.assignAdd(keras.ops.cast(x.size ?? 1, "float32")); }
 *   result() { return this.n.value; }
 * }
 * const count = new Count();
 * count.updateState(keras.ops.ones([3]));
 * count.result().item(); // 3
 */
export abstract class Metric {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "Metric";
  /** The metric's name. */
  readonly name: string;
  /** The dtype of the state and the result. */
  readonly dtype: DType;
  readonly #variables: Variable[] = [];

  constructor(options: MetricOptions = {}) {
    checkOptions(classNameOf(new.target), options, ["name", "dtype"]);
    this.name = options.name ?? autoName(classNameOf(new.target));
    this.dtype = standardizeDtype(options.dtype ?? "float32");
  }

  /** The metric's state variables, in creation order. */
  get variables(): Variable[] {
    return this.#variables.slice();
  }

  /** Creates a non-trainable state variable with path `<metric name>/<name>`. */
  addVariable(options: { shape?: readonly number[]; initializer?: VariableInitializer; dtype?: DType | string | null; aggregation?: Aggregation; name?: string }): Variable {
    // As Keras's add_variable: names resolve through keras.initializers here.
    const init = options.initializer ?? "zeros";
    const v = nameScope(this.name, () => new Variable(typeof init === "string" ? getInitializer(init)! : init, {
      shape: options.shape ?? [], dtype: options.dtype ?? this.dtype, trainable: false,
      aggregation: options.aggregation ?? "sum", name: options.name ?? null,
    }));
    this.#variables.push(v);
    return v;
  }

  /** Accumulates new observations into the state variables. */
  abstract updateState(...args: unknown[]): void;
  /** The metric's value from the current state. */
  abstract result(): Tensor;

  /** Sets every state variable back to zeros. */
  resetState(): void {
    for (const v of this.#variables) v.assign(zeros(v.shape, v.dtype));
  }

  /** Keras's `__call__`: `updateState(...)`, then `result()`. */
  apply(...args: unknown[]): Tensor {
    this.updateState(...args);
    return this.result();
  }

  /** The constructor options that rebuild this metric (`name`, `dtype`). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype };
  }

  /** Rebuilds a metric from `getConfig()`'s output. */
  static fromConfig<T extends Metric>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

type ReduceFn = (x: Tensor, axis: number[]) => Tensor;

/**
 * Keras's `reduce_to_samplewise_values`: per-sample values (reduced with
 * `reduceFn` over the axes past the weights' rank, then past the first)
 * and per-sample weights; a mask on `values` joins the weights.
 */
function samplewise(values: TensorLike, sampleWeight: TensorLike | null | undefined, dtype: DType, reduceFn: ReduceFn): [Tensor, Tensor | null] {
  const mask = getKerasMask(values);
  let v = cast(toTensor(values, "Metric.updateState", "values"), dtype);
  let w: Tensor | null = null;
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  if (sampleWeight != null) {
    w = cast(toTensor(sampleWeight, "Metric.updateState", "sampleWeight"), dtype);
    w = applyMask(w, mask, dtype, "sum")!;
    [v, w] = squeezeOrExpandToSameRank(v, w);
    if (w.ndim > v.ndim) {
      throw new ValueError(`Metric.updateState: sampleWeight of rank ${w.ndim} cannot weight values of rank ${v.ndim}`);
    }
    if (v.ndim > w.ndim) v = reduceFn(v, range(w.ndim, v.ndim));
    checkBroadcast(v.shape, w.shape, "Metric.updateState", "sampleWeight", "the values");
    w = broadcastTo(w, v.shape);
    v = multiply(v, w);
    if (w.ndim > 1) w = reduceFn(w, range(1, w.ndim));
  }
  if (v.ndim > 1) v = reduceFn(v, range(1, v.ndim));
  return [v, w];
}

/**
 * The (weighted) mean of the values seen: `total / count`.
 *
 * @example
 * const m = new keras.metrics.Mean();
 * m.updateState([1, 3, 5, 7]);
 * m.result().item(); // 4
 */
export class Mean extends Metric {
  /** The weighted sum of the values seen. */
  readonly total: Variable;
  /** The sum of the weights seen (the number of values when unweighted). */
  readonly count: Variable;
  constructor(options: MetricOptions = {}) {
    super({ name: "mean", ...options });
    this.total = this.addVariable({ name: "total" });
    this.count = this.addVariable({ name: "count" });
  }
  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const [v, w] = samplewise(values, sampleWeight, this.dtype, mean);
    this.total.assignAdd(sum(v));
    this.count.assignAdd(w !== null ? sum(w) : v.ndim >= 1 ? v.shape[0]! : 1);
  }
  result(): Tensor {
    return divideNoNan(this.total.value, this.count.value); // 0 while nothing has been counted
  }
}

/**
 * The (weighted) sum of the values seen.
 *
 * @example
 * const s = new keras.metrics.Sum();
 * s.updateState([1, 3, 5, 7]);
 * s.result().item(); // 16
 */
export class Sum extends Metric {
  /** The weighted sum of the values seen. */
  readonly total: Variable;
  constructor(options: MetricOptions = {}) {
    super({ name: "sum", ...options });
    this.total = this.addVariable({ name: "total" });
  }
  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const [v] = samplewise(values, sampleWeight, this.dtype, sum);
    this.total.assignAdd(sum(v));
  }
  result(): Tensor {
    return this.total.value;
  }
}

registerBuiltin(Mean, "keras.metrics", ["Mean"]);
registerBuiltin(Sum, "keras.metrics", ["Sum"]);

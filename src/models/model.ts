// keras.Model (Keras 3's models/model.py + trainers/trainer.py): a Layer
// that trains. compile() resolves the optimizer, loss and metrics; fit /
// evaluate / predict run the loops of trainer.ts around trainStep /
// testStep / predictStep, which subclasses may override as in Keras 3.
import { NotImplementedError, ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { floatx } from "../config/floatx.js";
import { add } from "../ops/elementwise.js";
import { stopGradient } from "../ops/core.js";
import { sum } from "../ops/reduction.js";
import { valueAndGrad } from "../autodiff/index.js";
import { Layer, type LayerOptions } from "../layers/layer.js";
import { isPlainObject, mapStructure } from "../layers/structure.js";
import type { Optimizer } from "../optimizers/index.js";
import { Mean, Metric } from "../metrics/index.js";
import type { History } from "../callbacks/history.js";
import type { Logs } from "../callbacks/callback.js";
import { CompileLoss, CompileMetrics, additionalLoss } from "./trainer_compile.js";
import { evaluateLoop, fit, predictLoop, scoped, toLogs, type EvaluateOptions, type FitOptions, type PredictOptions } from "./trainer.js";
import { batchOf, batchSizeOf, toData } from "./trainer_data.js";
import { summary, type SummaryOptions } from "./summary.js";
import { compileConfigOf, compileOptionsFromConfig, resolveCompile, type CompileArgs, type CompileOptions } from "./compile_config.js";
import { modelIO } from "./model_io.js";
import type { DeserializeOptions } from "../saving/serialization.js";

/** Options of `new Model(...)`: the base layer options, or `inputs` / `outputs` for a functional model. */
export interface ModelOptions extends LayerOptions {
  /** The functional model's inputs (symbolic tensors from `Input()`). */
  inputs?: unknown;
  /** The functional model's outputs. */
  outputs?: unknown;
}

export type { CompileOptions } from "./compile_config.js";

const TRAINER = Symbol("keras.trainer");

interface TrainerState {
  optimizer: Optimizer | null;
  compileLoss: CompileLoss | null;
  compileMetrics: CompileMetrics | null;
  lossTracker: Mean | null;
  compiled: boolean;
  stopTraining: boolean;
  history: History | null;
  compileArgs: CompileArgs | null;
}

/**
 * A model: a `Layer` with training. Subclass it and write `call` (a
 * subclassed model), or use `Sequential` or the functional
 * `new Model({ inputs, outputs })`. `compile`, then `fit`, `evaluate`,
 * `predict` (async), or the synchronous `trainOnBatch`, `testOnBatch`,
 * `predictOnBatch`.
 *
 * @example
 * class TwoLayers extends keras.Model {
 *   constructor() {
 *     super();
 *     this.hidden = new keras.layers.Dense(4, { activation: "relu" });
 *     this.out = new keras.layers.Dense(1);
 *   }
 *   call(x) { return this.out.apply(this.hidden.apply(x)); }
 * }
 * const model = new TwoLayers();
 * model.compile({ optimizer: "sgd", loss: "mse" });
 * const history = await model.fit([[0, 1], [1, 0]], [[1], [0]], { epochs: 2, verbose: 0 });
 * history.history.loss.length; // 2
 */
export class Model extends Layer {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "Model";
  /**
   * Set by the functional-model module: builds the functional model that
   * `new Model({ inputs, outputs })` returns (Keras does this in
   * `Model.__new__`). Until it is set, such a call throws.
   */
  static functionalFactory: ((options: ModelOptions) => Model) | null = null;
  /** @internal */
  declare readonly [TRAINER]: TrainerState;

  constructor(options: ModelOptions = {}) {
    if (isPlainObject(options) && ("inputs" in options || "outputs" in options)) {
      if (new.target === Model) {
        if (Model.functionalFactory === null) throw new NotImplementedError("Functional models (`new Model({ inputs, outputs })`) are not available yet.");
        return Model.functionalFactory(options);
      }
      const { inputs: _i, outputs: _o, ...rest } = options;
      options = rest;
    }
    super(options);
    const state: TrainerState = {
      optimizer: null, compileLoss: null, compileMetrics: null, lossTracker: null, compiled: false, stopTraining: false, history: null, compileArgs: null,
    };
    Object.defineProperty(this, TRAINER, { value: state });
  }

  /** The compiled optimizer, or null before `compile`. */
  get optimizer(): Optimizer | null { return this[TRAINER].optimizer; }
  /** Replaces the optimizer. */
  set optimizer(value: Optimizer | null) { this[TRAINER].optimizer = value; }
  /** Set to true (from a callback) to stop `fit` after the current batch. */
  get stopTraining(): boolean { return this[TRAINER].stopTraining; }
  /** Requests (or cancels) a stop. */
  set stopTraining(value: boolean) { this[TRAINER].stopTraining = Boolean(value); }
  /** The `History` of the last `fit`. */
  get history(): History | null { return this[TRAINER].history; }
  /** Set by `fit`. */
  set history(value: History | null) { this[TRAINER].history = value; }
  /** Whether `compile` has run. */
  get compiled(): boolean { return this[TRAINER].compiled; }

  /** The direct sub-layers (Keras's `model.layers`). */
  get layers(): Layer[] {
    return this._flattenLayers(false, false);
  }

  /**
   * A layer by name (or by index in `layers`).
   *
   * @example
   * const model = new keras.Sequential([new keras.layers.Dense(2, { name: "d" })]);
   * model.getLayer("d").name; // "d"
   */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === "number") {
      if (!Number.isInteger(nameOrIndex) || nameOrIndex < 0 || nameOrIndex >= layers.length) {
        throw new ValueError(`Was asked to retrieve layer at index ${nameOrIndex} but model only has ${layers.length} layers.`);
      }
      return layers[nameOrIndex]!;
    }
    if (typeof nameOrIndex !== "string") throw new ValueError("Provide either a layer name or layer index at `get_layer`.");
    const hit = layers.find((l) => l.name === nameOrIndex);
    if (hit === undefined) throw new ValueError(`No such layer: ${nameOrIndex}. Existing layers are: [${layers.map((l) => `'${l.name}'`).join(", ")}].`);
    return hit;
  }

  /**
   * Configures training: the optimizer (default `"rmsprop"`), the loss, its
   * weights per output, and metrics. Names are Keras's identifiers.
   *
   * @example
   * const model = new keras.Sequential([new keras.layers.Dense(3)]);
   * model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
   * model.optimizer.name; // "adam"
   */
  compile(options: CompileOptions = {}): void {
    const { optimizer, args } = resolveCompile(options, this.dtypePolicy.name);
    const names = (this as { outputNames?: string[] }).outputNames ?? [];
    const s = this[TRAINER];
    s.compileLoss = options.loss == null ? null : new CompileLoss(options.loss, options.lossWeights ?? null, names);
    s.compileMetrics = options.metrics == null && options.weightedMetrics == null ? null : new CompileMetrics(options.metrics ?? null, options.weightedMetrics ?? null, names);
    s.optimizer = optimizer;
    s.lossTracker = new Mean({ name: "loss" });
    s.stopTraining = false;
    s.compiled = true;
    s.compileArgs = args;
  }

  /**
   * Keras's `Model.build_from_config`: a subclassed model with no `build` of
   * its own is built by running `call` (symbolically) on the recorded input
   * shape, so its sub-layers exist before saved weights are loaded.
   */
  override buildFromConfig(config: Record<string, unknown> | null): void {
    super.buildFromConfig(config);
    if (config && Object.hasOwn(config, "inputShape") && this._flattenLayers(false).some((l) => !l.built)) {
      this.computeOutputSpec({ shape: config.inputShape, dtype: this.computeDtype });
    }
  }

  /** Keras's `get_compile_config`: the `compile` arguments as Keras JSON (`{}` before `compile`). */
  getCompileConfig(): Record<string, unknown> {
    return compileConfigOf(this[TRAINER].compileArgs);
  }

  /**
   * Keras's `compile_from_config`: compiles with a `getCompileConfig()`
   * output (as read from an archive), then builds the optimizer's state if
   * the model is built, so saved optimizer variables can be loaded into it.
   */
  compileFromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): void {
    this.compile(compileOptionsFromConfig(config, options) as CompileOptions);
    if (this.built) this.optimizer!.build(this.trainableVariables);
  }

  /** Saves the model as a `.keras` archive at `filepath` (Node, Deno; elsewhere `keras.saving.saveModel(model)` gives the bytes). */
  async save(filepath: string): Promise<void> {
    await modelIO().save(this, filepath);
  }

  /** Keras's `save_weights`: weights and optimizer state as `.weights.h5` bytes, also written to `filepath` if given (Node, Deno). */
  async saveWeights(filepath?: string): Promise<Uint8Array> {
    return modelIO().saveWeights(this, filepath);
  }

  /** Keras's `load_weights`, from `.weights.h5` or `.keras` bytes or a path (Node, Deno); all checked before any is assigned. */
  async loadWeights(source: Uint8Array | ArrayBuffer | string): Promise<void> {
    await modelIO().loadWeights(this, source);
  }

  /** @internal Keras's `_assert_compile_called`. */
  _assertCompiled(method: string): void {
    if (!this[TRAINER].compiled) throw new ValueError(`You must call \`compile()\` before calling \`${method}()\`.`);
  }

  /** @internal Builds an unbuilt model with one inference call on a batch (its state must exist before gradients). */
  _ensureBuilt(x: unknown): void {
    if (this.built) return;
    scoped(() => void this.apply(x, { training: false }));
  }

  /** The model's metrics: the loss tracker, the compiled metrics, then the layers' own. */
  override get metrics(): Metric[] {
    const s = this[TRAINER];
    const out: Metric[] = [];
    if (s.lossTracker !== null) out.push(s.lossTracker);
    if (s.compileMetrics !== null) out.push(...s.compileMetrics.list);
    if (s.compileLoss !== null) out.push(...s.compileLoss.metrics);
    return [...out, ...(super.metrics as Metric[])];
  }

  /** The names of `metrics` (`"loss"` first). */
  get metricsNames(): string[] {
    return this.metrics.map((m) => m.name);
  }

  /** @internal */
  _resetMetrics(): void { this.resetMetrics(); }

  /** Clears every metric's state (fit does it at each epoch). */
  resetMetrics(): void {
    const s = this[TRAINER];
    s.lossTracker?.resetState();
    s.compileMetrics?.resetState();
    for (const m of s.compileLoss?.metrics ?? []) m.resetState();
    for (const m of super.metrics as Metric[]) m.resetState();
  }

  /**
   * The total loss of a batch: the compiled loss plus every loss the layers
   * added (`model.losses`: weight and activity regularizers, `addLoss`).
   */
  computeLoss(args: { x?: unknown; y?: unknown; yPred: unknown; sampleWeight?: unknown; training?: boolean }): Tensor {
    const s = this[TRAINER];
    const parts: Tensor[] = [];
    const compiled = s.compileLoss?.apply(args.y ?? null, args.yPred, args.sampleWeight ?? null) ?? null;
    if (compiled !== null) parts.push(compiled);
    for (const l of this.losses) parts.push(sum(additionalLoss(l, floatx())));
    if (parts.length === 0) throw new ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
    return parts.reduce((a, b) => add(a, b));
  }

  /** Updates the compiled metrics with a batch and returns `getMetricsResult()`. */
  computeMetrics(_x: unknown, y: unknown, yPred: unknown, sampleWeight?: unknown): Record<string, Tensor> {
    this[TRAINER].compileMetrics?.updateState(y, yPred, sampleWeight ?? null);
    return this.getMetricsResult();
  }

  /** Name -> current value of each metric (`loss` first). */
  getMetricsResult(): Record<string, Tensor> {
    const s = this[TRAINER];
    const out: Record<string, Tensor> = {};
    if (s.lossTracker !== null) out.loss = s.lossTracker.result();
    Object.assign(out, s.compileMetrics?.result() ?? {});
    for (const m of s.compileLoss?.metrics ?? []) out[m.name] = m.result();
    for (const m of super.metrics as Metric[]) out[m.name] = m.result();
    return out;
  }

  /** @internal The current metric values as numbers. */
  _metricsResult(): Logs {
    return toLogs(this.getMetricsResult());
  }

  /**
   * One training step on a batch `[x, y, sampleWeight]`: forward pass,
   * loss, gradients (`valueAndGrad`), `optimizer.apply`, metric updates;
   * returns the metrics' running values. Override it to customize `fit`.
   */
  trainStep(data: [unknown, unknown, unknown]): Record<string, unknown> {
    const [x, y, sampleWeight] = data;
    const s = this[TRAINER];
    const variables = this.trainableVariables;
    const opt = s.optimizer!;
    const forward = (): Tensor => {
      const yPred = this.apply(x, { training: true });
      const loss = this.computeLoss({ x, y, yPred, sampleWeight, training: true });
      // Metrics and the loss tracker read the batch here, off the tape (their inputs are released after the step).
      s.lossTracker!.updateState(stopGradient(loss), batchSizeOf(x));
      this.computeMetrics(x, y, mapStructure(yPred, (t) => (t instanceof Tensor ? stopGradient(t) : t)), sampleWeight);
      return opt.scaleLoss(loss);
    };
    if (variables.length === 0) {
      console.warn("The model does not have any trainable weights.");
      forward();
    } else {
      const { grads } = valueAndGrad(forward, variables);
      opt.apply(grads, variables);
    }
    return this.getMetricsResult();
  }

  /** One evaluation step on a batch: loss and metric updates; returns the metrics' running values. */
  testStep(data: [unknown, unknown, unknown]): Record<string, unknown> {
    const [x, y, sampleWeight] = data;
    const yPred = this.apply(x, { training: false });
    const loss = this.computeLoss({ x, y, yPred, sampleWeight, training: false });
    this[TRAINER].lossTracker!.updateState(loss, batchSizeOf(x));
    return this.computeMetrics(x, y, yPred, sampleWeight);
  }

  /** One prediction step: the model's outputs for a batch. */
  predictStep(data: [unknown, unknown, unknown]): unknown {
    return this.apply(data[0], { training: false });
  }

  /**
   * Trains for `epochs` passes over `x` / `y` (tensors, nested arrays,
   * typed arrays, objects by input name) in batches (default 32), or over
   * an (async) iterable of `[x, y]` batches. Resolves to the `History`.
   */
  fit(x: unknown, y?: unknown, options: FitOptions = {}): Promise<History> {
    return fit(this as never, x, y ?? null, options);
  }

  /** The loss and metrics over the data: `[loss, ...metrics]`, the loss alone, or an object with `returnDict`. */
  async evaluate(x: unknown, y?: unknown, options: EvaluateOptions = {}): Promise<number | number[] | Logs> {
    this._assertCompiled("evaluate");
    const { returnDict = false, ...rest } = options;
    const logs = await evaluateLoop(this as never, x, { y: y ?? null, ...rest });
    return returnDict ? logs : this.#flatLogs(logs);
  }

  /** The outputs for `x`, computed in batches (default 32) and concatenated. */
  predict(x: unknown, options: PredictOptions = {}): Promise<Tensor | unknown> {
    return predictLoop(this as never, x, options);
  }

  /** One training step on one batch (synchronous); returns `[loss, ...metrics]`, the loss alone, or an object with `returnDict`. */
  trainOnBatch(x: unknown, y?: unknown, options: { sampleWeight?: unknown; classWeight?: unknown; returnDict?: boolean } = {}): number | number[] | Logs {
    this._assertCompiled("train_on_batch");
    const logs = scoped(() => {
      const data = batchOf(x, y, options.sampleWeight, options.classWeight);
      this._ensureBuilt(data[0]);
      return toLogs(this.trainStep(data));
    });
    return options.returnDict ? logs : this.#flatLogs(logs);
  }

  /** One evaluation step on one batch (synchronous). */
  testOnBatch(x: unknown, y?: unknown, options: { sampleWeight?: unknown; returnDict?: boolean } = {}): number | number[] | Logs {
    this._assertCompiled("test_on_batch");
    const logs = scoped(() => {
      const data = batchOf(x, y, options.sampleWeight, null);
      this._ensureBuilt(data[0]);
      return toLogs(this.testStep(data));
    });
    return options.returnDict ? logs : this.#flatLogs(logs);
  }

  /** The outputs for one batch (synchronous). */
  predictOnBatch(x: unknown): unknown {
    return scoped(() => this.predictStep([toData(x, "x"), null, null]), (out) => out);
  }

  /** Keras's `_flatten_metrics_in_order`: loss first, then metrics in compile order; one value alone. */
  #flatLogs(logs: Logs): number | number[] {
    const order = this.metricsNames.filter((n) => n in logs);
    const rest = Object.keys(logs).filter((k) => !order.includes(k));
    const values = [...order, ...rest].map((k) => logs[k]!);
    return values.length === 1 ? values[0]! : values;
  }

  /**
   * Prints Keras's summary table (or passes it to `printFn`) and returns it.
   *
   * @example
   * const model = new keras.Sequential([new keras.layers.InputLayer({ shape: [4] }), new keras.layers.Dense(3)]);
   * const text = model.summary({ printFn: () => {} });
   * text.includes("Total params: 15 (60.00 B)"); // true
   */
  summary(options: SummaryOptions = {}): string {
    return summary(this, options);
  }
}


// The arguments of `compile()`: checked and resolved (Keras's
// Trainer.compile), and Keras's `get_compile_config` / `compile_from_config`:
// the same arguments as Keras JSON (written into a `.keras` archive's
// config), and the call that compiles a loaded model with them again.
import { ValueError, describe } from "../errors.js";
import { isPlainObject } from "../layers/structure.js";
import { deserializeKerasObject, type DeserializeOptions } from "../saving/serialization.js";
import { LossScaleOptimizer, Optimizer, get as getOptimizer } from "../optimizers/index.js";
import { get as getLoss } from "../losses/index.js";
import { get as getMetric } from "../metrics/index.js";

/** Options of `compile` (Keras's keyword arguments, camelCase). */
export interface CompileOptions {
  /** An optimizer or its name (default `"rmsprop"`). */
  optimizer?: Optimizer | string | Record<string, unknown>;
  /** A loss, its name, or a function `(yTrue, yPred) => perSampleLosses`; a list / object for several outputs. */
  loss?: unknown;
  /** Scalar weights of the outputs' losses (a list, or an object by output name). */
  lossWeights?: number | number[] | Record<string, number> | null;
  /** Metrics or names (`"accuracy"` resolves from the shapes of y and the outputs). */
  metrics?: unknown[] | Record<string, unknown> | null;
  /** Metrics that are weighted by `sampleWeight` / `classWeight`. */
  weightedMetrics?: unknown[] | Record<string, unknown> | null;
  /** Under a `"mixed_float16"` policy, wrap the optimizer in a `LossScaleOptimizer` (default true). */
  autoScaleLoss?: boolean;
}

const COMPILE_KEYS = ["optimizer", "loss", "lossWeights", "metrics", "weightedMetrics", "autoScaleLoss"];

/** Strings are checked at compile time (so a typo fails before any training); the shape-dependent ones later. */
function checkNames(spec: unknown, get: (id: unknown) => unknown, deferred: string[]): void {
  if (typeof spec === "string") {
    if (!deferred.includes(spec.toLowerCase())) get(spec);
  } else if (Array.isArray(spec)) for (const s of spec) checkNames(s, get, deferred);
  else if (isPlainObject(spec)) for (const s of Object.values(spec)) checkNames(s, get, deferred);
}

/** What `compile` received, with the optimizer already resolved (as Keras records it). */
export interface CompileArgs {
  optimizer: Optimizer | null;
  loss: unknown;
  lossWeights: unknown;
  metrics: unknown;
  weightedMetrics: unknown;
}

/**
 * Keras's `_compile_config` (camelCase keys, serialized to snake_case):
 * `optimizer` is the optimizer object (serialized in full), the rest as given.
 * keras-wasm has no `run_eagerly` / `jit_compile` / `steps_per_execution`
 * choices; the values it behaves as are written (eager, no JIT, 1 step).
 */
export function compileConfigOf(args: CompileArgs | null): Record<string, unknown> {
  if (args === null) return {};
  return {
    optimizer: args.optimizer,
    loss: args.loss ?? null,
    lossWeights: args.lossWeights ?? null,
    metrics: args.metrics ?? null,
    weightedMetrics: args.weightedMetrics ?? null,
    runEagerly: false,
    stepsPerExecution: 1,
    jitCompile: false,
  };
}

const COMPILE_ARGS: Record<string, string> = { optimizer: "optimizer", loss: "loss", loss_weights: "lossWeights", metrics: "metrics", weighted_metrics: "weightedMetrics" };
const IGNORED = new Set(["run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss"]);

/** `compile` options from a compile config (Keras JSON; snake_case keys, serialized objects inside). */
export function compileOptionsFromConfig(config: unknown, options: DeserializeOptions = {}): Record<string, unknown> {
  if (!isPlainObject(config)) throw new ValueError(`compile_config must be an object; received ${describe(config)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (IGNORED.has(k)) continue;
    if (!Object.hasOwn(COMPILE_ARGS, k)) throw new ValueError(`compile_config: unrecognized argument '${k}'. Expected one of ${Object.keys(COMPILE_ARGS).join(", ")}`);
    if (v !== null) out[COMPILE_ARGS[k]!] = deserializeKerasObject(v, options);
  }
  return out;
}

/**
 * `compile`'s checks and its optimizer: unknown options and misspelled loss
 * or metric names fail here; under a `"mixed_float16"` policy (`policyName`)
 * the optimizer is wrapped in a `LossScaleOptimizer` as Keras's
 * Trainer.compile does, since float16 gradients underflow without loss
 * scaling. `args` is what `compile` received (the optimizer unwrapped), for
 * `getCompileConfig`.
 */
export function resolveCompile(options: CompileOptions, policyName: string): { optimizer: Optimizer | null; args: CompileArgs } {
  for (const k of Object.keys(options)) {
    if (!COMPILE_KEYS.includes(k)) throw new ValueError(`compile: unrecognized option '${k}'. Expected one of ${COMPILE_KEYS.join(", ")}`);
  }
  const given = getOptimizer(options.optimizer ?? "rmsprop");
  checkNames(options.loss, getLoss, ["crossentropy", "ce"]);
  checkNames(options.metrics, getMetric, ["accuracy", "acc"]);
  checkNames(options.weightedMetrics, getMetric, ["accuracy", "acc"]);
  const wrap = (options.autoScaleLoss ?? true) && policyName === "mixed_float16" && given !== null && !(given instanceof LossScaleOptimizer);
  const { loss, lossWeights, metrics, weightedMetrics } = options;
  // Keras's `_compile_config` keeps the optimizer given (compile_from_config wraps it again).
  return { optimizer: wrap ? new LossScaleOptimizer(given, { name: "loss_scale_optimizer" }) : given, args: { optimizer: given, loss, lossWeights, metrics, weightedMetrics } };
}

// Keras's `get_compile_config` / `compile_from_config`: the arguments of
// `compile()` as Keras JSON (written into a `.keras` archive's config), and
// the call that compiles a loaded model with them again.
import { ValueError, describe } from "../errors.js";
import { isPlainObject } from "../layers/structure.js";
import { deserializeKerasObject, type DeserializeOptions } from "../saving/serialization.js";
import type { Optimizer } from "../optimizers/index.js";

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

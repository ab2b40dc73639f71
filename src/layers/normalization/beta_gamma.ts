// The `beta` (offset) and `gamma` (scale) options that BatchNormalization
// and LayerNormalization share: resolved once, serialized in Keras's order.
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import { get as getRegularizer, type Regularizer } from "../../regularizers/index.js";
import { get as getConstraint, type Constraint } from "../../constraints/index.js";
import { constraintConfig, initializerConfig, regularizerConfig } from "../layer_options.js";

/** The options of `BetaGamma` (Keras's keyword arguments, camelCase). */
export interface BetaGammaOptions {
  /** Initializer of `beta` (default `"zeros"`). */
  betaInitializer?: unknown;
  /** Initializer of `gamma` (default `"ones"`). */
  gammaInitializer?: unknown;
  /** Regularizer of `beta`. */
  betaRegularizer?: unknown;
  /** Regularizer of `gamma`. */
  gammaRegularizer?: unknown;
  /** Constraint applied to `beta` after each optimizer update. */
  betaConstraint?: unknown;
  /** Constraint applied to `gamma` after each optimizer update. */
  gammaConstraint?: unknown;
}
export const BETA_GAMMA_KEYS = [
  "betaInitializer", "gammaInitializer", "betaRegularizer", "gammaRegularizer", "betaConstraint", "gammaConstraint",
] as const;

export interface BetaGamma {
  /** Initializer of `beta` (default `"zeros"`). */
  betaInitializer: Initializer;
  /** Initializer of `gamma` (default `"ones"`). */
  gammaInitializer: Initializer;
  /** Regularizer of `beta`. */
  betaRegularizer: Regularizer | null;
  /** Regularizer of `gamma`. */
  gammaRegularizer: Regularizer | null;
  /** Constraint applied to `beta` after each optimizer update. */
  betaConstraint: Constraint | null;
  /** Constraint applied to `gamma` after each optimizer update. */
  gammaConstraint: Constraint | null;
}

/** The resolved options (Keras's defaults: zeros for beta, ones for gamma). */
export function betaGamma(o: BetaGammaOptions): BetaGamma {
  return {
    /** Initializer of `beta` (default `"zeros"`). */
    betaInitializer: getInitializer(o.betaInitializer ?? "zeros")!,
    /** Initializer of `gamma` (default `"ones"`). */
    gammaInitializer: getInitializer(o.gammaInitializer ?? "ones")!,
    /** Regularizer of `beta`. */
    betaRegularizer: getRegularizer(o.betaRegularizer ?? null),
    /** Regularizer of `gamma`. */
    gammaRegularizer: getRegularizer(o.gammaRegularizer ?? null),
    /** Constraint applied to `beta` after each optimizer update. */
    betaConstraint: getConstraint(o.betaConstraint ?? null),
    /** Constraint applied to `gamma` after each optimizer update. */
    gammaConstraint: getConstraint(o.gammaConstraint ?? null),
  };
}

/** Their config entries; `initializers` (BatchNormalization's moving ones) go after gamma's initializer, as in Keras. */
export function betaGammaConfig(x: BetaGamma, initializers: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    /** Initializer of `beta` (default `"zeros"`). */
    betaInitializer: initializerConfig(x.betaInitializer),
    /** Initializer of `gamma` (default `"ones"`). */
    gammaInitializer: initializerConfig(x.gammaInitializer),
    ...initializers,
    /** Regularizer of `beta`. */
    betaRegularizer: regularizerConfig(x.betaRegularizer),
    /** Regularizer of `gamma`. */
    gammaRegularizer: regularizerConfig(x.gammaRegularizer),
    /** Constraint applied to `beta` after each optimizer update. */
    betaConstraint: constraintConfig(x.betaConstraint),
    /** Constraint applied to `gamma` after each optimizer update. */
    gammaConstraint: constraintConfig(x.gammaConstraint),
  };
}

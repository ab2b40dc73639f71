// The `beta` (offset) and `gamma` (scale) options that BatchNormalization
// and LayerNormalization share: resolved once, serialized in Keras's order.
import { get as getInitializer, type Initializer } from "../../initializers/index.js";
import { get as getRegularizer, type Regularizer } from "../../regularizers/index.js";
import { get as getConstraint, type Constraint } from "../../constraints/index.js";
import { constraintConfig, initializerConfig, regularizerConfig } from "../layer_options.js";

export interface BetaGammaOptions {
  betaInitializer?: unknown;
  gammaInitializer?: unknown;
  betaRegularizer?: unknown;
  gammaRegularizer?: unknown;
  betaConstraint?: unknown;
  gammaConstraint?: unknown;
}
export const BETA_GAMMA_KEYS = [
  "betaInitializer", "gammaInitializer", "betaRegularizer", "gammaRegularizer", "betaConstraint", "gammaConstraint",
] as const;

export interface BetaGamma {
  betaInitializer: Initializer;
  gammaInitializer: Initializer;
  betaRegularizer: Regularizer | null;
  gammaRegularizer: Regularizer | null;
  betaConstraint: Constraint | null;
  gammaConstraint: Constraint | null;
}

/** The resolved options (Keras's defaults: zeros for beta, ones for gamma). */
export function betaGamma(o: BetaGammaOptions): BetaGamma {
  return {
    betaInitializer: getInitializer(o.betaInitializer ?? "zeros")!,
    gammaInitializer: getInitializer(o.gammaInitializer ?? "ones")!,
    betaRegularizer: getRegularizer(o.betaRegularizer ?? null),
    gammaRegularizer: getRegularizer(o.gammaRegularizer ?? null),
    betaConstraint: getConstraint(o.betaConstraint ?? null),
    gammaConstraint: getConstraint(o.gammaConstraint ?? null),
  };
}

/** Their config entries; `initializers` (BatchNormalization's moving ones) go after gamma's initializer, as in Keras. */
export function betaGammaConfig(x: BetaGamma, initializers: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    betaInitializer: initializerConfig(x.betaInitializer),
    gammaInitializer: initializerConfig(x.gammaInitializer),
    ...initializers,
    betaRegularizer: regularizerConfig(x.betaRegularizer),
    gammaRegularizer: regularizerConfig(x.gammaRegularizer),
    betaConstraint: constraintConfig(x.betaConstraint),
    gammaConstraint: constraintConfig(x.gammaConstraint),
  };
}

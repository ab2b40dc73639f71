// The platform suite: the same checks in every runtime (see harness.ts).
// Each file exports its list of checks; add a file's list to ALL below.
import { runList, type Check, type Keras, type Phase, type PlatformReport } from "./harness.js";
import backendChecks from "./backend.js";
import kernelChecks from "./kernels.js";
import layerChecks from "./layers.js";
import opsChecks from "./ops.js";

const ALL: readonly Check[] = [...opsChecks, ...kernelChecks, ...backendChecks, ...layerChecks];

/** Every check, in order. */
export function allChecks(): readonly Check[] {
  return ALL;
}

/** Runs the checks of `phases` against `k` (see harness.ts). */
export function runChecks(k: Keras, phases?: readonly Phase[]): PlatformReport {
  return runList(k, ALL, phases);
}

export { FUSED, newContext, runtimeName, type Check, type CheckResult, type Keras, type PlatformReport } from "./harness.js";

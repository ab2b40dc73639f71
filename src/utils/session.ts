// keras.utils.clear_session / keras.backend.clear_session.
import { resetNameCounters } from "./naming.js";
import { resetGlobalSeedGenerator } from "../random/seed_generator.js";
import { resetCallContext } from "../layers/call_context.js";

/**
 * Resets the global state: auto-name counters (the next Dense is `dense`
 * again), the global seed generator and any dangling call context. (The
 * global dtype policy joins this once keras.config lands.)
 *
 * @example
 * new MyLayer().name; // "my_layer"
 * keras.clearSession();
 * new MyLayer().name; // "my_layer" again
 */
export function clearSession(): void {
  resetNameCounters();
  resetGlobalSeedGenerator();
  resetCallContext();
}

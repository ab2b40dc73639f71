// keras.utils.clear_session / keras.backend.clear_session.
import { resetNameCounters } from "./naming.js";
import { resetGlobalSeedGenerator } from "../random/seed_generator.js";
import { resetCallContext } from "../layers/call_context.js";
import { resetGlobalDtypePolicy } from "../dtype_policies/dtype_policy.js";
import { resetAutocastScope } from "../autocast_scope.js";

/**
 * Resets the global state: auto-name counters (the next Dense is `dense`
 * again), the global seed generator, the global dtype policy (back to a
 * `floatx()` policy; floatx itself is kept, as in Keras) and any dangling
 * call context or autocast scope.
 *
 * @example
 * class MyLayer extends keras.Layer {}
 * new MyLayer().name; // "my_layer"
 * new MyLayer().name; // "my_layer_1"
 * keras.clearSession();
 * new MyLayer().name; // "my_layer" (counted afresh)
 */
export function clearSession(): void {
  resetNameCounters();
  resetGlobalSeedGenerator();
  resetCallContext();
  resetGlobalDtypePolicy();
  resetAutocastScope();
}

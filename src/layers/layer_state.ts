// The internal state of a Layer, kept under a symbol so it is reachable
// through the tracking Proxy (private `#fields` are not: a Proxy does not
// forward them) and invisible to property scans and `Object.keys`.
import type { Tensor } from "../tensor.js";
import type { LayerDTypePolicy } from "./dtype_hook.js";
import type { Tracker } from "./tracking.js";
import { currentPath } from "../utils/naming.js";
import { openScope } from "./call_context.js";

export const STATE: unique symbol = Symbol("keras.layer.state");

import type { Penalty } from "../variables.js";
export type { Penalty }; // one definition, beside Variable's regularizer

export interface LayerState {
  name: string;
  className: string;
  trainable: boolean;
  built: boolean;
  autocast: boolean;
  policy: LayerDTypePolicy;
  activityRegularizer: Penalty | null;
  inputSpec: unknown;
  supportsMasking: boolean | null;
  tracker: Tracker;
  losses: Tensor[];
  buildConfig: Record<string, unknown> | null;
  path: string | null;
  /** Keras's `_parent_path`: the name-scope path where the layer was first built or called. */
  parentPath: string | null;
  inputShapeArg: (number | null)[] | null;
  called: boolean;
  /** The subclass's own `build`, before wrapping. */
  userBuild: (...args: unknown[]) => void;
  warnedMask: boolean;
}

/** Keras's `_open_name_scope`: runs `fn` in the layer's scope, fixing its parent path the first time. */
export function layerScope<T>(layer: object, fn: () => T): T {
  const s = stateOf(layer);
  s.parentPath ??= currentPath();
  return openScope(layer, s.name, fn, s.parentPath);
}

/** The state of a layer (throws if `super()` was not called). */
export function stateOf(layer: object): LayerState {
  const s = (layer as { [STATE]?: LayerState })[STATE];
  if (s === undefined) {
    throw new Error(`In layer '${layer.constructor.name}', you forgot to call \`super()\` in the constructor. Go add it!`);
  }
  return s;
}

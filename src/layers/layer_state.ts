// The internal state of a Layer, kept under a symbol so it is reachable
// through the tracking Proxy (private `#fields` are not: a Proxy does not
// forward them) and invisible to property scans and `Object.keys`.
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variables.js";
import type { Regularizer } from "../regularizers/index.js";
import type { LayerDTypePolicy } from "./dtype_hook.js";
import type { Tracker } from "./tracking.js";
import { currentPath } from "../utils/naming.js";
import { openScope } from "./call_context.js";

export const STATE: unique symbol = Symbol("keras.layer.state");

import type { Penalty } from "../variables.js";
import { classNameOf } from "../saving/object_registration.js";
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

/** What `apply` and `call` receive besides the inputs. */
export interface CallOptions {
  /** Whether the call runs in training mode (dropout active, ...); passed on to nested layers. */
  training?: boolean;
  /** A mask for the inputs; by default the mask attached to them (`getKerasMask`). */
  mask?: unknown;
  [key: string]: unknown;
}

/**
 * What the helper modules (layer_call.ts, layer_weights.ts) use of a layer:
 * its state and its public surface, so that they need not import layer.ts
 * (which imports them). `Layer` implements it.
 * @internal
 */
export interface LayerHandle {
  readonly [STATE]: LayerState;
  readonly name: string;
  built: boolean;
  readonly trainable: boolean;
  readonly autocast: boolean;
  readonly inputDtype: string;
  readonly computeDtype: string;
  readonly variableDtype: string;
  readonly inputSpec: unknown;
  readonly supportsMasking: boolean;
  readonly weights: Variable[];
  readonly variables: Variable[];
  readonly trainableWeights: Variable[];
  readonly trainableVariables: Variable[];
  readonly nonTrainableVariables: Variable[];
  readonly metricsVariables: Variable[];
  readonly losses: Tensor[];
  /** Direct sub-layers, in tracking order. */
  readonly _layers: LayerHandle[];
  /** Self (optional), then every sub-layer once, depth first (cycles allowed). */
  _flattenLayers(includeSelf?: boolean, recursive?: boolean): LayerHandle[];
  build(...shapes: unknown[]): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(inputs: any, options?: CallOptions): any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  apply(inputs: any, options?: CallOptions): any;
  computeMask(inputs: unknown, previousMask?: unknown): unknown;
  computeOutputShape(...shapes: unknown[]): unknown;
  addLoss(loss: unknown): void;
}

/** Keras's `_open_name_scope`: runs `fn` in the layer's scope, fixing its parent path the first time. */
export function layerScope<T>(layer: object, fn: () => T): T {
  const s = stateOf(layer);
  s.parentPath ??= currentPath();
  return openScope(layer, s.name, fn, s.parentPath);
}

/** The layer's tracker, after catching up with anything stored out of its sight (until locked). */
export function stores(layer: object): Tracker {
  const t = stateOf(layer).tracker;
  t.rescan(layer);
  return t;
}

/** The base class (Layer) of a layer class, without importing it: the root of its class chain. */
export function baseClassOf(cls: unknown): object {
  let c = cls as object;
  while (Object.getPrototypeOf(c) !== Function.prototype && Object.getPrototypeOf(c) !== null) c = Object.getPrototypeOf(c);
  return c;
}

/** The state of a layer (throws if `super()` was not called). */
export function stateOf(layer: object): LayerState {
  const s = (layer as { [STATE]?: LayerState })[STATE];
  if (s === undefined) {
    throw new Error(`In layer '${classNameOf(layer.constructor)}', you forgot to call \`super()\` in the constructor. Go add it!`);
  }
  return s;
}

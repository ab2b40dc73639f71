// A layer called on KerasTensors (Keras's `Layer.__call__` ->
// `symbolic_call`): build from the symbolic shapes, work out the outputs
// without computing, attach their masks, and record the call as a node of
// the functional graph.
import { ValueError, describe } from "../errors.js";
import { Tensor } from "../tensor.js";
import { KerasTensor } from "../symbolic/keras_tensor.js";
import { Node } from "../symbolic/node.js";
import { assertInputCompatibility } from "./input_spec.js";
import { getKerasMask, setKerasMask } from "./masking.js";
import { flatten, isPlainObject, mapStructure } from "./structure.js";
import { layerScope, stateOf, type CallOptions, type LayerHandle as Layer } from "./layer_state.js";
import { maybeBuild, symbolicOutputs } from "./layer_call.js";

/** Whether a layer's inputs hold a KerasTensor (then the call is symbolic). */
export function hasKerasTensor(inputs: unknown): boolean {
  return inputs instanceof KerasTensor || ((Array.isArray(inputs) || isPlainObject(inputs)) && flatten(inputs).some((x) => x instanceof KerasTensor));
}

/** `layer.apply(inputs, options)` with KerasTensors among the inputs: KerasTensors out, one node recorded. */
export function symbolicApply(layer: Layer, inputs: unknown, options: CallOptions): unknown {
  if (!isPlainObject(options)) throw new ValueError(`apply on layer '${layer.name}': options must be an object; received ${describe(options)}`);
  const s = stateOf(layer);
  s.called = true;
  assertInputCompatibility(layer.inputSpec, inputs, layer.name);
  layerScope(layer, () => maybeBuild(layer, inputs));
  const { mask: explicitMask, ...kwargs } = options;
  const attached = mapStructure(inputs, getKerasMask);
  const previousMask = explicitMask ?? attached;
  const callOptions: CallOptions = { ...kwargs };
  if (explicitMask !== undefined) callOptions.mask = explicitMask;
  else if (flatten(attached).some((m) => m !== null)) callOptions.mask = attached;
  // The spec run sees placeholders carrying the masks as concrete tensors would.
  const outputs = symbolicOutputs(layer, inputs, callOptions);
  attachMasks(layer, inputs, outputs, previousMask);
  // Keras keeps the call's keyword arguments on the node; an explicit mask
  // is one (a tensor the node depends on), an attached one is not.
  const nodeKwargs: Record<string, unknown> = { ...kwargs };
  if (explicitMask !== undefined && explicitMask !== null) nodeKwargs.mask = explicitMask;
  new Node(layer, [inputs], nodeKwargs, outputs);
  return outputs;
}

// The output masks, computed symbolically from the inputs (ops on
// KerasTensors record their own nodes, outside any model graph: at run
// time the layer computes its masks on values again).
function attachMasks(layer: Layer, inputs: unknown, outputs: unknown, previousMask: unknown): void {
  if (!layer.supportsMasking) return;
  const masks = layer.computeMask(inputs, previousMask);
  if (masks === null || masks === undefined) return;
  const flatMasks = flatten(masks);
  flatten(outputs).forEach((t, i) => {
    const m = flatMasks[i];
    if (t instanceof Tensor && m instanceof Tensor) setKerasMask(t, m);
  });
}

// The one shared layer check, modelled on Keras's `run_layer_test`
// (keras/src/testing/test_case.py): output shape/dtype/values, weight,
// variable, seed-generator and loss counts, the config round trip (direct,
// through JSON.stringify and through serializeKerasObject), idempotent
// building, a shape-only computeOutputSpec, and no state left behind by a
// failed call. Every layer test uses it.
import { expect } from "vitest";
import { Layer, type Shape } from "../../src/layers/layer.js";
import { Tensor } from "../../src/tensor.js";
import { tensor } from "../../src/ops/convert.js";
import { deserializeKerasObject, serializeKerasObject } from "../../src/saving/serialization.js";
import { getKerasMask } from "../../src/layers/masking.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LayerClass = (new (options?: any) => Layer) & { fromConfig(config: Record<string, unknown>): Layer };

export interface LayerTestOptions {
  /** `new layerCls(initKwargs)` makes each instance. */
  initKwargs?: Record<string, unknown>;
  /** A shape (no nulls) or an array of shapes; inputs are made deterministically. */
  inputShape?: Shape | Shape[];
  inputDtype?: string;
  inputData?: unknown;
  callKwargs?: Record<string, unknown>;
  /** Null dimensions match anything. */
  expectedOutputShape?: Shape;
  expectedOutputDtype?: string;
  expectedOutput?: unknown;
  expectedNumTrainableWeights?: number;
  expectedNumNonTrainableWeights?: number;
  expectedNumNonTrainableVariables?: number;
  expectedNumSeedGenerators?: number;
  expectedNumLosses?: number;
  supportsMasking?: boolean;
  expectedMaskShape?: Shape;
  customObjects?: Record<string, unknown>;
  /** Inputs the layer must reject; the layer must be unchanged afterwards. */
  invalidInputs?: unknown[];
  /** Tolerances for `expectedOutput` (Keras's assertAllClose defaults). */
  atol?: number;
  rtol?: number;
}

/** Deterministic inputs in [0, 3): element i is ((7 i) mod 12) / 4. */
export function makeInput(shape: Shape, dtype = "float32"): Tensor {
  const dims = shape.map((d) => d ?? 2);
  const n = dims.reduce((a, d) => a * d, 1);
  return tensor(Array.from({ length: n }, (_, i) => ((7 * i) % 12) / 4), dims, dtype);
}

const isShapeList = (s: Shape | Shape[]): s is Shape[] => s.length > 0 && Array.isArray(s[0]);

/** Every seed generator of the layer tree, once. */
export function seedGenerators(layer: Layer): unknown[] {
  return [...new Set(layer._flattenLayers().flatMap((l) => l._seedGenerators))];
}

function expectShape(actual: readonly number[] | readonly (number | null)[], expected: Shape, what: string): void {
  const ok = actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
  expect(ok, `${what}: expected shape [${expected.join(", ")}], received [${actual.join(", ")}]`).toBe(true);
}

export function expectAllClose(actual: unknown, expected: unknown, atol = 1e-6, rtol = 1e-6): void {
  const a = actual instanceof Tensor ? actual.toArray() : actual;
  const e = expected instanceof Tensor ? expected.toArray() : expected;
  if (Array.isArray(e)) {
    expect(Array.isArray(a) && a.length === e.length, `length: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`).toBe(true);
    (e as unknown[]).forEach((x, i) => expectAllClose((a as unknown[])[i], x, atol, rtol));
    return;
  }
  const x = a as number;
  const y = e as number;
  expect(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${x} vs ${y}`).toBe(true);
}

/** The config round trips: fromConfig, JSON.stringify, serializeKerasObject. */
export function runSerializationTest(layerCls: LayerClass, layer: Layer, customObjects?: Record<string, unknown>): void {
  const config = layer.getConfig();
  const json = JSON.stringify(config);
  expect(JSON.stringify(layerCls.fromConfig(config).getConfig())).toBe(json);
  expect(JSON.stringify(layerCls.fromConfig(JSON.parse(json)).getConfig())).toBe(json);
  const serialized = JSON.stringify(serializeKerasObject(layer));
  const custom = { [layerCls.name]: layerCls, ...(customObjects ?? {}) };
  const revived = deserializeKerasObject(JSON.parse(serialized), { customObjects: custom }) as Layer;
  expect(revived).toBeInstanceOf(layerCls);
  expect(JSON.stringify(revived.getConfig())).toBe(json);
}

/** Keras's `run_layer_test`. */
export function runLayerTest(layerCls: LayerClass, opts: LayerTestOptions): void {
  const init = opts.initKwargs ?? {};
  const make = (): Layer => new layerCls({ ...init });
  const call = opts.callKwargs ?? {};
  if (opts.inputShape !== undefined && opts.inputData !== undefined) throw new Error("inputShape and inputData cannot both be given");
  let input = opts.inputData;
  if (input === undefined && opts.inputShape !== undefined) {
    const s = opts.inputShape;
    input = isShapeList(s) ? s.map((x) => makeInput(x, opts.inputDtype)) : makeInput(s, opts.inputDtype);
  }
  const counts = { ...opts };
  if (input !== undefined) {
    const probe = make();
    probe.apply(input, { ...call });
    counts.expectedNumTrainableWeights ??= probe.trainableWeights.length;
    counts.expectedNumNonTrainableWeights ??= probe.nonTrainableWeights.length;
    counts.expectedNumNonTrainableVariables ??= probe.nonTrainableVariables.length;
    counts.expectedNumSeedGenerators ??= seedGenerators(probe).length;
  }

  // Serialization.
  const fresh = make();
  runSerializationTest(layerCls, fresh, opts.customObjects);
  if (opts.supportsMasking !== undefined) expect(fresh.supportsMasking, "supportsMasking").toBe(opts.supportsMasking);

  const buildAsserts = (layer: Layer): void => {
    expect(layer.built, "built").toBe(true);
    if (counts.expectedNumTrainableWeights !== undefined) expect(layer.trainableWeights.length, "trainableWeights").toBe(counts.expectedNumTrainableWeights);
    if (counts.expectedNumNonTrainableWeights !== undefined) expect(layer.nonTrainableWeights.length, "nonTrainableWeights").toBe(counts.expectedNumNonTrainableWeights);
    if (counts.expectedNumNonTrainableVariables !== undefined) expect(layer.nonTrainableVariables.length, "nonTrainableVariables").toBe(counts.expectedNumNonTrainableVariables);
    if (counts.expectedNumSeedGenerators !== undefined) expect(seedGenerators(layer).length, "seed generators").toBe(counts.expectedNumSeedGenerators);
  };
  if (input === undefined) return;
  const shapeOf = (x: unknown): unknown => (x instanceof Tensor ? x.shape : Array.isArray(x) ? x.map(shapeOf) : x);

  // Build test: build(shape) directly.
  const built = make();
  built.build(opts.inputShape ?? shapeOf(input));
  buildAsserts(built);
  expect(built.getBuildConfig(), "build config").not.toBeNull();

  // Shape-only spec.
  if (opts.expectedOutputShape !== undefined) {
    const specIn = opts.inputShape !== undefined && !isShapeList(opts.inputShape)
      ? { shape: [...opts.inputShape], dtype: opts.inputDtype ?? "float32" }
      : (input instanceof Tensor ? { shape: input.shape, dtype: input.dtype } : undefined);
    if (specIn !== undefined) {
      const spec = make().computeOutputSpec(specIn, { ...call }) as { shape: (number | null)[]; dtype: string };
      expectShape(spec.shape, opts.expectedOutputShape, "computeOutputSpec");
      if (opts.expectedOutputDtype) expect(spec.dtype).toBe(opts.expectedOutputDtype);
    }
  }

  // A failed call leaves nothing behind.
  for (const bad of opts.invalidInputs ?? []) {
    const layer = make();
    expect(() => layer.apply(bad, { ...call }), "invalid input accepted").toThrow();
    expect(layer.built, "built after a failed call").toBe(false);
    expect(layer.weights.length, "weights after a failed call").toBe(0);
    expect(layer.losses.length, "losses after a failed call").toBe(0);
  }

  // Eager call.
  const layer = make();
  const out = layer.apply(input, { ...call });
  buildAsserts(layer);
  if (opts.expectedOutputShape !== undefined) expectShape((out as Tensor).shape, opts.expectedOutputShape, "output");
  if (opts.expectedOutputDtype !== undefined) expect((out as Tensor).dtype).toBe(opts.expectedOutputDtype);
  if (opts.expectedOutput !== undefined) expectAllClose(out, opts.expectedOutput, opts.atol, opts.rtol);
  if (opts.expectedNumLosses !== undefined) expect(layer.losses.length, "losses").toBe(opts.expectedNumLosses);
  if (opts.expectedMaskShape !== undefined) {
    const mask = getKerasMask(out) ?? layer.computeMask(input, null);
    expectShape((mask as Tensor).shape, opts.expectedMaskShape, "mask");
  }

  // Building is idempotent: a second call reuses the same state.
  const before = layer.variables;
  layer.apply(input, { ...call });
  expect(layer.variables.length, "variables after a second call").toBe(before.length);
  layer.variables.forEach((v, i) => expect(v, "same variables after a second call").toBe(before[i]));
  if (opts.expectedNumLosses !== undefined) expect(layer.losses.length, "losses after a second call").toBe(opts.expectedNumLosses);
}

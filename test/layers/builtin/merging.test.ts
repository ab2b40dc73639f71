// Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot:
// Keras's merging_test.py ported (values written out by hand).
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import {
  Add, Average, Concatenate, Dot, Masking, Maximum, Minimum, Multiply, Subtract, getKerasMask,
} from "../../../src/layers/index.js";
import { ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";

beforeEach(() => clearSession());
const { ops, layers } = keras;
const t = keras.tensor;

// One pair of inputs and each layer's result, elementwise (np_op in Keras's TEST_PARAMETERS).
const A = [[1, -2, 3], [0.5, 4, -1]];
const B = [[2, 2, -3], [1.5, -4, 1]];
type MergeClass = new () => keras.Layer;
const CASES: [string, MergeClass, (a: number, b: number) => number][] = [
  ["Add", Add, (a, b) => a + b],
  ["Subtract", Subtract, (a, b) => a - b],
  ["Multiply", Multiply, (a, b) => a * b],
  ["Average", Average, (a, b) => (a + b) / 2],
  ["Maximum", Maximum, Math.max],
  ["Minimum", Minimum, Math.min],
];

describe("elementwise merge layers", () => {
  for (const [name, cls, op] of CASES) {
    test(`${name}: basics, values, masks (Keras's test_basic, test_correctness_static)`, () => {
      runLayerTest(cls as never, {
        initKwargs: {}, inputShape: [[2, 4, 5], [2, 4, 5]], expectedOutputShape: [2, 4, 5], expectedNumTrainableWeights: 0,
        expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
      });
      const layer = new cls();
      expectAllClose(layer.apply([t(A), t(B)]), A.map((r, i) => r.map((a, j) => op(a, B[i]![j]!))));
      expect(layer.computeMask([t(A), t(B)], [null, null])).toBeNull();
      const m = t([true, false], null, "bool");
      expect((layer.computeMask([t(A), t(B)], [m, m]) as Tensor).toArray()).toEqual([1, 0]);
      throws(() => layer.computeMask([t(A), t(B)], t(A)), ValueError, "`mask` should be a list.");
      throws(() => layer.computeMask(t(A), [null, null]), ValueError, "`inputs` should be a list.");
      throws(() => layer.computeMask([t(A), t(B)], [null]), ValueError, " should have the same length.");
    });
  }

  test("incompatible shapes and batch sizes", () => {
    throws(() => new Add().apply([ops.ones([2, 3]), ops.ones([2, 4])]), ValueError, "Inputs have incompatible shapes. Received shapes (3,) and (4,)");
    throws(() => new Add().apply([ops.ones([2, 3]), ops.ones([3, 3])]), ValueError, "Cannot merge tensors with different batch sizes");
    throws(() => new Add().apply(ops.ones([2, 3])), ValueError, "A merge layer should be called on a list of inputs");
    // Different ranks broadcast after the batch axis (Keras's _reshape_required).
    expect((new Add().apply([ops.ones([2, 3, 4]), ops.ones([2, 4])]) as Tensor).shape).toEqual([2, 3, 4]);
  });

  test("Subtract takes exactly 2 inputs (Keras's test_subtract_layer_inputs_length_errors)", () => {
    const x = ops.ones([1, 4, 5]);
    throws(() => new Subtract().apply([x, x, x]), ValueError, "layer should be called on exactly 2 inputs");
    throws(() => new Subtract().apply([x]), ValueError, "layer should be called on exactly 2 inputs");
  });

  test("functional forms", () => {
    expect((layers.add([t([[1, 2]]), t([[3, 4]])])).toArray()).toEqual([[4, 6]]);
    expect((layers.maximum([t([[1, 5]]), t([[3, 4]])])).toArray()).toEqual([[3, 5]]);
  });
});

describe("merges with Masking (Keras's test_*_with_mask)", () => {
  const x1 = (): Tensor => new Masking().apply(t([[[0, 0], [1, 2], [0, 0], [3, 4]]])) as Tensor;
  const x2raw = [[[0, 0], [0, 0], [1, 2], [3, 4]]];
  const both = (): [Tensor, Tensor] => [x1(), new Masking().apply(t(x2raw)) as Tensor];
  const cases: [MergeClass, number[][][], number[][][]][] = [
    [Add, [[[0, 0], [1, 2], [1, 2], [6, 8]]], [[[0, 0], [1, 2], [1, 2], [6, 8]]]],
    [Subtract, [[[0, 0], [1, 2], [-1, -2], [0, 0]]], [[[0, 0], [1, 2], [-1, -2], [0, 0]]]],
    [Average, [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]], [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]]],
    [Multiply, [[[0, 0], [0, 0], [1, 2], [9, 16]]], [[[0, 0], [1, 2], [1, 2], [9, 16]]]],
    [Minimum, [[[0, 0], [0, 0], [1, 2], [3, 4]]], [[[0, 0], [1, 2], [1, 2], [3, 4]]]],
  ];
  for (const [cls, oneMask, twoMasks] of cases) {
    test(cls.name, () => {
      const a = new cls().apply([x1(), t(x2raw)]) as Tensor;
      expect(a.toArray()).toEqual(oneMask);
      expect(getKerasMask(a)).toBeNull();
      const b = new cls().apply(both()) as Tensor;
      expect(b.toArray()).toEqual(twoMasks);
      expect(getKerasMask(b)!.toArray()).toEqual([[0, 1, 1, 1]]);
    });
  }
  test("Maximum", () => {
    const m1 = new Masking().apply(t([[[0, 0], [-1, -2], [0, 0], [-3, -4]]])) as Tensor;
    const raw = t([[[0, 0], [0, 0], [-1, -2], [-3, -4]]]);
    expect((new Maximum().apply([m1, raw]) as Tensor).toArray()).toEqual([[[0, 0], [0, 0], [-1, -2], [-3, -4]]]);
    const out = new Maximum().apply([m1, new Masking().apply(raw)]) as Tensor;
    expect(out.toArray()).toEqual([[[0, 0], [-1, -2], [-1, -2], [-3, -4]]]);
    expect(getKerasMask(out)!.toArray()).toEqual([[0, 1, 1, 1]]);
  });
  test("Concatenate", () => {
    const a = new Concatenate(1).apply([x1(), t(x2raw)]) as Tensor;
    expect(a.toArray()).toEqual([[[0, 0], [1, 2], [0, 0], [3, 4], [0, 0], [0, 0], [1, 2], [3, 4]]]);
    expect(getKerasMask(a)!.toArray()).toEqual([[0, 1, 0, 1, 1, 1, 1, 1]]);
    const b = new Concatenate({ axis: 2 }).apply([x1(), t(x2raw)]) as Tensor;
    expect(b.toArray()).toEqual([[[0, 0, 0, 0], [1, 2, 0, 0], [0, 0, 1, 2], [3, 4, 3, 4]]]);
    expect(getKerasMask(b)!.toArray()).toEqual([[1, 1, 1, 1]]);
  });
});

describe("Concatenate", () => {
  test("basics and errors (Keras's test_concatenate_errors)", () => {
    runLayerTest(Concatenate as never, { initKwargs: { axis: 1 }, inputShape: [[2, 4, 5], [2, 3, 5]], expectedOutputShape: [2, 7, 5], supportsMasking: true });
    expect((new Concatenate().apply([ops.ones([1, 1, 1, 1, 5]), ops.ones([1, 1, 1, 1, 4])]) as Tensor).shape).toEqual([1, 1, 1, 1, 9]);
    const msg = "requires inputs with matching shapes except for the concatenation axis";
    throws(() => new Concatenate(-1).apply([ops.ones([1, 2, 1, 1, 5]), ops.ones([1, 1, 1, 1, 4])]), ValueError, msg);
    throws(() => new Concatenate(1).apply([ops.ones([1, 2, 1, 2, 1]), ops.ones([1, 1, 1, 3, 1])]), ValueError, msg);
    expect(layers.concatenate([t([[1]]), t([[2]])])).toBeDefined();
  });
});

describe("Dot", () => {
  test("values (Keras's test_correctness with np.sum(x1 * x2, axis))", () => {
    runLayerTest(Dot as never, { initKwargs: { axes: -1 }, inputShape: [[2, 4], [2, 4]], expectedOutputShape: [2, 1], supportsMasking: true });
    expect((new Dot(1).apply([t([[1, 2], [3, 4]]), t([[5, 6], [7, 8]])]) as Tensor).toArray()).toEqual([[17], [53]]);
    // axes (1, 1) on [1, 2, 2] x [1, 2, 2]: out[i][j] = sum_k a[k][i] b[k][j]
    const a = [[[1, 2], [3, 4]]];
    const b = [[[5, 6], [7, 8]]];
    expect((new Dot([1, 1]).apply([t(a), t(b)]) as Tensor).toArray()).toEqual([[[26, 30], [38, 44]]]);
    // normalize: cosine similarity
    expectAllClose(new Dot(1, { normalize: true }).apply([t([[3, 4]]), t([[4, 3]])]), [[24 / 25]], 1e-6);
  });
  test("higher ranks (Keras's test_dot_higher_dim)", () => {
    const c = new Dot([-2, -1]).apply([ops.ones([1, 3, 2]), ops.ones([1, 1, 2, 3])]) as Tensor;
    expect(c.shape).toEqual([1, 2, 1, 2]);
    expect(Array.from(c.data)).toEqual([3, 3, 3, 3]);
    expect(new Dot([-2, -1]).computeOutputShape([[1, 3, 2], [1, 1, 2, 3]])).toEqual([1, 2, 1, 2]);
  });
  test("errors (Keras's wording)", () => {
    throws(() => new Dot("x" as never), Error, "Invalid type for argument `axes`");
    throws(() => new Dot([1, 2, 3] as never), ValueError, "it should contain two elements");
    throws(() => new Dot(1).apply([ops.ones([2, 3]), ops.ones([2, 4])]), ValueError, "Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1)");
    throws(() => new Dot(1).apply([ops.ones([2, 3]), ops.ones([2, 3]), ops.ones([2, 3])]), ValueError, "should be called on a list of 2 inputs");
  });
});

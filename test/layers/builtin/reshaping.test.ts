// Flatten, Reshape, Permute, RepeatVector, Rescaling: Keras's tests
// (keras/src/layers/reshaping/*_test.py, preprocessing/rescaling_test.py)
// ported, with expected values written out by hand.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { Flatten, Permute, RepeatVector, Rescaling, Reshape } from "../../../src/layers/index.js";
import { KerasTypeError, ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { runLayerTest } from "../../helpers/run_layer_test.js";

beforeEach(() => clearSession());
const { ops } = keras;
const t = keras.tensor;
const spec = (layer: { computeOutputSpec(x: unknown): unknown }, shape: (number | null)[]): unknown =>
  (layer.computeOutputSpec({ shape, dtype: "float32" }) as { shape: unknown }).shape;

describe("Flatten", () => {
  test("channels_last and channels_first (Keras's test_flatten)", () => {
    // x of shape [1, 2, 2, 1] read as [b, c, h, w]: channels_first flattens in [b, h, w, c] order.
    const x = t([[[[1], [2]], [[3], [4]]]]);
    runLayerTest(Flatten as never, { initKwargs: {}, inputData: x, expectedOutput: [[1, 2, 3, 4]] });
    runLayerTest(Flatten as never, { initKwargs: { dataFormat: "channels_first" }, inputData: x, expectedOutput: [[1, 3, 2, 4]] });
  });
  test("scalar channels and shapes (Keras's test_flatten_with_scalar_channels, symbolic shapes)", () => {
    for (const dataFormat of ["channels_last", "channels_first"]) {
      runLayerTest(Flatten as never, { initKwargs: { dataFormat }, inputData: t([1, 2, 3]), expectedOutput: [[1], [2], [3]] });
    }
    expect(spec(new Flatten(), [null, 2, 3])).toEqual([null, 6]);
    expect(spec(new Flatten(), [5, 2, null])).toEqual([5, null]);
    throws(() => new Flatten({ dataFormat: "nchw" as never }), ValueError, "data_format");
  });
});

describe("Reshape", () => {
  test("basics (Keras's test_reshape)", () => {
    runLayerTest(Reshape as never, { initKwargs: { targetShape: [8, 1] }, inputShape: [3, 2, 4], expectedOutputShape: [3, 8, 1] });
    runLayerTest(Reshape as never, { initKwargs: { targetShape: [8] }, inputShape: [3, 2, 4], expectedOutputShape: [3, 8] });
    runLayerTest(Reshape as never, { initKwargs: { targetShape: [2, 4] }, inputShape: [3, 8], expectedOutputShape: [3, 2, 4] });
    runLayerTest(Reshape as never, { initKwargs: { targetShape: [-1, 1] }, inputShape: [3, 2, 4], expectedOutputShape: [3, 8, 1] });
    runLayerTest(Reshape as never, { initKwargs: { targetShape: [1, -1] }, inputShape: [3, 2, 4], expectedOutputShape: [3, 1, 8] });
  });
  test("unknown dimensions and -1 (Keras's dynamic shape tests)", () => {
    expect(spec(new Reshape([8]), [null, 2, 4])).toEqual([null, 8]);
    expect(spec(new Reshape([-1, 8]), [null, 6, 4])).toEqual([null, 3, 8]);
    expect(spec(new Reshape([-1, 3]), [4, 6, null, 3])).toEqual([4, null, 3]);
    expect(spec(new Reshape([3, 5]), [2, null])).toEqual([2, 3, 5]);
    const layer = new Reshape([-1, 8]);
    expect((layer.apply(ops.ones([1, 6, 4])) as Tensor).shape).toEqual([1, 3, 8]);
    expect((layer.apply(ops.ones([1, 10, 4])) as Tensor).shape).toEqual([1, 5, 8]);
  });
  test("invalid target shapes (Keras's test_reshape_rejects_invalid_target_shape) and incompatible inputs", () => {
    throws(() => new Reshape({ targetShape: [-2, 5] }), ValueError, /non-negative integer.*-1.*target_shape=\(-2, 5\)/);
    throws(() => new Reshape([-1, -1, 5]), ValueError, /at most one unknown dimension.*target_shape=\(-1, -1, 5\)/);
    throws(() => new Reshape([5]).apply(ops.ones([2, 3])), ValueError, "The total size of the tensor must be unchanged", "reshape");
    throws(() => new Reshape([-1, 4]).apply(ops.ones([2, 3])), ValueError, "cannot by divided by the specified dimensions in target_shape");
  });
});

describe("Permute", () => {
  test("values and shapes (Keras's test_permute)", () => {
    // [1, 2, 3] -> dims (2, 1): out[0][j][i] = in[0][i][j]
    runLayerTest(Permute as never, { initKwargs: { dims: [2, 1] }, inputData: t([[[1, 2, 3], [4, 5, 6]]]), expectedOutput: [[[1, 4], [2, 5], [3, 6]]] });
    expect(spec(new Permute([2, 1]), [null, 3, 5])).toEqual([null, 5, 3]);
  });
  test("invalid dims (Keras's errors)", () => {
    throws(() => new Permute([0, 1, 2]), ValueError, /Invalid permutation .*dims/);
    throws(() => new Permute({ dims: [1, 4, 2] }), ValueError, /Invalid permutation .*dims/);
  });
});

describe("RepeatVector", () => {
  test("values and shapes (Keras's test_repeat_vector)", () => {
    runLayerTest(RepeatVector as never, { initKwargs: { n: 3 }, inputData: t([[1, 2], [3, 4]]), expectedOutput: [[[1, 2], [1, 2], [1, 2]], [[3, 4], [3, 4], [3, 4]]] });
    expect(spec(new RepeatVector(3), [null, 5])).toEqual([null, 3, 5]);
    expect(spec(new RepeatVector(3), [2, null])).toEqual([2, 3, null]);
  });
  test("invalid n (Keras's errors)", () => {
    for (const n of ["3", 3.5, [3]]) throws(() => new RepeatVector(n as never), KerasTypeError, "Expected an integer value for `n`");
    for (const n of [0, -3]) throws(() => new RepeatVector(n), ValueError, "should be a positive integer");
  });
});

describe("Rescaling", () => {
  test("basics and values (Keras's rescaling_test)", () => {
    runLayerTest(Rescaling as never, {
      initKwargs: { scale: 1 / 255, offset: 0.5 }, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
    });
    expect((new Rescaling(2, { offset: 1 }).apply(t([[1, 2]])) as Tensor).toArray()).toEqual([[3, 5]]);
    // per-channel scale and offset (Keras's test_rescaling_with_channels)
    expect((new Rescaling([1, 2], { offset: [0, -1] }).apply(t([[3, 3]])) as Tensor).toArray()).toEqual([[3, 5]]);
    const ints = new Rescaling(0.5).apply(t([2, 4], null, "int32")) as Tensor;
    expect([ints.dtype, ints.toArray()]).toEqual(["float32", [1, 2]]);
    expect(new Rescaling(0.5).getConfig()).toMatchObject({ scale: 0.5, offset: 0 });
  });
});

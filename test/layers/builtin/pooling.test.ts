// GlobalAveragePooling1D / GlobalMaxPooling1D: Keras's global_pooling tests
// (keras/src/layers/pooling/global_*_pooling_test.py) ported.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../../src/index.js";
import { Embedding, GlobalAveragePooling1D, GlobalMaxPooling1D } from "../../../src/layers/index.js";
import { ValueError } from "../../../src/errors.js";
import { clearSession } from "../../../src/utils/session.js";
import type { Tensor } from "../../../src/tensor.js";
import { throws } from "../../helpers/expect.js";
import { expectAllClose, runLayerTest } from "../../helpers/run_layer_test.js";

beforeEach(() => clearSession());
const t = keras.tensor;
// [batch 2, steps 3, features 2]
const X = [[[1, 2], [3, 4], [5, 9]], [[0, -1], [2, 1], [-2, 0]]];

describe("GlobalAveragePooling1D", () => {
  test("basics and shapes (Keras's test_global_average_pooling)", () => {
    for (const [dataFormat, keepdims, out] of [
      ["channels_last", false, [2, 5]], ["channels_last", true, [2, 1, 5]], ["channels_first", false, [2, 3]], ["channels_first", true, [2, 3, 1]],
    ] as const) {
      runLayerTest(GlobalAveragePooling1D as never, {
        initKwargs: { dataFormat, keepdims }, inputShape: [2, 3, 5], expectedOutputShape: out, expectedNumTrainableWeights: 0,
        expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
      });
    }
  });
  test("values, with and without a mask (Keras's test_global_average_pooling_with_mask)", () => {
    expectAllClose(new GlobalAveragePooling1D().apply(t(X)), [[3, 5], [0, 0]]);
    expectAllClose(new GlobalAveragePooling1D({ dataFormat: "channels_first" }).apply(t(X)), [[1.5, 3.5, 7], [-0.5, 1.5, -1]]);
    // mask drops step 2 of sample 0 and step 0 of sample 1
    const mask = t([[1, 1, 0], [0, 1, 1]], null, "bool");
    expectAllClose(new GlobalAveragePooling1D().apply(t(X), { mask }), [[2, 3], [0, 0.5]]);
    // an Embedding mask flows in (zeros in the middle of a row too)
    const emb = new Embedding(4, 1, { maskZero: true, weights: [[[0], [10], [20], [30]]] });
    const y = new GlobalAveragePooling1D().apply(emb.apply(t([[1, 0, 3, 0]], null, "int32"))) as Tensor;
    expectAllClose(y, [[20]]);
    expect(keras.layers.getKerasMask(y)).toBeNull();
  });
  test("rank errors", () => {
    throws(() => new GlobalAveragePooling1D().apply(keras.ops.ones([2, 3])), ValueError, "expected ndim=3, found ndim=2");
  });
});

describe("GlobalMaxPooling1D", () => {
  test("basics and values (Keras's test_global_max_pooling)", () => {
    runLayerTest(GlobalMaxPooling1D as never, { initKwargs: { keepdims: true }, inputShape: [2, 3, 5], expectedOutputShape: [2, 1, 5] });
    expectAllClose(new GlobalMaxPooling1D().apply(t(X)), [[5, 9], [2, 1]]);
    expectAllClose(new GlobalMaxPooling1D({ dataFormat: "channels_first" }).apply(t(X)), [[2, 4, 9], [0, 2, 0]]);
    expect(new GlobalMaxPooling1D().getConfig()).toMatchObject({ dataFormat: "channels_last", keepdims: false });
  });
});

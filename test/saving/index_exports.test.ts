import { test, expect } from "vitest";
import * as keras from "../../src/index.js";
test("index exports", () => {
  const v = new keras.Variable(new keras.initializers.GlorotUniform({ seed: 1 }), { shape: [2, 3] });
  expect(keras.ops.add(v, 1).shape).toEqual([2, 3]);
  expect(keras.regularizers.get("l2")).toBeInstanceOf(keras.regularizers.L2);
  expect(keras.constraints.get("non_neg")).toBeInstanceOf(keras.constraints.NonNeg);
  expect(keras.random.normal([2], { seed: 1 }).shape).toEqual([2]);
  expect(new keras.metrics.Mean().name).toMatch(/mean/);
  expect(typeof keras.saving.serializeKerasObject).toBe("function");
});

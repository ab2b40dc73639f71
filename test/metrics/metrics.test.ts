// Mean and Sum against hand-computed values (Keras's reduction_metrics semantics).
import { describe, expect, test } from "vitest";
import { Mean, Sum } from "../../src/metrics/index.js";
import { serializeKerasObject, deserializeKerasObject } from "../../src/saving/index.js";

describe("Mean", () => {
  test("unweighted, accumulating, reset", () => {
    const m = new Mean();
    expect(m.name).toBe("mean");
    expect(m.result().item()).toBe(0); // divide_no_nan before any update
    m.updateState([1, 3, 5, 7]);
    expect(m.result().item()).toBe(4);
    m.updateState([[2, 4]]); // one sample whose value is mean(2, 4) = 3 -> (16 + 3) / 5
    expect(m.result().item()).toBeCloseTo(19 / 5, 6);
    expect(m.variables.map((v) => v.name)).toEqual(["total", "count"]);
    expect(m.variables.map((v) => v.path)).toEqual(["mean/total", "mean/count"]);
    expect(m.variables.every((v) => !v.trainable)).toBe(true);
    m.resetState();
    expect(m.total.toArray()).toBe(0);
    expect(m.count.toArray()).toBe(0);
  });
  test("sample weights: sum(w * v) / sum(w)", () => {
    const m = new Mean({ name: "wm" });
    m.updateState([1, 3, 5, 7], [1, 0, 0, 1]);
    expect(m.result().item()).toBe(4);
    m.updateState([[1, 3], [5, 7]], [2, 0]); // row means 2 and 6, weights 2, 0 -> (8 + 4) / 4
    expect(m.result().item()).toBe(3);
  });
  test("apply updates and returns the result; config round trip", () => {
    const m = new Mean();
    expect(m.apply([2, 4]).item()).toBe(3);
    const json = serializeKerasObject(m);
    expect(json).toEqual({ module: "keras.metrics", class_name: "Mean", config: { name: "mean", dtype: "float32" }, registered_name: null });
    expect(deserializeKerasObject(json)).toBeInstanceOf(Mean);
  });
});

describe("Sum", () => {
  test("unweighted and weighted", () => {
    const s = new Sum();
    expect(s.name).toBe("sum");
    s.updateState([1, 3, 5, 7]);
    expect(s.result().item()).toBe(16);
    s.updateState([1, 2], [3, 0]);
    expect(s.result().item()).toBe(19);
    expect(s.variables.map((v) => v.path)).toEqual(["sum/total"]);
    s.resetState();
    expect(s.result().item()).toBe(0);
  });
});

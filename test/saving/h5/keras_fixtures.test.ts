// readH5 against the real weight files Python Keras 3.16 / h5py 3.7 wrote
// (test/fixtures/keras/models): every group, dataset and attribute of each
// <name>.layout.json, and every weight value of <name>.expected.json.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5Dataset } from "../../../src/saving/h5/tree.js";
import { KERAS_MODELS, MODELS, flatten, kerasWeights, numbers, readJson } from "./helpers.js";

describe.each(MODELS)("%s.keras model.weights.h5", (model) => {
  const layout = readJson(join(KERAS_MODELS, `${model}.layout.json`))["model.weights.h5"] as any[];
  const expected = readJson(join(KERAS_MODELS, `${model}.expected.json`));
  const tree = readH5(kerasWeights(model));
  const nodes = flatten(tree);

  test("has exactly the layout's groups and datasets, in h5py's (name) order", () => {
    expect(nodes.map((n) => n.path)).toEqual(layout.map((e) => e.path));
    expect(nodes.map((n) => n.node.kind)).toEqual(layout.map((e) => e.kind));
  });

  test("attributes, shapes, dtypes, first values and float64 sums match the layout", () => {
    for (const e of layout) {
      const node = nodes.find((n) => n.path === e.path)!.node;
      expect({ path: e.path, attrs: node.attrs }).toEqual({ path: e.path, attrs: e.attrs });
      if (e.kind !== "dataset") continue;
      const d = node as H5Dataset;
      expect(d.shape).toEqual(e.shape);
      expect(d.dtype).toBe(e.dtype);
      const values = numbers(d);
      expect(values.slice(0, e.first_values.length)).toEqual(e.first_values);
      // numpy sums pairwise, we sum left to right: equal to rounding.
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(e.sum_float64, 10);
    }
  });

  test("/layers/<layer>/vars/<i> holds the layer's i-th weight, bit for bit", () => {
    const byPath = new Map<string, any>(expected.weights.map((w: any) => [w.path, w]));
    let checked = 0;
    for (const layer of expected.layers) {
      layer.weights.forEach((weightPath: string, i: number) => {
        const w = byPath.get(weightPath);
        const d = nodes.find((n) => n.path === `/layers/${layer.name}/vars/${i}`)?.node as H5Dataset | undefined;
        expect(d, `${weightPath} -> /layers/${layer.name}/vars/${i}`).toBeDefined();
        expect(d!.shape).toEqual(w.shape);
        expect(d!.dtype).toBe(w.dtype);
        expect(Array.from(d!.data as Float32Array)).toEqual(w.values);
        checked++;
      });
    }
    expect(checked).toBe(expected.weights.length);
  });

  test("names and attributes are own data (no prototype reached)", () => {
    for (const { node } of nodes) expect(Object.getPrototypeOf(node.attrs)).toBe(Object.prototype);
  });
});

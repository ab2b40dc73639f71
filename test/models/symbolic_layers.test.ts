// Every built-in layer called on KerasTensors: the symbolic output (shape
// with the batch unknown, dtype) equals what the same layer gives on values
// with a batch of 2 (the batch becoming null), and no layer computes or
// changes state while called symbolically.
import { describe, it, expect } from "vitest";
import * as keras from "../../src/index.js";

const { ops, layers, Input } = keras;
type Case = [string, () => keras.Layer, (number | null)[][], string?];

const CASES: Case[] = [
  ["Dense", () => new layers.Dense(3, { activation: "relu" }), [[4]]],
  ["Dense on 3-D", () => new layers.Dense(3), [[5, 4]]],
  ["Embedding", () => new layers.Embedding(10, 3, { maskZero: true }), [[6]], "int32"],
  ["Masking", () => new layers.Masking(), [[5, 4]]],
  ["Activation", () => new layers.Activation("softmax"), [[4]]],
  ["ReLU", () => new layers.ReLU({ maxValue: 6 }), [[4]]],
  ["LeakyReLU", () => new layers.LeakyReLU(), [[4]]],
  ["ELU", () => new layers.ELU(), [[4]]],
  ["Softmax", () => new layers.Softmax(), [[3, 4]]],
  ["PReLU", () => new layers.PReLU(), [[3, 4]]],
  ["Dropout", () => new layers.Dropout(0.5), [[4]]],
  ["SpatialDropout1D", () => new layers.SpatialDropout1D(0.5), [[3, 4]]],
  ["GaussianNoise", () => new layers.GaussianNoise(0.1), [[4]]],
  ["ActivityRegularization", () => new layers.ActivityRegularization({ l2: 0.1 }), [[4]]],
  ["BatchNormalization", () => new layers.BatchNormalization(), [[4]]],
  ["LayerNormalization", () => new layers.LayerNormalization(), [[3, 4]]],
  ["Flatten", () => new layers.Flatten(), [[3, 4]]],
  ["Reshape", () => new layers.Reshape([2, -1]), [[3, 4]]],
  ["Permute", () => new layers.Permute([2, 1]), [[3, 4]]],
  ["RepeatVector", () => new layers.RepeatVector(3), [[4]]],
  ["GlobalAveragePooling1D", () => new layers.GlobalAveragePooling1D(), [[3, 4]]],
  ["GlobalMaxPooling1D", () => new layers.GlobalMaxPooling1D({ keepdims: true }), [[3, 4]]],
  ["Add", () => new layers.Add(), [[4], [4]]],
  ["Subtract", () => new layers.Subtract(), [[4], [4]]],
  ["Multiply", () => new layers.Multiply(), [[4], [1]]],
  ["Average", () => new layers.Average(), [[4], [4]]],
  ["Maximum", () => new layers.Maximum(), [[4], [4]]],
  ["Minimum", () => new layers.Minimum(), [[4], [4]]],
  ["Concatenate", () => new layers.Concatenate(), [[3], [4]]],
  ["Dot", () => new layers.Dot({ axes: 1 }), [[4], [4]]],
  ["Rescaling", () => new layers.Rescaling(1 / 255), [[4]]],
];

describe("built-in layers on KerasTensors", () => {
  for (const [name, make, shapes, dtype = "float32"] of CASES) {
    it(`${name}: symbolic output = eager output's shape (batch -> null) and dtype`, () => {
      const layer = make();
      const sym = shapes.map((s) => Input({ shape: s as number[], dtype }));
      const out = layer.apply(sym.length === 1 ? sym[0] : sym) as keras.KerasTensor;
      expect(out).toBeInstanceOf(keras.KerasTensor);
      const weightsBefore = layer.getWeights().map((w) => w.toArray());
      const eagerIn = shapes.map((s) => ops.ones([2, ...(s as number[])], dtype));
      const eager = layer.apply(eagerIn.length === 1 ? eagerIn[0] : eagerIn) as keras.Tensor;
      expect(out.shape).toEqual([null, ...eager.shape.slice(1)]);
      expect(out.dtype).toBe(eager.dtype);
      // The symbolic call left the weights as built (the eager call in inference mode changes none).
      expect(layer.getWeights().map((w) => w.toArray())).toEqual(weightsBefore);
    });
  }

  it("masks are attached to symbolic outputs (Embedding maskZero, Masking) and flow on through mask-aware layers", () => {
    const e = new layers.Embedding(10, 3, { maskZero: true }).apply(Input({ shape: [6], dtype: "int32" }));
    const m = keras.layers.getKerasMask(e)!;
    expect([m.shape, m.dtype]).toEqual([[null, 6], "bool"]);
    const d = new layers.Dense(2).apply(e);
    expect(keras.layers.getKerasMask(d)?.shape).toEqual([null, 6]);
    const masked = new layers.Masking().apply(Input({ shape: [5, 4] }));
    expect(keras.layers.getKerasMask(masked)?.shape).toEqual([null, 5]);
  });

  it("a custom layer that creates its sub-layer's weights on first call still initializes them for real", () => {
    class Wrapper extends keras.Layer {
      inner = new layers.Dense(2, { kernelInitializer: "ones" });
      override call(x: keras.Tensor) {
        return this.inner.apply(x);
      }
    }
    const w = new Wrapper();
    expect(w.apply(Input({ shape: [3] })).shape).toEqual([null, 2]);
    expect(w.inner.getWeights()[0]!.toArray()).toEqual([[1, 1], [1, 1], [1, 1]]);
  });
});

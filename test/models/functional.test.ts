// The functional API, ported from Keras's keras/src/models/functional_test.py
// (backend-independent parts) plus the Keras fixtures: the layer stacks of
// the fixture models rebuilt as functional graphs from their Keras configs,
// given Keras's weights, predict what Keras predicted.
import { describe, it, expect, vi } from "vitest";
import * as keras from "../../src/index.js";
import { readFileSync } from "node:fs";
import { FIXTURES, fixture } from "../helpers/fixtures.js";

const { ops, layers } = keras;
const { Functional } = keras.models;
const { Input } = keras;

describe("Input and KerasTensor", () => {
  it("Input gives a KerasTensor with the batch axis unknown, the dtype and the name", () => {
    const x = Input({ shape: [3], name: "a" });
    expect(x).toBeInstanceOf(keras.KerasTensor);
    expect(x).toBeInstanceOf(keras.Tensor);
    expect(x.shape).toEqual([null, 3]);
    expect(x.dtype).toBe("float32");
    expect(x.name).toBe("a");
    expect(Input({ shape: [2], batchSize: 4, dtype: "int32" }).shape).toEqual([4, 2]);
    expect(Input({ batchShape: [null, null, 5] }).shape).toEqual([null, null, 5]);
    expect(String(x)).toBe("<KerasTensor shape=(None, 3), dtype=float32, sparse=False, ragged=False, name=a>");
  });

  it("reading values of a KerasTensor throws Keras's error", () => {
    const x = Input({ shape: [3] });
    expect(() => x.data).toThrow(/A KerasTensor is symbolic: it's a placeholder for a shape an a dtype/);
    expect(() => x.toArray()).toThrow(keras.ValueError);
    expect(() => x.item()).toThrow(/doesn't have any actual numerical value/);
  });

  it("ops on KerasTensors give shapes and dtypes without computing (null dims propagate)", () => {
    const x = Input({ shape: [4] });
    const i = Input({ shape: [5], dtype: "int32" });
    expect(ops.matmul(x, ops.ones([4, 2])).shape).toEqual([null, 2]);
    expect(ops.sum(x, 1).shape).toEqual([null]);
    expect(ops.mean(x, 0).shape).toEqual([4]);
    expect(ops.reshape(x, [-1, 2, 2]).shape).toEqual([null, 2, 2]);
    expect(ops.reshape(x, [-1]).shape).toEqual([null]);
    expect(ops.transpose(x).shape).toEqual([4, null]);
    expect(ops.concatenate([x, x], -1).shape).toEqual([null, 8]);
    expect(ops.concatenate([x, x], 0).shape).toEqual([null, 4]);
    expect(ops.stack([x, x]).shape).toEqual([2, null, 4]);
    expect(ops.expandDims(x, 1).shape).toEqual([null, 1, 4]);
    const eq = ops.equal(i, 0);
    expect([eq.shape, eq.dtype]).toEqual([[null, 5], "bool"]);
    expect(ops.divide(i, 2).dtype).toBe("float32"); // true division promotes ints
    expect(ops.argmax(x, -1).dtype).toBe("int32");
    expect(ops.oneHot(i, 3).shape).toEqual([null, 5, 3]);
    expect(ops.cast(x, "float16").dtype).toBe("float16");
    expect(ops.gelu(x).shape).toEqual([null, 4]);
    // A bad combination fails as the op would on values.
    expect(() => ops.matmul(x, ops.ones([3, 2]))).toThrow(keras.ValueError);
  });

  it("layer.apply on a KerasTensor builds the layer from the symbolic shape", () => {
    const x = Input({ shape: [3] });
    const dense = new layers.Dense(5);
    const y = dense.apply(x);
    expect(dense.built).toBe(true);
    expect(dense.weights.map((w) => w.shape)).toEqual([[3, 5], [5]]);
    expect(y.shape).toEqual([null, 5]);
    const e = new layers.Embedding(10, 4).apply(Input({ shape: [7], dtype: "int32" }));
    expect([e.shape, e.dtype]).toEqual([[null, 7, 4], "float32"]);
    expect(new layers.Flatten().apply(Input({ shape: [2, 3] })).shape).toEqual([null, 6]);
  });

  it("a custom layer without computeOutputShape runs its call symbolically, without side effects", () => {
    class ComputeSum extends keras.Layer {
      total: keras.Variable;
      constructor() {
        super();
        this.total = this.addWeight({ shape: [], initializer: "zeros", trainable: false, name: "total" });
      }
      override call(x: keras.Tensor) {
        this.total.assign(ops.add(this.total, ops.sum(x)));
        return ops.multiply(x, 2);
      }
    }
    const layer = new ComputeSum();
    const y = layer.apply(Input({ shape: [2] }));
    expect(y.shape).toEqual([null, 2]);
    expect(layer.total.toArray()).toBe(0);
  });
});

describe("Functional (functional_test.py)", () => {
  it("test_basic_flow_multi_input: an op and two Dense, called eagerly and symbolically", () => {
    const inputA = Input({ shape: [3], batchSize: 2, name: "input_a" });
    const inputB = Input({ shape: [3], batchSize: 2, name: "input_b" });
    let x = ops.add(inputA, inputB);
    x = new layers.Dense(5).apply(x);
    const outputs = new layers.Dense(4).apply(x);
    const model = new Functional({ inputs: [inputA, inputB], outputs, name: "basic" });
    expect(model.name).toBe("basic");
    expect(model).toBeInstanceOf(keras.Layer);
    const out = model.apply([ops.ones([2, 3]), ops.ones([2, 3])]);
    expect(out.shape).toEqual([2, 4]);
    const sym = model.apply([Input({ shape: [3], batchSize: 2, name: "input_a_2" }), Input({ shape: [3], batchSize: 2, name: "input_b_2" })]);
    expect(sym).toBeInstanceOf(keras.KerasTensor);
    expect(sym.shape).toEqual([2, 4]);
  });

  it("test_basic_flow_multi_output and dict inputs/outputs", () => {
    const inputA = Input({ shape: [3], name: "a" });
    const inputB = Input({ shape: [3], name: "b" });
    const x = ops.add(inputA, inputB);
    const o1 = new layers.Dense(5).apply(x);
    const o2 = new layers.Dense(4).apply(x);
    const listModel = new Functional({ inputs: [inputA, inputB], outputs: [o1, o2] });
    const [r1, r2] = listModel.apply([ops.ones([2, 3]), ops.ones([2, 3])]) as keras.Tensor[];
    expect([r1!.shape, r2!.shape]).toEqual([[2, 5], [2, 4]]);
    const dictModel = new Functional({ inputs: { a: inputA, b: inputB }, outputs: { x: o1, y: o2 } });
    const r = dictModel.apply({ a: ops.ones([2, 3]), b: ops.zeros([2, 3]) }) as Record<string, keras.Tensor>;
    expect(Object.keys(r)).toEqual(["x", "y"]);
    expect(r.y!.shape).toEqual([2, 4]);
    // The same values as the list model: one graph, shared layers.
    const l = listModel.apply([ops.ones([2, 3]), ops.zeros([2, 3])]) as keras.Tensor[];
    expect(r.x!.toArray()).toEqual(l[0]!.toArray());
    // A list model accepts an object keyed by input names.
    const byName = listModel.apply({ a: ops.ones([2, 3]), b: ops.zeros([2, 3]) }) as keras.Tensor[];
    expect(byName[1]!.toArray()).toEqual(l[1]!.toArray());
  });

  it("runs the graph on values: equals calling the layers by hand", () => {
    const inputs = Input({ shape: [3] });
    const d1 = new layers.Dense(4, { activation: "tanh" });
    const d2 = new layers.Dense(2);
    const outputs = d2.apply(ops.multiply(d1.apply(inputs), 2));
    const model = new Functional({ inputs, outputs });
    const v = keras.tensor([[1, 2, 3], [-1, 0, 0.5]]);
    expect(model.apply(v).toArray()).toEqual(d2.apply(ops.multiply(d1.apply(v), 2)).toArray());
    expect(model.weights.length).toBe(4);
    expect(model.trainableWeights.length).toBe(4);
  });

  it("test_layer_getters: getLayer by name and index, layers in graph order", () => {
    const inputs = Input({ shape: [3], name: "in" });
    const x = new layers.Dense(5, { name: "d1" }).apply(inputs);
    const outputs = new layers.Dense(2, { name: "d2" }).apply(x);
    const model = new Functional({ inputs, outputs });
    expect(model.layers.map((l) => l.name)).toEqual(["in", "d1", "d2"]);
    expect(model.getLayer("d2").name).toBe("d2");
    expect(model.getLayer(1).name).toBe("d1");
    expect(() => model.getLayer("nope")).toThrow(/No such layer: nope. Existing layers are: \['in', 'd1', 'd2'\]/);
    expect(model.outputNames).toEqual(["d2"]);
  });

  it("test_training_arg: training reaches Dropout inside the graph", () => {
    const inputs = Input({ shape: [100] });
    const outputs = new layers.Dropout(0.5, { seed: 1 }).apply(inputs);
    const model = new Functional({ inputs, outputs });
    const x = ops.ones([4, 100]);
    expect(model.apply(x).toArray()).toEqual(x.toArray());
    const trained = model.apply(x, { training: true }).data as Float32Array;
    // Kept values are scaled by 1 / (1 - 0.5) = 2; some are dropped.
    expect(new Set(trained)).toEqual(new Set([0, 2]));
  });

  it("shared layers: one layer called twice is one layer with two nodes", () => {
    const a = Input({ shape: [3] });
    const b = Input({ shape: [3] });
    const shared = new layers.Dense(2, { name: "shared" });
    const outputs = new layers.Add().apply([shared.apply(a), shared.apply(b)]);
    const model = new Functional({ inputs: [a, b], outputs });
    expect(model.layers.filter((l) => l.name === "shared").length).toBe(1);
    expect(model.weights.length).toBe(2);
    const x = keras.tensor([[1, 2, 3]]);
    const y = keras.tensor([[0, 1, 0]]);
    expect(model.apply([x, y]).toArray()).toEqual(ops.add(shared.apply(x), shared.apply(y)).toArray());
  });

  it("nested models: a functional model called as a layer inside another", () => {
    const innerIn = Input({ shape: [3] });
    const inner = new Functional({ inputs: innerIn, outputs: new layers.Dense(4, { activation: "relu" }).apply(innerIn), name: "inner" });
    const inputs = Input({ shape: [3] });
    const outputs = new layers.Dense(1).apply(inner.apply(inputs));
    const outer = new Functional({ inputs, outputs });
    expect(outer.layers.map((l) => l.name).includes("inner")).toBe(true);
    expect(outer.weights.length).toBe(4);
    const x = keras.tensor([[1, 2, 3], [3, 2, 1]]);
    expect(outer.apply(x).toArray()).toEqual(outer.getLayer(2).apply(inner.apply(x)).toArray());
  });

  it("test_mask_arg / masking: Embedding(maskZero) -> pooling gets the mask inside the graph", () => {
    const inputs = Input({ shape: [4], dtype: "int32" });
    const emb = new layers.Embedding(5, 2, { maskZero: true, embeddingsInitializer: "ones" });
    const e = emb.apply(inputs);
    expect(keras.layers.getKerasMask(e)?.shape).toEqual([null, 4]);
    const outputs = new layers.GlobalAveragePooling1D().apply(e);
    const model = new Functional({ inputs, outputs });
    // Masked mean over the nonzero tokens of ones = 1; unmasked it would be 0.5.
    emb.setWeights([ops.multiply(ops.ones([5, 2]), keras.tensor([[0], [1], [1], [1], [1]]))]);
    expect(model.apply(keras.tensor(new Int32Array([1, 2, 0, 0]), [1, 4])).toArray()).toEqual([[1, 1]]);
  });

  it("intermediate tensors as inputs: a sub-model from the middle of a graph", () => {
    const inputs = Input({ shape: [3] });
    const mid = new layers.Dense(4, { name: "mid" }).apply(inputs);
    const out = new layers.Dense(2, { name: "head" }).apply(mid);
    const head = new Functional({ inputs: mid, outputs: out });
    // Keras clones an Input for `mid` (an InputLayer row); here the graph starts at it.
    expect(head.layers.map((l) => l.name)).toEqual(["head"]);
    expect(head.apply(ops.ones([1, 4])).shape).toEqual([1, 2]);
    expect(() => head.getConfig()).toThrow(keras.NotImplementedError);
  });

  it("errors: Graph disconnected, duplicate names, non-KerasTensor inputs, wrong input shape", () => {
    const a = Input({ shape: [3], name: "a" });
    const b = Input({ shape: [3], name: "b" });
    const out = new layers.Add({ name: "add_ab" }).apply([a, b]);
    expect(() => new Functional({ inputs: a, outputs: out })).toThrow(
      /^Graph disconnected: cannot find parent for tensor <KerasTensor shape=\(None, 3\).*name=b> at operation 'add_ab'/,
    );
    const x = Input({ shape: [3] });
    const y = new layers.Dense(2, { name: "same" }).apply(new layers.Dense(3, { name: "same" }).apply(x));
    expect(() => new Functional({ inputs: x, outputs: y })).toThrow(/The name "same" is used 2 times in the model. All operation names should be unique./);
    expect(() => new Functional({ inputs: ops.ones([1, 3]), outputs: y })).toThrow(/All `inputs` values must be KerasTensors/);
    const m = new Functional({ inputs: a, outputs: new layers.Dense(2).apply(a) });
    expect(() => m.apply(ops.ones([2, 4]))).toThrow(/expected shape=\(None, 3\), found shape=\(2, 4\)/);
    expect(() => m.apply([ops.ones([2, 3]), ops.ones([2, 3])])).toThrow(/The structure of `inputs` doesn't match/);
  });

  it("test_rank_standardization: a trailing axis of 1 is squeezed or added to match the input", () => {
    const a = Input({ shape: [3], batchSize: 2 });
    const down = new Functional({ inputs: a, outputs: new layers.Dense(3).apply(a) });
    expect(down.apply(ops.ones([2, 3, 1])).shape).toEqual([2, 3]);
    const b = Input({ shape: [3, 1], batchSize: 2 });
    const up = new Functional({ inputs: b, outputs: new layers.Dense(3).apply(b) });
    expect(up.apply(ops.ones([2, 3])).shape).toEqual([2, 3, 3]);
  });

  it("test_dtype_standardization: values are converted to each input's dtype", () => {
    const f = Input({ shape: [2], dtype: "float16" });
    const i = Input({ shape: [2], dtype: "int32" });
    const model = new Functional({ inputs: [f, i], outputs: [ops.multiply(f, 1), ops.add(i, 1)] });
    const [of, oi] = model.apply([ops.ones([1, 2]), keras.tensor([[1.7, 2]])]) as keras.Tensor[];
    expect(of!.dtype).toBe("float16");
    expect([oi!.dtype, oi!.toArray()]).toEqual(["int32", [[2, 3]]]);
  });

  it("test_add_loss: activity regularizers inside the graph reach model.losses on each call", () => {
    const inputs = Input({ shape: [2] });
    const dense = new layers.Dense(1, { kernelInitializer: "ones", activityRegularizer: new keras.regularizers.L2(0.5) });
    const model = new Functional({ inputs, outputs: dense.apply(inputs) });
    model.apply(keras.tensor([[1, 2], [3, 4]]));
    // outputs [3, 7]: 0.5 * (9 + 49) = 29, divided by the batch size 2 (Keras's activity loss) = 14.5.
    expect(model.losses.map((l) => l.item())).toEqual([14.5]);
    model.apply(keras.tensor([[1, 1]]));
    expect(model.losses.map((l) => l.item())).toEqual([2]);
  });

  it("a dict of inputs whose keys differ from the tensor names warns, as Keras does", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const a = Input({ shape: [1], name: "a" });
    new Functional({ inputs: { z: a }, outputs: new layers.Dense(1).apply(a) });
    expect(warn.mock.calls[0]![0]).toMatch(/all keys in the dict must match the names/);
    warn.mockRestore();
  });
});

describe("new Model({ inputs, outputs }) and training a functional model", () => {
  it("new keras.Model({ inputs, outputs }) is a Functional, a Model", () => {
    const inputs = Input({ shape: [2] });
    const model = new keras.Model({ inputs, outputs: new layers.Dense(1).apply(inputs), name: "f" });
    expect(model).toBeInstanceOf(Functional);
    expect(model).toBeInstanceOf(keras.Model);
    expect(model.name).toBe("f");
  });

  it("compile + fit on a two-input functional model lowers the loss; predict runs the graph", async () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [1], name: "b" });
    const x = new layers.Concatenate().apply([new layers.Dense(4, { activation: "tanh", kernelInitializer: new keras.initializers.GlorotUniform({ seed: 1 }) }).apply(a), b]);
    const model = new keras.Model({ inputs: [a, b], outputs: new layers.Dense(1, { kernelInitializer: "zeros" }).apply(x) });
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    const xa = keras.tensor([[0, 1], [1, 0], [1, 1], [0, 0]]);
    const xb = keras.tensor([[1], [0], [1], [0]]);
    const y = keras.tensor([[1], [0], [2], [0]]);
    const history = await model.fit([xa, xb], y, { epochs: 20, batchSize: 4, verbose: 0 });
    const loss = history.history.loss!;
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! / 2);
    const p = (await model.predict({ a: xa, b: xb })) as keras.Tensor;
    expect(p.shape).toEqual([4, 1]);
  });
});

describe("Functional config (Keras's layout)", () => {
  it("getConfig has Keras's keys; layers carry inbound_nodes with __keras_tensor__ references", () => {
    const inputs = Input({ shape: [3], name: "x" });
    const h = new layers.Dense(2, { name: "d" }).apply(inputs);
    const model = new Functional({ inputs, outputs: ops.relu(h), name: "m" });
    const json = keras.saving.serializeKerasObject(model) as { class_name: string; config: Record<string, unknown> };
    expect(json.class_name).toBe("Functional");
    expect(Object.keys(json.config)).toEqual(["name", "trainable", "layers", "input_layers", "output_layers"]);
    const ls = json.config.layers as Record<string, unknown>[];
    expect(ls.map((l) => l.name)).toEqual(["x", "d", "relu"]);
    expect(ls[0]!.inbound_nodes).toEqual([]);
    expect(ls[1]!.inbound_nodes).toEqual([
      { args: [{ class_name: "__keras_tensor__", config: { shape: [null, 3], dtype: "float32", keras_history: ["x", 0, 0] } }], kwargs: {} },
    ]);
    expect(json.config.input_layers).toEqual(["x", 0, 0]);
    expect(json.config.output_layers).toEqual(["relu", 0, 0]);
  });

  it("round-trips: multi-input, shared layer, ops with constants, object outputs", () => {
    const a = Input({ shape: [3], name: "a" });
    const b = Input({ shape: [3], name: "b" });
    const shared = new layers.Dense(3, { name: "shared" });
    const s1 = shared.apply(a);
    const s2 = shared.apply(shared.apply(b));
    const c = ops.matmul(ops.add(s1, s2), keras.tensor([[1, 0], [0, 1], [1, 1]]));
    const model = new Functional({ inputs: [a, b], outputs: { sum: c, tanh: ops.tanh(s2) } });
    const json = keras.saving.serializeKerasObject(model);
    const copy = keras.saving.deserializeKerasObject(JSON.parse(JSON.stringify(json))) as InstanceType<typeof Functional>;
    expect(keras.saving.serializeKerasObject(copy)).toEqual(json);
    copy.setWeights(model.getWeights());
    const x = [keras.tensor([[1, 2, 3]]), keras.tensor([[-1, 0, 2]])];
    const want = model.apply(x) as Record<string, keras.Tensor>;
    const got = copy.apply(x) as Record<string, keras.Tensor>;
    expect(got.sum!.toArray()).toEqual(want.sum!.toArray());
    expect(got.tanh!.toArray()).toEqual(want.tanh!.toArray());
  });

  it("round-trips a nested model", () => {
    const ii = Input({ shape: [2] });
    const inner = new Functional({ inputs: ii, outputs: new layers.Dense(3).apply(ii), name: "inner_m" });
    const inputs = Input({ shape: [2] });
    const model = new Functional({ inputs, outputs: new layers.Dense(1).apply(inner.apply(inputs)) });
    const json = keras.saving.serializeKerasObject(model);
    const copy = keras.saving.deserializeKerasObject(json) as InstanceType<typeof Functional>;
    copy.setWeights(model.getWeights());
    const x = keras.tensor([[1, 2], [3, -4]]);
    expect(copy.apply(x).toArray()).toEqual(model.apply(x).toArray());
  });
});

describe("a Keras 3 Functional config (written by Python Keras) loads", () => {
  it("embed: the fixture's layer configs in Keras's Functional layout (module path, mask kwargs) predict what Keras predicted", () => {
    // The layer entries are Keras's own (the fixture's); the graph wiring follows
    // keras/src/models/functional.py get_config: name + inbound_nodes per layer,
    // Keras's `mask` kwarg on the pooling call, input_layers / output_layers.
    const layout = fixture<Layout>("models/embed.layout.json");
    const expected = fixture<Expected>("models/embed.expected.json");
    const [inp, emb, pool, dense] = layout["config.json"].config.layers as Record<string, unknown>[];
    const kt = (shape: (number | null)[], dtype: string, history: [string, number, number]) =>
      ({ class_name: "__keras_tensor__", config: { shape, dtype, keras_history: history } });
    const name = (l: Record<string, unknown>) => (l.config as { name: string }).name;
    const config = {
      module: "keras.src.models.functional", class_name: "Functional", registered_name: "Functional",
      config: {
        name: "embed_functional", trainable: true,
        layers: [
          { ...inp, name: name(inp!), inbound_nodes: [] },
          { ...emb, name: name(emb!), inbound_nodes: [{ args: [kt([null, 7], "int32", [name(inp!), 0, 0])], kwargs: {} }] },
          {
            ...pool, name: name(pool!),
            inbound_nodes: [{ args: [kt([null, 7, 4], "float32", [name(emb!), 0, 0])], kwargs: { mask: kt([null, 7], "bool", ["not_equal", 0, 0]) } }],
          },
          { ...dense, name: name(dense!), inbound_nodes: [{ args: [kt([null, 4], "float32", [name(pool!), 0, 0])], kwargs: {} }] },
        ],
        input_layers: [[name(inp!), 0, 0]],
        output_layers: [[name(dense!), 0, 0]],
      },
    };
    const model = keras.saving.deserializeKerasObject(config) as InstanceType<typeof Functional>;
    expect(model).toBeInstanceOf(Functional);
    expect(model.layers.map((l) => l.name)).toEqual(["input_layer", "embedding", "global_average_pooling1d", "dense"]);
    model.setWeights(expected.weights.map((w) => keras.tensor(w.values, w.shape, w.dtype)));
    const got = model.apply(keras.tensor(expected.input.values, expected.input.shape, expected.input.dtype)).data as Float32Array;
    got.forEach((v, i) => expect(Math.abs(v - expected.predict.values[i]!)).toBeLessThanOrEqual(1e-5));
  });
});

interface Arr { shape: number[]; dtype: string; values: number[] }
interface Expected { input: Arr; predict: Arr; weights: (Arr & { path: string })[] }
interface Layout { "config.json": { config: { layers: Record<string, unknown>[] } } }

describe("Keras fixtures: the fixture models as functional graphs predict what Keras predicted", () => {
  for (const name of ["mlp", "bn", "embed"]) {
    it(`${name}: layers from Keras's configs, Keras's weights, predict within 1e-5 (and again after a config round trip)`, () => {
      const layout = fixture<Layout>(`models/${name}.layout.json`);
      const expected = fixture<Expected>(`models/${name}.expected.json`);
      const [inputData, ...rest] = layout["config.json"].config.layers;
      const input = keras.saving.deserializeKerasObject(inputData) as keras.layers.InputLayer;
      let x: keras.Tensor = input.output;
      for (const data of rest) x = (keras.saving.deserializeKerasObject(data) as keras.Layer).apply(x);
      const model = new Functional({ inputs: input.output, outputs: x });
      model.setWeights(expected.weights.map((w) => keras.tensor(w.values, w.shape, w.dtype)));
      const inp = keras.tensor(expected.input.values, expected.input.shape, expected.input.dtype);
      const check = (m: InstanceType<typeof Functional>): void => {
        const got = m.apply(inp).data as Float32Array;
        expect(got.length).toBe(expected.predict.values.length);
        got.forEach((v, i) => expect(Math.abs(v - expected.predict.values[i]!)).toBeLessThanOrEqual(1e-5));
      };
      check(model);
      const copy = keras.saving.deserializeKerasObject(keras.saving.serializeKerasObject(model)) as InstanceType<typeof Functional>;
      copy.setWeights(model.getWeights());
      check(copy);
    });
  }
});

describe("Functional summary (summary_utils.py)", () => {
  it("a chain is 'sequential-like': Keras's 3-column table, with the InputLayer row a Sequential lacks", () => {
    // Keras's real text for Sequential([Dense(8, name=hidden), Dense(3, name=logits)]) on 4 features
    // (the fixture), with the functional model's InputLayer row inserted as Keras prints it.
    const keras3 = readFileSync(new URL("training/summary_sequential.txt", FIXTURES), "utf8");
    const lines = keras3.split("\n");
    const inputRow = "│ features (InputLayer)           │ (None, 4)              │             0 │";
    const sep = lines[5]!;
    const expected = [...lines.slice(0, 4), inputRow, sep, ...lines.slice(4)].join("\n");
    const inputs = Input({ shape: [4], name: "features" });
    const h = new layers.Dense(8, { name: "hidden" }).apply(inputs);
    const model = new Functional({ inputs, outputs: new layers.Dense(3, { name: "logits" }).apply(h), name: "mlp" });
    let printed = "";
    // The fixture was printed off a terminal: Keras's min(88, 80 columns - 4) = 76.
    const text = model.summary({ printFn: (t) => (printed = t), lineLength: 76 });
    expect(text).toBe(printed);
    expect(text.trimEnd()).toBe(expected.trimEnd());
  });

  it("a graph with two inputs gets the 'Connected to' column, wrapped as rich wraps it", () => {
    const a = Input({ shape: [2], name: "input_number_one" });
    const b = Input({ shape: [2], name: "input_number_two" });
    const sum = new layers.Add({ name: "sum" }).apply([a, b]);
    const model = new Functional({ inputs: [a, b], outputs: new layers.Dense(3, { name: "out" }).apply(sum), name: "two" });
    // Widths for 108 columns at [0.3, 0.56, 0.74, 1]: 32, 28, 19, 29, each + 2 padding = 116,
    // trimmed by rich's ratio_reduce to 103 (108 less 5 borders): 31, 27, 17, 28.
    const w = [31, 27, 17, 28];
    const rule = (l: string, m: string, r: string, ch: string) => l + w.map((n) => ch.repeat(n)).join(m) + r;
    const row = (cells: string[], bar = "│") =>
      bar + cells.map((c, i) => " " + (i === 2 ? c.padStart(w[i]! - 2) : c.padEnd(w[i]! - 2)) + " ").join(bar) + bar;
    const expected = [
      'Model: "two"',
      rule("┏", "┳", "┓", "━"),
      row(["Layer (type)", "Output Shape", "Param #", "Connected to"], "┃"),
      rule("┡", "╇", "┩", "━"),
      row(["input_number_one (InputLayer)", "(None, 2)", "0", "-"]), // 29 characters: just fits
      rule("├", "┼", "┤", "─"),
      row(["input_number_two (InputLayer)", "(None, 2)", "0", "-"]),
      rule("├", "┼", "┤", "─"),
      row(["sum (Add)", "(None, 2)", "0", "input_number_one[0][0],"]),
      row(["", "", "", "input_number_two[0][0]"]),
      rule("├", "┼", "┤", "─"),
      row(["out (Dense)", "(None, 3)", "9", "sum[0][0]"]),
      rule("└", "┴", "┘", "─"),
      " Total params: 9 (36.00 B)",
      " Trainable params: 9 (36.00 B)",
      " Non-trainable params: 0 (0.00 B)",
      "",
    ].join("\n");
    expect(model.summary({ printFn: () => {}, lineLength: 108 })).toBe(expected);
  });

  it("ops appear as rows with 0 params; a shared layer makes the table non-sequential", () => {
    const x = Input({ shape: [3], name: "x" });
    const d = new layers.Dense(3, { name: "shared_d" });
    const model = new Functional({ inputs: x, outputs: ops.relu(d.apply(d.apply(x))) });
    const text = model.summary({ printFn: () => {}, lineLength: 108 });
    expect(text).toContain("Connected to");
    expect(text).toMatch(/│ relu(_\d+)? \(Relu\) +│ \(None, 3\) +│ +0 │ shared_d\[1\]\[0\] +│/);
    expect(text).toMatch(/│ shared_d \(Dense\) +│ \(None, 3\) +│ +12 │ x\[0\]\[0\], shared_d\[0\]\[0\] +│/);
  });
});

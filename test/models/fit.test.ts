// fit / evaluate / predict against values derived by hand (float64 SGD
// re-computations in the test, explained at each case), and a small MLP
// that learns.
import { expect, test } from "vitest";
import * as keras from "../../src/index.js";
const { layers, callbacks } = keras;

/** Dense(1) with kernel w and bias b set by hand. */
function linear(w: number, b: number, options: Record<string, unknown> = {}): keras.Sequential {
  const model = new keras.Sequential([new layers.InputLayer({ shape: [1] }), new layers.Dense(1, options)]);
  model.setWeights([[[w]], [b]]);
  return model;
}

/**
 * Float64 SGD on y = w x + b with MSE and an L2 kernel penalty l2 * w^2
 * (not divided by the batch size): the loss of each batch is computed
 * before its update, as Keras's train step does.
 */
function handSgd(xs: number[], ys: number[], w: number, b: number, lr: number, l2: number, batch: number) {
  const losses: number[] = [];
  const sizes: number[] = [];
  for (let s = 0; s < xs.length; s += batch) {
    const bx = xs.slice(s, s + batch);
    const by = ys.slice(s, s + batch);
    const n = bx.length;
    const err = bx.map((x, i) => w * x + b - by[i]!);
    losses.push(err.reduce((a, e) => a + e * e, 0) / n + l2 * w * w);
    sizes.push(n);
    const gw = err.reduce((a, e, i) => a + (2 * e * bx[i]!) / n, 0) + 2 * l2 * w;
    const gb = err.reduce((a, e) => a + (2 * e) / n, 0);
    w -= lr * gw;
    b -= lr * gb;
  }
  return { losses, sizes, w, b };
}

test("one Dense, 2 samples, batch 1, SGD: the epoch loss is the mean of the per-batch losses before each update, L2 included", async () => {
  // By hand: w=0.5, b=0, x=[1, 2], y=[1, 1], lr=0.1, L2(0.01).
  // batch 0: pred 0.5, mse 0.25, penalty 0.0025 -> 0.2525; grads w: -1 + 0.01 = -0.99, b: -1 -> w 0.599, b 0.1
  // batch 1: pred 1.298, mse 0.088804, penalty 0.01 * 0.599^2 = 0.00358801 -> 0.09239201
  // epoch: (0.2525 + 0.09239201) / 2 = 0.172446005
  const model = linear(0.5, 0, { kernelRegularizer: new keras.regularizers.L2(0.01) });
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  const batchLogs: number[] = [];
  const cb = new callbacks.LambdaCallback({ onTrainBatchEnd: (_b, logs) => batchLogs.push(logs!.loss!) });
  const history = await model.fit([[1], [2]], [[1], [1]], { batchSize: 1, epochs: 1, shuffle: false, verbose: 0, callbacks: [cb] });
  expect(batchLogs[0]).toBeCloseTo(0.2525, 6);
  expect(batchLogs[1]).toBeCloseTo(0.172446005, 6); // the running mean, not the batch's own loss
  expect(history.history.loss![0]).toBeCloseTo(0.172446005, 6);
  const [k, bias] = model.getWeights().map((t) => (t.toArray() as number[]).flat(2)[0]!);
  expect(k).toBeCloseTo(0.599 - 0.1 * (2 * 0.298 * 2 + 0.02 * 0.599), 5);
  expect(bias).toBeCloseTo(0.1 - 0.1 * 2 * 0.298, 5);
});

test("a partial last batch counts by its size; several epochs follow the hand computation", async () => {
  const xs = [1, 2, 3, -1, 0.5];
  const ys = [2, 3, 5, 0, 1];
  const model = linear(0.25, -0.5, { kernelRegularizer: new keras.regularizers.L2(0.05) });
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.02 }), loss: "mean_squared_error" });
  const history = await model.fit(xs.map((x) => [x]), ys.map((y) => [y]), { batchSize: 2, epochs: 3, shuffle: false, verbose: 0 });
  let w = 0.25, b = -0.5;
  for (let e = 0; e < 3; e++) {
    const r = handSgd(xs, ys, w, b, 0.02, 0.05, 2);
    const expected = r.losses.reduce((a, l, i) => a + l * r.sizes[i]!, 0) / xs.length; // sizes 2, 2, 1
    expect(history.history.loss![e]).toBeCloseTo(expected, 5);
    ({ w, b } = r);
  }
  expect(history.epoch).toEqual([0, 1, 2]);
});

test("evaluate, predict and the *OnBatch methods agree with the hand computation", async () => {
  const model = linear(2, 1);
  model.compile({ optimizer: "sgd", loss: "mae", metrics: ["mse"] });
  // predictions 2x+1 for x = 0, 1, 2 -> 1, 3, 5; targets 1, 2, 7 -> abs errors 0, 1, 2 (mae 1), squared 0, 1, 4 (mse 5/3)
  const x = [[0], [1], [2]];
  const y = [[1], [2], [7]];
  const [loss, mse] = (await model.evaluate(x, y, { batchSize: 2, verbose: 0 })) as number[];
  expect(loss).toBeCloseTo(1, 6);
  expect(mse).toBeCloseTo(5 / 3, 6);
  expect(await model.evaluate(x, y, { verbose: 0, returnDict: true })).toEqual({ loss: expect.closeTo(1, 6), mse: expect.closeTo(5 / 3, 6) });
  expect(((await model.predict(x, { batchSize: 2, verbose: 0 })) as keras.Tensor).toArray()).toEqual([[1], [3], [5]]);
  expect((model.predictOnBatch(x) as keras.Tensor).toArray()).toEqual([[1], [3], [5]]);
  expect(model.testOnBatch(x, y)).toEqual([expect.closeTo(1, 6), expect.closeTo(5 / 3, 6)]);
  // SGD(0.01) on mae, errors e = pred - y = 0, 1, -2 (abs'(0) = 0):
  // d/dw mean|e| = mean(sign(e) x) = (0*0 + 1*1 - 1*2)/3 = -1/3, d/db = (0 + 1 - 1)/3 = 0
  model.resetMetrics();
  const out = model.trainOnBatch(x, y, { returnDict: true }) as Record<string, number>;
  expect(out.loss).toBeCloseTo(1, 6);
  const [k, b] = model.getWeights().map((t) => (t.toArray() as number[]).flat(2)[0]!);
  expect(k).toBeCloseTo(2 + 0.01 / 3, 6);
  expect(b).toBeCloseTo(1, 6);
});

test("sample weights and class weights scale the loss as Keras's sum_over_batch_size", async () => {
  const model = linear(1, 0);
  model.compile({ optimizer: "sgd", loss: "mse" });
  // errors 1 and 2 (squared 1, 4); weights 1, 0 -> (1*1 + 0*4) / 2 = 0.5
  const loss = await model.evaluate([[1], [2]], [[0], [0]], { sampleWeight: [1, 0], verbose: 0 });
  expect(loss).toBeCloseTo(0.5, 6);
  const clf = new keras.Sequential([new layers.InputLayer({ shape: [2] }), new layers.Dense(2, { useBias: false })]);
  clf.setWeights([[[1, 0], [0, 1]]]);
  clf.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  // per-sample CE of logits [2, 0] labels 0 and 1: log(1 + e^-2), log(1 + e^2); class weights {0: 1, 1: 3}
  const ce0 = Math.log(1 + Math.exp(-2)), ce1 = Math.log(1 + Math.exp(2));
  const h = await clf.fit([[2, 0], [2, 0]], [0, 1], { classWeight: { 0: 1, 1: 3 }, epochs: 1, verbose: 0, shuffle: false });
  expect(h.history.loss![0]).toBeCloseTo((ce0 + 3 * ce1) / 2, 5);
});

test("a small MLP learns a toy problem: the loss falls and the accuracy rises", async () => {
  // Two Gaussian-free clusters by construction: class = x0 + x1 > 0, from a fixed sine sequence.
  const n = 64;
  const x = Array.from({ length: n }, (_, i) => [Math.sin(i * 1.3), Math.cos(i * 0.7)]);
  const y = x.map(([a, b]) => (a! + b! > 0 ? 1 : 0));
  const model = new keras.Sequential([
    new layers.InputLayer({ shape: [2] }),
    new layers.Dense(16, { activation: "relu", kernelInitializer: new keras.initializers.GlorotUniform({ seed: 1 }) }),
    new layers.Dense(2, { kernelInitializer: new keras.initializers.GlorotUniform({ seed: 2 }) }),
  ]);
  model.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.05 }), loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  const h = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
  const loss = h.history.loss!;
  const acc = h.history.accuracy!;
  expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! / 3);
  expect(acc[acc.length - 1]!).toBeGreaterThan(acc[0]!);
  expect(acc[acc.length - 1]!).toBeGreaterThanOrEqual(0.9);
  expect(model.metrics[1]).toBeInstanceOf(keras.metrics.SparseCategoricalAccuracy);
});

test("'accuracy' resolves from the shapes as Keras's compile_utils: binary, sparse or categorical", async () => {
  const cases: [number, unknown, unknown][] = [
    [1, [[1], [0]], keras.metrics.BinaryAccuracy],
    [3, [0, 2], keras.metrics.SparseCategoricalAccuracy],
    [3, [[0], [2]], keras.metrics.SparseCategoricalAccuracy],
    [3, [[1, 0, 0], [0, 0, 1]], keras.metrics.CategoricalAccuracy],
  ];
  for (const [units, y, cls] of cases) {
    const m = new keras.Sequential([new layers.InputLayer({ shape: [2] }), new layers.Dense(units, { activation: "sigmoid" })]);
    m.compile({ optimizer: "sgd", loss: units === 1 ? "binary_crossentropy" : Array.isArray((y as unknown[])[0]) && (y as number[][])[0]!.length === 3 ? "categorical_crossentropy" : "sparse_categorical_crossentropy", metrics: ["acc"] });
    await m.evaluate([[1, 2], [3, 4]], y, { verbose: 0 });
    expect(m.metrics[1]).toBeInstanceOf(cls as never);
    expect(m.metricsNames).toEqual(["loss", "acc"]);
  }
});

test("the total loss includes model.losses: addLoss from a nested custom layer and activity regularizers", async () => {
  class Penalized extends keras.Layer {
    override call(x: keras.Tensor) {
      this.addLoss(keras.ops.multiply(keras.ops.sum(x), 0.5));
      return x;
    }
  }
  class Net extends keras.Model {
    inner = new Penalized();
    dense = new layers.Dense(1, { useBias: false, kernelInitializer: "ones" });
    override call(x: keras.Tensor) {
      return this.dense.apply(this.inner.apply(x));
    }
  }
  const net = new Net();
  net.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
  // x = [[1, 2]], y = [[0]]: pred 3, mse 9; addLoss 0.5 * 3 = 1.5 -> 10.5
  const h = await net.fit([[1, 2]], [[0]], { epochs: 1, verbose: 0 });
  expect(h.history.loss![0]).toBeCloseTo(10.5, 5);
  expect(net.losses.length).toBe(1);
});

test("batches from a generator and from an async iterable; validationSplit and validationData add val_ logs", async () => {
  const model = linear(1, 0);
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
  function* gen() {
    yield [[[1]], [[0]]]; // squared error 1
    yield [[[2], [3]], [[0], [0]]]; // 4 and 9 -> batch mean 6.5, weighted by 2
  }
  const h1 = await model.fit({ [Symbol.iterator]: gen }, undefined, { epochs: 2, verbose: 0 });
  expect(h1.history.loss).toEqual([expect.closeTo(14 / 3, 5), expect.closeTo(14 / 3, 5)]);
  async function* agen() {
    yield [keras.tensor([[1], [1]]), keras.tensor([[0], [0]])];
  }
  const h2 = await model.fit({ [Symbol.asyncIterator]: agen }, undefined, { epochs: 1, verbose: 0 });
  expect(h2.history.loss![0]).toBeCloseTo(1, 6);
  const h3 = await model.fit([[1], [2], [3], [4]], [[0], [0], [0], [0]], { validationSplit: 0.25, epochs: 1, shuffle: false, verbose: 0 });
  expect(h3.history.val_loss![0]).toBeCloseTo(16, 5); // the last sample validates: (4 - 0)^2
  expect(h3.history.loss![0]).toBeCloseTo(14 / 3, 5);
  const h4 = await model.fit([[1]], [[0]], { validationData: [[[3]], [[1]]], epochs: 1, verbose: 0 });
  expect(h4.history.val_loss![0]).toBeCloseTo(4, 5);
  expect(model.history).toBe(h4);
});

test("fit yields to the event loop between batches", async () => {
  const model = linear(1, 0);
  model.compile({ optimizer: "sgd", loss: "mse" });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const x = Array.from({ length: 64 }, (_, i) => [i / 64]);
  let ran = false;
  const p = model.fit(x, x, { batchSize: 1, epochs: 1, verbose: 0 }).then(() => (ran = true));
  expect(ran).toBe(false);
  await p;
  clearInterval(timer);
  expect(ticks).toBeGreaterThan(0);
});

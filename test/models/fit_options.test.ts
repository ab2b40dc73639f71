// The fit options Keras 3 has beyond the basics (stepsPerEpoch,
// validationSteps / validationBatchSize / validationFreq, evaluate's and
// predict's `steps`), per-output loss logs of multi-output models,
// keras.utils.setRandomSeed, the LossScaleOptimizer compile() adds under
// mixed_float16, and bad input. Expected values follow Keras's
// trainers/epoch_iterator.py, compile_utils.py and trainer.py, derived at
// each case.
import { afterEach, expect, test, vi } from "vitest";
import * as keras from "../../src/index.js";
const { layers, callbacks } = keras;

afterEach(() => {
  keras.clearSession();
  vi.restoreAllMocks();
});

/** Dense(1) with kernel 1, bias 0, that records the first input of every train / test batch. */
class Recorder extends keras.Model {
  dense = new layers.Dense(1, { kernelInitializer: "ones" });
  train: number[][] = [];
  test: number[][] = [];
  override call(x: keras.Tensor) { return this.dense.apply(x) as keras.Tensor; }
  override trainStep(data: [unknown, unknown, unknown]) {
    this.train.push(((data[0] as keras.Tensor).toArray() as number[][]).map((r) => r[0]!));
    return super.trainStep(data);
  }
  override testStep(data: [unknown, unknown, unknown]) {
    this.test.push(((data[0] as keras.Tensor).toArray() as number[][]).map((r) => r[0]!));
    return super.testStep(data);
  }
}

const column = (n: number) => Array.from({ length: n }, (_, i) => [i]);

function recorder(): Recorder {
  const m = new Recorder();
  m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
  return m;
}

test("stepsPerEpoch on arrays continues one pass across epochs, and an epoch that runs out ends early with Keras's warning", async () => {
  // EpochIterator: 5 batches, 2 steps per epoch. Epoch 0: batches 0, 1;
  // epoch 1: 2, 3; epoch 2: 4, then the pass is used up (warning, the epoch
  // ends); epoch 3 starts a fresh pass: 0, 1.
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const m = recorder();
  const h = await m.fit(column(5), column(5), { batchSize: 1, epochs: 4, stepsPerEpoch: 2, shuffle: false, verbose: 0 });
  expect(m.train).toEqual([[0], [1], [2], [3], [4], [0], [1]]);
  expect(h.history.loss!.length).toBe(4);
  expect(warn.mock.calls.filter((c) => String(c[0]).startsWith("Your input ran out of data")).length).toBe(1);
});

test("stepsPerEpoch without batchSize: the batch size covers the samples in that many steps (ArrayDataAdapter)", async () => {
  // ceil(6 / 3) = 2 samples per batch.
  const m = recorder();
  await m.fit(column(6), column(6), { epochs: 1, stepsPerEpoch: 3, shuffle: false, verbose: 0 });
  expect(m.train).toEqual([[0, 1], [2, 3], [4, 5]]);
});

test("stepsPerEpoch with a one-shot generator takes that many batches per epoch from the same iterator", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  function* batches() {
    for (let i = 0; i < 5; i++) yield [[[i]], [[i]]];
  }
  const m = recorder();
  await m.fit(batches(), undefined, { epochs: 3, stepsPerEpoch: 2, verbose: 0 });
  // Epoch 0: 0, 1; epoch 1: 2, 3; epoch 2: 4, then the generator ends (warning).
  expect(m.train).toEqual([[0], [1], [2], [3], [4]]);
  expect(warn).toHaveBeenCalledTimes(1);
});

test("validationFreq: an int validates every n-th epoch, a list after the (1-based) epochs listed", async () => {
  const seen: string[][] = [];
  const cb = new callbacks.LambdaCallback({ onEpochEnd: (_e, logs) => seen.push(Object.keys(logs ?? {}).filter((k) => k.startsWith("val_"))) });
  const m = recorder();
  const h = await m.fit(column(2), column(2), { epochs: 4, validationData: [column(2), column(2)], validationFreq: 2, verbose: 0, callbacks: [cb] });
  expect(seen).toEqual([[], ["val_loss"], [], ["val_loss"]]);
  expect(h.history.val_loss!.length).toBe(2);
  seen.length = 0;
  await m.fit(column(2), column(2), { epochs: 3, validationData: [column(2), column(2)], validationFreq: [1, 3], verbose: 0, callbacks: [cb] });
  expect(seen).toEqual([["val_loss"], [], ["val_loss"]]);
});

test("validationBatchSize and validationSteps: validation batches of that size, that many per epoch, continued across epochs", async () => {
  const m = recorder();
  // 4 validation samples in batches of 1, 2 steps per validation: epoch 0 sees 0, 1; epoch 1 sees 2, 3.
  await m.fit(column(2), column(2), {
    epochs: 2, batchSize: 2, validationData: [column(4), column(4)], validationBatchSize: 1, validationSteps: 2, shuffle: false, verbose: 0,
  });
  expect(m.test).toEqual([[0], [1], [2], [3]]);
  m.test.length = 0;
  // Without validationBatchSize, validation batches take batchSize (Keras: validation_batch_size or batch_size).
  await m.fit(column(2), column(2), { epochs: 1, batchSize: 3, validationData: [column(4), column(4)], verbose: 0 });
  expect(m.test).toEqual([[0, 1, 2], [3]]);
});

test("evaluate and predict take `steps`", async () => {
  const m = recorder();
  // Kernel 1, bias 0: predictions are x; y = 2x gives squared errors x^2. Two steps of batch 2: samples 0..3, mean (0+1+4+9)/4.
  const loss = await m.evaluate(column(8), column(8).map(([v]) => [2 * v!]), { batchSize: 2, steps: 2, verbose: 0 });
  expect(loss).toBeCloseTo(3.5, 6);
  const out = (await m.predict(column(8), { batchSize: 3, steps: 2, verbose: 0 })) as keras.Tensor;
  expect(out.shape).toEqual([6, 1]);
});

test("a multi-output model logs `loss` and `<output>_loss` per output, unweighted, as Keras's CompileLoss", async () => {
  // Both outputs are x0 + x1 (kernel ones, bias zeros): x = [[1, 2], [3, 4]] -> [3, 7].
  // a: mse against [1, 5]: (4 + 4) / 2 = 4.  b: mae against [4, 4]: (1 + 3) / 2 = 2.
  // loss = 0.5 * 4 + 2 * 2 = 6; a_loss and b_loss are recorded before the weights.
  const input = keras.Input({ shape: [2] });
  const a = new layers.Dense(1, { kernelInitializer: "ones", name: "a" }).apply(input);
  const b = new layers.Dense(1, { kernelInitializer: "ones", name: "b" }).apply(input);
  const model = new keras.Model({ inputs: input, outputs: [a, b] });
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: { a: "mse", b: "mae" }, lossWeights: { a: 0.5, b: 2 } });
  const x = [[1, 2], [3, 4]];
  const y = [keras.tensor([[1], [5]]), keras.tensor([[4], [4]])];
  const logs = (await model.evaluate(x, y, { verbose: 0, returnDict: true })) as Record<string, number>;
  expect(Object.keys(logs).sort()).toEqual(["a_loss", "b_loss", "loss"]);
  expect(logs.loss).toBeCloseTo(6, 5);
  expect(logs.a_loss).toBeCloseTo(4, 5);
  expect(logs.b_loss).toBeCloseTo(2, 5);
  expect(model.metricsNames).toEqual(["loss", "a_loss", "b_loss"]);
  // evaluate's list: Keras's _flatten_metrics_in_order (metrics order).
  expect(await model.evaluate(x, y, { verbose: 0 })).toEqual([expect.closeTo(6, 5), expect.closeTo(4, 5), expect.closeTo(2, 5)]);
  const h = await model.fit(x, y, { epochs: 1, batchSize: 1, validationData: [x, y], shuffle: false, verbose: 0 });
  // Per sample: a errors 2 and 2 -> 4, 4; b errors 1 and 3 -> 1, 3. Means over the epoch: a 4, b 2.
  expect(h.history.a_loss![0]).toBeCloseTo(4, 5);
  expect(h.history.b_loss![0]).toBeCloseTo(2, 5);
  expect(h.history.val_a_loss![0]).toBeCloseTo(4, 5);
  expect(h.history.val_loss![0]).toBeCloseTo(6, 5);
});

test("a multi-output model with metrics per output names them '<output>_<metric>'; one loss alone adds no '<output>_loss'", async () => {
  const input = keras.Input({ shape: [2] });
  const a = new layers.Dense(1, { kernelInitializer: "ones", name: "a" }).apply(input);
  const b = new layers.Dense(1, { kernelInitializer: "ones", name: "b" }).apply(input);
  const model = new keras.Model({ inputs: input, outputs: [a, b] });
  model.compile({ optimizer: "sgd", loss: ["mse", null], metrics: [["mae"], ["mse"]] });
  const logs = (await model.evaluate([[1, 2]], [keras.tensor([[3]]), keras.tensor([[2]])], { verbose: 0, returnDict: true })) as Record<string, number>;
  // One loss: CompileLoss adds trackers only with more than one loss. a: pred 3 vs 3; b: pred 3 vs 2, mse 1.
  expect(Object.keys(logs).sort()).toEqual(["a_mae", "b_mse", "loss"]);
  expect(logs.b_mse).toBeCloseTo(1, 6);
  expect(logs.loss).toBeCloseTo(0, 6);
});

test("keras.utils.setRandomSeed: two runs with one seed give bit-identical weights (initializers, Dropout, shuffling); another seed differs", async () => {
  const run = async (seed: number) => {
    keras.clearSession();
    keras.utils.setRandomSeed(seed);
    const m = new keras.Sequential([
      new layers.InputLayer({ shape: [4] }), new layers.Dense(8, { activation: "relu" }), new layers.Dropout(0.5), new layers.Dense(2),
    ]);
    m.compile({ optimizer: "adam", loss: "mse" });
    const x = Array.from({ length: 16 }, (_, i) => [i, i % 3, i % 5, 1].map((v) => v / 16));
    const y = x.map((r) => [r[0]! + r[1]!, r[2]! - r[3]!]);
    await m.fit(x, y, { batchSize: 4, epochs: 2, verbose: 0 });
    return m.getWeights().map((w) => Array.from(w.data as Float32Array));
  };
  const first = await run(42);
  expect(await run(42)).toEqual(first);
  expect(await run(43)).not.toEqual(first);
  expect(() => keras.utils.setRandomSeed(1.5)).toThrow("Expected `seed` argument to be an integer. Received: seed=1.5 (of type number)");
});

test("compile under mixed_float16 wraps the optimizer in a LossScaleOptimizer (Keras's Trainer.compile), unless autoScaleLoss is false", () => {
  keras.config.setDtypePolicy("mixed_float16");
  try {
    const m = new keras.Sequential([new layers.Dense(2)]);
    const sgd = new keras.optimizers.SGD();
    m.compile({ optimizer: sgd, loss: "mse" });
    expect(m.optimizer).toBeInstanceOf(keras.optimizers.LossScaleOptimizer);
    expect(m.optimizer!.name).toBe("loss_scale_optimizer");
    expect((m.optimizer as keras.optimizers.LossScaleOptimizer).innerOptimizer).toBe(sgd);
    m.compile({ optimizer: sgd, loss: "mse", autoScaleLoss: false });
    expect(m.optimizer).toBe(sgd);
    const lso = new keras.optimizers.LossScaleOptimizer(new keras.optimizers.SGD());
    m.compile({ optimizer: lso, loss: "mse" });
    expect(m.optimizer).toBe(lso);
  } finally {
    keras.config.setDtypePolicy("float32");
  }
  const f = new keras.Sequential([new layers.Dense(2)]);
  f.compile({ optimizer: "sgd", loss: "mse" });
  expect(f.optimizer).not.toBeInstanceOf(keras.optimizers.LossScaleOptimizer);
});

test("bad input: labels out of range, of the wrong shape or kind for the loss, bad fit options: errors, weights and iterations unchanged", async () => {
  const m = new keras.Sequential([new layers.InputLayer({ shape: [2] }), new layers.Dense(3, { kernelInitializer: "ones" })]);
  m.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy" });
  const x = [[1, 2], [3, 4]];
  await m.fit(x, [[0], [1]], { epochs: 1, verbose: 0 }).then(() => m.setWeights([[[1, 1, 1], [1, 1, 1]], [0, 0, 0]]));
  const iterations = () => Number((m.optimizer!.iterations as keras.Variable).value.item());
  const before = m.getWeights().map((t) => t.toArray());
  const it0 = iterations();
  const unchanged = () => {
    expect(m.getWeights().map((t) => t.toArray())).toEqual(before);
    expect(iterations()).toBe(it0);
  };
  // 3 classes: a label of 3 (or -1, or 0.5) is no class id.
  await expect(m.fit(x, [[3], [0]], { verbose: 0 })).rejects.toThrow(/yTrue.*class ids in \[0, 3\).*received 3/);
  await expect(m.fit(x, [[-1], [0]], { verbose: 0 })).rejects.toThrow(/received -1/);
  await expect(m.fit(x, [[0.5], [0]], { verbose: 0 })).rejects.toThrow(/not an integer/);
  unchanged();
  m.compile({ optimizer: m.optimizer!, loss: "categorical_crossentropy" });
  await expect(m.fit(x, [[1], [0]], { verbose: 0 })).rejects.toThrow("Arguments `target` and `output` must have the same shape. Received: target.shape=(2, 1), output.shape=(2, 3)");
  m.compile({ optimizer: m.optimizer!, loss: "mse" });
  await expect(m.fit(x, [[1, 2, 3, 4], [0, 0, 0, 0]], { verbose: 0 })).rejects.toThrow(/meanSquaredError.*yTrue.*\(2, 4\).*\(2, 3\)/);
  await expect(m.fit(x, [["a"], ["b"]], { verbose: 0 })).rejects.toThrow(/Expected all elements of `y.*array-like/);
  // Options checked before the first batch.
  await expect(m.fit(x, [[1, 1, 1], [1, 1, 1]], { stepsPerEpoch: 0, verbose: 0 })).rejects.toThrow("`steps_per_epoch` must be a positive integer or None. Received: steps_per_epoch=0");
  await expect(m.fit(x, [[1, 1, 1], [1, 1, 1]], { validationData: [x, x], validationFreq: "2" as never, verbose: 0 })).rejects.toThrow("Expected `validation_freq` to be a list or int. Received: validation_freq=2 of the type string.");
  await expect(m.fit(x, [[1, 1, 1], [1, 1, 1]], { validationData: 5 as never, verbose: 0 })).rejects.toThrow("`validation_data` must be `[x, y]`");
  unchanged();
});

test("fit's callbacks see the test hooks of its validation, as Keras passes them to evaluate", async () => {
  const calls: string[] = [];
  const cb = new callbacks.LambdaCallback({
    onTestBegin: () => calls.push("testBegin"), onTestBatchEnd: (b) => calls.push(`testBatch${b}`), onTestEnd: () => calls.push("testEnd"),
    onEpochEnd: (e) => calls.push(`epochEnd${e}`),
  });
  const m = recorder();
  await m.fit(column(2), column(2), { epochs: 2, validationData: [column(3), column(3)], validationBatchSize: 2, verbose: 0, callbacks: [cb] });
  // Two validation batches (2 + 1 samples) before each epoch's end.
  const round = ["testBegin", "testBatch0", "testBatch1", "testEnd"];
  expect(calls).toEqual([...round, "epochEnd0", ...round, "epochEnd1"]);
});

test("an iterable of batches takes classWeight per batch and refuses sampleWeight (Keras's dataset adapter)", async () => {
  // Kernel 1, bias 0, lr 0: x = [1, 2] predicts [1, 2]; y = [0, 1] gives squared errors 1 and 1.
  // classWeight {0: 3, 1: 1} weighs them 3 and 1: (3 + 1) / 2 = 2 (sum_over_batch_size); unweighted 1.
  const batches = { *[Symbol.iterator]() { yield [[[1], [2]], [[0], [1]]]; } };
  const m = recorder();
  expect((await m.fit(batches, undefined, { verbose: 0 })).history.loss![0]).toBeCloseTo(1, 6);
  expect((await m.fit(batches, undefined, { classWeight: { 0: 3, 1: 1 }, verbose: 0 })).history.loss![0]).toBeCloseTo(2, 6);
  await expect(m.fit(batches, undefined, { sampleWeight: [1, 2], verbose: 0 })).rejects.toThrow(
    "When providing `x` as an iterable of batches, `sample_weight` should not be passed.",
  );
  const weighted = { *[Symbol.iterator]() { yield [[[1]], [[0]], [1]]; } };
  await expect(m.fit(weighted, undefined, { classWeight: { 0: 3 }, verbose: 0 })).rejects.toThrow("You cannot `class_weight` and `sample_weight` at the same time.");
});

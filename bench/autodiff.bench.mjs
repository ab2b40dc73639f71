// One value-and-grad + SGD step of L = sum(relu(x @ W)), x 128x784, W
// 784x256: keras-wasm's valueAndGrad and a hand-written update
// (W.assign(W - lr * g)), beside tf.variableGrads + the same update on
// tfjs-wasm, in the same process. Also spills per step: copies of dropped
// tensors out of WASM memory (keras-wasm's memoryStats()), for the
// value-and-grad call alone and for the whole step (the hand-written
// update's tensors are the program's, which no scope releases).
const M = 128;
const K = 784;
const N = 256;
const LR = 1e-6;

export async function run(h) {
  const { keras } = h;
  const { ops } = keras;
  const dx = h.randn(M * K, 1);
  const dw = h.randn(K * N, 2).map((v) => v * 0.05);

  const x = keras.tensor(dx, [M, K]);
  const w = new keras.Variable(keras.tensor(dw, [K, N]));
  const loss = () => ops.sum(ops.relu(ops.matmul(x, w)));
  const gradOnly = () => keras.valueAndGrad(loss, [w]);
  const ours = () => {
    const { grads } = keras.valueAndGrad(loss, [w]);
    w.assign(ops.subtract(w, ops.multiply(grads[0], LR)));
  };

  const tf = await h.tf("wasm");
  registerTfGradients(tf);
  const tx = tf.tensor2d(dx, [M, K]);
  const tw = tf.variable(tf.tensor2d(dw, [K, N]));
  const tfStep = () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.relu(tf.matMul(tx, tw))), [tw]);
      tw.assign(tf.sub(tw, tf.mul(grads[tw.name], LR)));
    });

  // Sanity: the same gradient on both sides (first step, before any update).
  const g0 = keras.valueAndGrad(loss, [w]).grads[0].data;
  const tg0 = tf.tidy(() => tf.variableGrads(() => tf.sum(tf.relu(tf.matMul(tx, tw))), [tw]).grads[tw.name].dataSync());
  let worst = 0;
  for (let i = 0; i < g0.length; i++) worst = Math.max(worst, Math.abs(g0[i] - tg0[i]));
  if (!(worst < 1e-3)) throw new Error(`autodiff bench: gradients differ from tfjs by ${worst}`);

  const t = await h.timeMany({ ours, wasm: tfStep, gradOnly }, { samples: 15 });

  // Spills per step in steady state (after the loop above has filled the budget).
  const spillsPer = (fn, steps = 100) => {
    const before = keras.memoryStats().spills;
    for (let i = 0; i < steps; i++) fn();
    return (keras.memoryStats().spills - before) / steps;
  };
  const spillsGrad = spillsPer(gradOnly);
  const spillsStep = spillsPer(ours);
  tf.dispose([tx, tw]);

  return [
    { name: "valueAndGrad + SGD step, relu(x @ W) 128x784x256", unit: "ms", ours: t.ours, tfjsWasm: t.wasm, tfjsCpu: null },
    { name: "valueAndGrad alone, same loss", unit: "ms", ours: t.gradOnly, tfjsWasm: null, tfjsCpu: null },
    { name: "spills per valueAndGrad call (gradient dropped)", unit: "spills", ours: spillsGrad, tfjsWasm: null, tfjsCpu: null, higherIsBetter: false },
    { name: "spills per step with the hand-written update", unit: "spills", ours: spillsStep, tfjsWasm: null, tfjsCpu: null, higherIsBetter: false },
  ];
}

// tfjs-core registers its gradients through register_all_gradients.js, whose
// ES modules do not load in Node (extensionless imports); the Node bundle
// has none. So the three this step needs are registered here, with the
// formulas of tfjs-core's gradients/{Sum,Relu,BatchMatMul}_grad.ts.
let registered = false;
function registerTfGradients(tf) {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: "Sum",
    inputsToSave: ["x"],
    gradFunc: (dy, [x], attrs) => {
      const shape = x.shape.slice();
      const axes = attrs.axis == null || (Array.isArray(attrs.axis) && attrs.axis.length === 0) ? shape.map((_, i) => i) : [attrs.axis].flat();
      for (const a of axes) shape[a < 0 ? a + shape.length : a] = 1;
      return { x: () => tf.mul(tf.reshape(dy, shape), tf.ones(x.shape, "float32")) };
    },
  });
  tf.registerGradient({ kernelName: "Relu", inputsToSave: ["x"], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.cast(tf.step(x), "float32")) }) });
  tf.registerGradient({
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({ a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) }),
  });
}

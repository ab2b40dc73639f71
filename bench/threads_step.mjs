// The MNIST training step (Dense(784->256, relu) -> Dense(10), batch 128,
// SGD, sparse cross-entropy from logits: training.bench.mjs's model) on 1
// and 2 threads, for a machine shared with other work (Linux only):
// samples are 100 ms of steps, a 1-thread one then a 2-thread one, and a
// pair is kept only if other processes used < 5% of the CPUs meanwhile
// (/proc/stat less this process's own time); before each pair it waits for
// 300 ms with nothing else running. Prints the medians and the median of
// the pairs' ratios.
//
//   node bench/threads_step.mjs [pairs = 15] [give up after s = 120]   (needs a build)
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

const keras = await import(new URL("../dist/keras-wasm.node.js", import.meta.url).href);
const PAIRS = Number(process.argv[2] ?? 15);
const GIVE_UP = performance.now() + Number(process.argv[3] ?? 120) * 1000;

const cpu = () => {
  const t = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const u = process.cpuUsage();
  // busy (user, nice, system, irq, softirq) less ours, and all, in clock ticks (10 ms)
  return { others: t[0] + t[1] + t[2] + t[5] + t[6] - (u.user + u.system) / 1e4, all: t.reduce((a, b) => a + b, 0) };
};
const othersShare = (a, b) => (b.others - a.others) / Math.max(1, b.all - a.all);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { layers } = keras;
const model = new keras.Sequential([keras.Input({ shape: [784] }), new layers.Dense(256, { activation: "relu" }), new layers.Dense(10)]);
model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.01 }), loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
const x = keras.tensor(new Float32Array(128 * 784).map((_, i) => Math.sin(i * 12.9898) * 0.5), [128, 784]);
const y = keras.tensor(new Int32Array(128).map((_, i) => (i * 7) % 10), [128]);
const step = () => model.trainOnBatch(x, y);

// Workers come online asynchronously; then both paths warm up.
keras.config.setThreads(2);
for (let i = 0; i < 200 && keras.backendInfo().workerTasks === 0; i++) {
  step();
  await sleep(10);
}
for (let i = 0; i < 60; i++) {
  keras.config.setThreads(1 + (i & 1));
  step();
}

const one = [];
const two = [];
let dropped = 0;
while (one.length < PAIRS && performance.now() < GIVE_UP) {
  const idle = cpu();
  await sleep(300);
  if (othersShare(idle, cpu()) > 0.03) {
    await sleep(700);
    continue;
  }
  const c0 = cpu();
  const pair = [1, 2].map((t) => {
    keras.config.setThreads(t);
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 100) (step(), n++);
    return (performance.now() - t0) / n;
  });
  if (othersShare(c0, cpu()) < 0.05) (one.push(pair[0]), two.push(pair[1]));
  else dropped++;
}
const med = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];
if (one.length === 0) {
  console.log(`no quiet moment in ${process.argv[3] ?? 120} s (${dropped} pairs dropped)`);
} else {
  console.log(
    `training step, median of ${one.length} quiet pairs (${dropped} dropped; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}): ` +
      `1 thread ${med(one).toFixed(3)} ms, 2 threads ${med(two).toFixed(3)} ms; ratio ${med(one.map((o, i) => o / two[i])).toFixed(2)}x`,
  );
}

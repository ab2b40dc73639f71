// Worker threads never keep a process alive: Node and Deno, importing the
// built package, start the pool (a split matmul that workers took part in)
// and then exit on their own when the script ends (the workers are unref'd).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCRIPT = `
import * as keras from ${JSON.stringify(join(root, "dist", "keras-wasm.node.js"))};
const { ops, config } = keras;
const a = ops.divide(ops.reshape(ops.arange(128 * 192), [128, 192]), 977);
config.setThreads(2);
for (let i = 0; i < 400 && keras.backendInfo().workerTasks === 0; i++) {
  ops.matmul(a, ops.transpose(a));
  await new Promise((r) => setTimeout(r, 25));
}
console.log(JSON.stringify(keras.backendInfo()));
`;

// Idle after import: the warm-up worker (src/backend/threads.ts) starts, runs
// the kernels over a memory of its own and ends; the process ends too, and
// the op afterwards gives the hand-derived values: [[1, 2], [3, 4]] squared.
const IDLE = `
import * as keras from ${JSON.stringify(join(root, "dist", "keras-wasm.node.js"))};
await new Promise((r) => setTimeout(r, 500));
console.log(JSON.stringify(keras.ops.matmul([[1, 2], [3, 4]], [[1, 2], [3, 4]]).toArray()));
`;

for (const [runtime, cmd, args] of [
  ["Node", process.execPath, ["--input-type=module", "-e"]],
  ["Deno", join(root, "node_modules", ".bin", "deno"), ["eval", "--ext=js"]],
] as const) {
  test(`${runtime}: the process exits by itself after the warm-up worker ran`, () => {
    const r = spawnSync(cmd, [...args, IDLE], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.error, `${r.stderr}`).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual([[7, 10], [15, 22]]);
  }, 70_000);

  test(`${runtime}: the process exits by itself with worker threads started`, () => {
    const r = spawnSync(cmd, [...args, SCRIPT], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.error, `${r.stderr}`).toBeUndefined(); // a timeout (a worker kept it alive) is an error here
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout.trim().split("\n").pop()!) as { threads: number; workerTasks: number };
    expect(info.threads).toBe(2);
    expect(info.workerTasks).toBeGreaterThan(0);
  }, 70_000);
}

// A worker Node refuses to start (a V8 flag workers may not take) skips the
// warm-up silently: no error, no warning, the ops run.
test("Node with --no-liftoff: no warm-up, nothing printed, the op runs", () => {
  const r = spawnSync(process.execPath, ["--no-liftoff", "--input-type=module", "-e", IDLE], { cwd: root, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual([[7, 10], [15, 22]]);
}, 70_000);

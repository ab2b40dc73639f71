// Deno 2 (the `deno` npm package) runs the whole vitest suite except these
// runtime tests, including the platform suite, whose report must match Node's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import type { PlatformReport } from "../platform/index.js";
import { expectReport } from "./expect-report.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("the suite passes under Deno 2 and its platform report matches Node's", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "keras-deno-")), "report.json");
  const r = spawnSync(join(root, "node_modules", ".bin", "deno"), ["run", "-A", "npm:vitest", "run", "--exclude", "test/runtimes/**"], {
    cwd: root,
    env: { ...process.env, KERAS_PLATFORM_OUT: out, NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
    timeout: 300_000,
  });
  const log = `${r.stdout}\n${r.stderr}`;
  expect(r.error, log).toBeUndefined();
  expect(r.status, log.slice(-4000)).toBe(0);
  expect(log).toMatch(/Tests\s+\d+ passed/);
  const report = JSON.parse(readFileSync(out, "utf8")) as PlatformReport;
  expect(report.runtime).toMatch(/^deno 2\./);
  expect(report.kernels).toBe("wasm-simd");
  expect(report.relaxedSimd).toBe(true);
  await expectReport(report, { minChecks: 10, digests: true });
}, 320_000);

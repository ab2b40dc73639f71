// Shared by the runtime tests: a platform report from another runtime must
// pass every check, and its digests (hashes of the WASM results' bits) must
// equal those of the same checks run here in Node.
import { expect } from "vitest";
import * as keras from "../../src/index.js";
import { FUSED, runChecks, type PlatformReport } from "../platform/index.js";

let node: PlatformReport | null = null;

/** The platform report of this Node process (WASM kernels). */
export async function nodeReport(): Promise<PlatformReport> {
  if (node === null) {
    await keras.ready();
    node = runChecks(keras);
    expect(node.results.filter((r) => !r.ok)).toEqual([]);
  }
  return node;
}

/** Asserts every check passed and, with `digests`, that the results' bits match Node's. */
export async function expectReport(report: PlatformReport, opts: { minChecks: number; digests: boolean }): Promise<void> {
  const failed = report.results.filter((r) => !r.ok);
  expect(failed, `failing checks in ${report.runtime}`).toEqual([]);
  expect(report.results.length).toBeGreaterThanOrEqual(opts.minChecks);
  if (!opts.digests) return;
  const mine = (await nodeReport()).digests;
  expect(Object.keys(report.digests).length).toBeGreaterThan(100);
  // Matmul results fused on relaxed SIMD are bounded by the twin check, not compared bit for bit;
  // nothing else may be marked fused, and only a runtime with relaxed SIMD marks any.
  const fused = Object.keys(report.digests).filter((key) => report.digests[key]!.startsWith(FUSED));
  expect(fused.filter((key) => !key.startsWith("matmul ")), "fused digests other than matmul's").toEqual([]);
  expect(fused.length > 0, `fused digests in ${report.runtime} (relaxedSimd ${report.relaxedSimd})`).toBe(report.relaxedSimd);
  const differ = Object.keys(mine).filter((key) => !report.digests[key]?.startsWith(FUSED) && report.digests[key] !== mine[key]);
  expect(differ, `results that differ between ${report.runtime} and Node`).toEqual([]);
  expect(Object.keys(report.digests).sort()).toEqual(Object.keys(mine).sort());
}

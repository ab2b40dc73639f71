// The platform suite under vitest: Node (`vitest run`) and Deno
// (`deno run -A npm:vitest run`, spawned by test/runtimes/deno.test.ts).
// Every check runs on the WASM kernels, and the "any"-phase checks run again
// with the reference kernels forced, so the fallback path stays correct.
// With KERAS_PLATFORM_OUT set, the report (with the digests of the WASM
// results) is written there for the cross-runtime comparison.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { allChecks, newContext, runtimeName, type PlatformReport } from "./index.js";

const digests: Record<string, string> = {};
const results: PlatformReport["results"] = [];
const ctx = newContext(digests);
const ignore = newContext({});

beforeAll(() => keras.ready());

describe(`platform suite on the WASM kernels (${runtimeName()})`, () => {
  for (const c of allChecks()) {
    it(c.name, () => {
      expect(keras.backendInfo().kernels).toBe("wasm-simd");
      try {
        c.fn(keras, ctx);
        results.push({ name: c.name, ok: true });
      } catch (e) {
        results.push({ name: c.name, ok: false, error: String(e) });
        throw e;
      }
    });
  }
});

describe("platform suite with the reference kernels forced", () => {
  beforeAll(() => keras.useReferenceKernels(true));
  afterAll(() => keras.useReferenceKernels(false));
  for (const c of allChecks()) {
    if (c.phase !== "any") continue;
    it(c.name, () => {
      expect(keras.backendInfo().kernels).toBe("reference");
      c.fn(keras, ignore);
    });
  }
});

afterAll(async () => {
  const out = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.KERAS_PLATFORM_OUT;
  if (!out) return;
  const { writeFileSync } = await import("node:fs");
  const info = keras.backendInfo();
  const report: PlatformReport = { runtime: runtimeName(), kernels: info.kernels, relaxedSimd: info.relaxedSimd, results, digests };
  writeFileSync(out, JSON.stringify(report));
});

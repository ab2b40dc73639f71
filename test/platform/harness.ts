// The platform suite's harness: a framework-free registry of checks that
// every runtime runs the same way (Node and Deno under vitest, Chromium in a
// page, Cloudflare Workers in a Worker), so a difference between runtimes is
// a failing check. No imports but types: a runner passes in the keras-wasm
// module it loaded (the sources under vitest, the built package elsewhere).
//
// A check is a synchronous function `(keras, ctx) => void` that throws on
// failure. Synchronous on purpose: in a browser the pre-`ready()` phase
// must run entirely before the asynchronous compile finishes.
//   phase "any":  runs on whatever kernels are active (also the reference
//                 kernels before `ready()` in a browser, and with the
//                 reference kernels forced);
//   phase "wasm": needs the WASM kernels (twins, SIMD, memory bounds).
// `ctx.digest(name, tensor)` records a hash of a result's bits; runners
// return the digests and the Node-side tests compare them with Node's own,
// so the same input must give the same bits everywhere.
import type * as KerasModule from "../../src/index.js";

export type Keras = typeof KerasModule;
export type Tensor = KerasModule.Tensor;
export type Phase = "any" | "wasm";

export interface Context {
  /** `fused`: computed with fused multiply-adds (relaxed SIMD); recorded, not compared. */
  digest(name: string, t: Tensor | readonly Tensor[], fused?: boolean): void;
}

/**
 * Prefix of the digests of results computed with fused multiply-adds
 * (matmul on relaxed SIMD). Their last bits legitimately differ from Node's
 * (Node 20 has no relaxed SIMD), so the cross-runtime comparison skips them;
 * the twin check still bounds their error.
 */
export const FUSED = "fused ";

export interface Check {
  name: string;
  phase: Phase;
  fn: (k: Keras, ctx: Context) => void;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface PlatformReport {
  runtime: string;
  kernels: string;
  /** Whether the relaxed-SIMD kernels were active. */
  relaxedSimd: boolean;
  results: CheckResult[];
  digests: Record<string, string>;
}

/**
 * A file's list of checks and the function that adds to it. Each check file
 * exports its list (as its default export) and index.ts concatenates them:
 * explicit imports, because bundlers drop side-effect-only imports of a
 * package marked side-effect free.
 */
export function group(): { checks: Check[]; check: (name: string, fn: Check["fn"], phase?: Phase) => void } {
  const checks: Check[] = [];
  return {
    checks,
    check(name, fn, phase = "any") {
      checks.push({ name, phase, fn });
    },
  };
}

/** A context whose digests land in `into`. */
export function newContext(into: Record<string, string>): Context {
  return {
    digest(name, t, fused = false) {
      const list = Array.isArray(t) ? t : [t as Tensor];
      let h = 0x811c9dc5;
      for (const x of list) {
        for (const d of x.shape) h = Math.imul(h ^ d, 0x01000193);
        const bytes = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
        for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
      }
      into[name] = (fused ? FUSED : "") + (h >>> 0).toString(16).padStart(8, "0") + `:${list.map((x) => x.dtype + "[" + x.shape.join(",") + "]").join(";")}`;
    },
  };
}

/** The name of the runtime this code runs in. */
export function runtimeName(): string {
  const g = globalThis as { Deno?: { version?: { deno?: string } }; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.Deno?.version?.deno) return `deno ${g.Deno.version.deno}`;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? "unknown";
}

/**
 * Runs those of `checks` in `phases` against `k` and returns a report.
 * Never throws for a failing check: its error message is in the report.
 */
export function runList(k: Keras, checks: readonly Check[], phases: readonly Phase[] = ["any", "wasm"]): PlatformReport {
  const digests: Record<string, string> = {};
  const ctx = newContext(digests);
  const results: CheckResult[] = [];
  for (const c of checks) {
    if (!phases.includes(c.phase)) continue;
    try {
      c.fn(k, ctx);
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  return { runtime: runtimeName(), kernels: k.backendInfo().kernels, relaxedSimd: k.backendInfo().relaxedSimd, results, digests };
}

// ---- assertions ---------------------------------------------------------------

export class CheckFailure extends Error {
  override name = "CheckFailure";
}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new CheckFailure(msg);
}

const show = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

/** Same value: NaN equals NaN, -0 differs from +0. */
export const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Distance in float32 units in the last place. */
export function ulps(a: number, b: number): number {
  if (same(a, b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const i = new Int32Array(new Float32Array([a, b]).buffer);
  const ord = (x: number): number => (x < 0 ? -2147483648 - x : x);
  return Math.abs(ord(i[0]!) - ord(i[1]!));
}

/** Flat values equal, element by element (`tol`: absolute tolerance, 0 = exact). */
export function assertValues(what: string, got: ArrayLike<number>, want: ArrayLike<number>, tol = 0): void {
  assert(got.length === want.length, `${what}: ${got.length} elements, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    const ok = tol === 0 || !Number.isFinite(w) ? same(g, w) : Math.abs(g - w) <= tol;
    assert(ok, `${what}[${i}]: got ${show(g)}, expected ${show(w)}${tol ? ` ± ${tol}` : ""}`);
  }
}

/** A tensor with the given shape, dtype and flat values. */
export function assertTensor(what: string, t: Tensor, shape: readonly number[], dtype: string, values: ArrayLike<number>, tol = 0): void {
  assert(t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]), `${what}: shape [${t.shape}], expected [${shape}]`);
  assert(t.dtype === dtype, `${what}: dtype ${t.dtype}, expected ${dtype}`);
  assertValues(what, t.data, values, tol);
}

/** `fn` throws an instance of `cls` whose message contains `part`. */
export function assertThrows(what: string, fn: () => unknown, cls: new (...a: never[]) => Error, part: string): void {
  try {
    fn();
  } catch (e) {
    assert(e instanceof cls, `${what}: threw ${(e as Error)?.name}, expected ${cls.name}`);
    assert(e.message.includes(part), `${what}: message "${e.message}" lacks "${part}"`);
    return;
  }
  throw new CheckFailure(`${what}: did not throw`);
}

// ---- inputs ---------------------------------------------------------------------

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 3.4028234663852886e38, 1.401298464324817e-45];

/**
 * n float32 values, reproducible by seed, in [-scale, scale), with the
 * special values (NaN, ±Infinity, -0, extremes) sprinkled in when `specials`.
 */
export function values(n: number, seed: number, scale = 4, specials = true): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = specials && i % 11 === 5 ? SPECIALS[(s >>> 8) % SPECIALS.length]! : (s / 2147483648 - 1) * scale;
  }
  return out;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

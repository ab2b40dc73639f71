// Parallel kernels (src/backend/kernels.ts: PARALLEL) give the same bits on
// 1, 2, 3 and 4 threads: every kernel marked parallel, on inputs just above
// its split size (so the runs stay quick), with random bits (NaN, -0, ±Inf
// included). The count of split jobs shows the threads were really used.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { exec, output, type Arg } from "../../src/backend/exec.js";
import { KERNELS, PARALLEL, esz, type KernelName, type Param } from "../../src/backend/kernels.js";
import { Storage, materialize } from "../../src/backend/memory.js";
import { setThreads, threadStats } from "../../src/backend/threads.js";
import { backendInfo, unshare } from "../../src/backend/loader.js";
import { readFileSync } from "node:fs";
import type { DType, TypedArray } from "../../src/dtypes.js";

const DTYPE: Record<string, DType> = { f32: "float32", i32: "int32", u8: "bool", u16: "float16" };
const dtypeOf = (p: Param): DType => DTYPE["elem" in p ? p.elem : "f32"]!;

/** Random bits for a tensor of `dtype` (bool: 0/1; float16: any 16 bits). */
function data(dtype: DType, n: number, seed: number): TypedArray {
  let x = seed >>> 0 || 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  if (dtype === "bool") return Uint8Array.from({ length: n }, () => next() & 1);
  if (dtype === "float16") return Uint16Array.from({ length: n }, () => next() & 0xffff);
  if (dtype === "int32") return Int32Array.from({ length: n }, () => (next() % 2001) - 1000);
  // Mostly moderate floats, some specials (bits drawn as is: NaN, ±Inf, -0, subnormals).
  const f = new Float32Array(n);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r % 97 === 0) u[i] = next();
    else f[i] = ((r % 20001) - 10000) / 2500;
  }
  return f;
}

function tensor(dtype: DType, d: TypedArray): Storage {
  const s = new Storage(dtype, d.length);
  s.js = d;
  s.pending = false;
  return s;
}

/** Arguments for one call of `name`, from its signature, sized by `size` (a few times the split size). */
function call(name: KernelName, size: number, seed: number): { layout: unknown[]; args: () => Arg[]; outs: () => Storage[] } {
  const ps = KERNELS[name] as readonly Param[];
  const split = PARALLEL[name]!;
  // The layout of the call: counts and any shape/stride arrays, by the kernel's family.
  let layout: (string | number | Int32Array | Float32Array | Storage)[];
  const first = ps.findIndex((p) => p.kind === "num");
  if (name.startsWith("matmul")) {
    // [batch, m, k, n]: a plain product (split by rows) or a batch (split by products).
    const batch = seed % 2 === 0 ? 1 : 4 + (seed % 3);
    const m = batch === 1 ? 8 + (seed % 50) : 5 + (seed % 7);
    const k = 64 + (seed % 40);
    const n = Math.ceil(size / (batch * m * k)) + (seed % 9);
    const offs = (per: number) => (batch === 1 ? 0 : Int32Array.from({ length: batch }, (_, b) => b * per));
    // trans: A and/or B stored transposed (a transposed A's rows are columns of the stored matrix: lda stays m).
    const trans = (seed >> 2) % 4;
    layout = [`in:${batch * m * k}`, `in:${batch * k * n}`, `out:${batch * m * n}`, batch, m, k, n, offs(m * k), offs(k * n), trans, trans & 1 ? m : k];
  } else if (name === "dense_f32") {
    // (x, w, bias or 0, out, m, k, n, act): rows of the output.
    const m = 8 + (seed % 50);
    const k = 64 + (seed % 40);
    const n = Math.ceil(size / (m * k)) + (seed % 9);
    layout = [`in:${m * k}`, `in:${k * n}`, seed % 2 ? `in:${n}` : 0, `out:${m * n}`, m, k, n, seed % 3 === 0 ? 0 : 1];
  } else if (name === "sparse_softmax_ce_f32") {
    // (logits, labels, loss, grad or 0, rows, classes): whole rows, labels in [0, classes).
    const classes = 1 + (seed % 40);
    const rows = Math.ceil(size / classes) + (seed % 5);
    const labels = tensor("int32", Int32Array.from({ length: rows }, (_, r) => (r * 7 + seed) % classes));
    layout = [`in:${rows * classes}`, labels, `out:${rows}`, seed % 2 ? `out:${rows * classes}` : 0, rows, classes];
  } else if (ps[first + 1]?.kind === "ints") {
    // binary / where: rank 1 (same shape, or a scalar second input) or rank 2
    // with the second input broadcast along rows; where's condition (first)
    // has b's shape, its a the full one.
    const n = size + (seed % 37);
    const [c, r] = [33 + (seed % 20), Math.ceil(n / (33 + (seed % 20)))];
    const [len, len2, rank, shape, strides, strides2] =
      seed % 3 === 0 ? [n, n, 1, [n], [1], [1]]
      : seed % 3 === 1 ? [n, 1, 1, [n], [1], [0]]
      : [r * c, c, 2, [r, c], [c, 1], [0, 1]];
    const ins = first === 4 ? [`in:${len2}`, `in:${len}`, `in:${len2}`] : [`in:${len}`, `in:${len2}`];
    const str = first === 4 ? [strides2, strides, strides2] : [strides, strides2];
    layout = [...ins, `out:${len}`, rank, Int32Array.from(shape), ...str.map((x) => Int32Array.from(x)), new Int32Array(rank)];
  } else if (/^(softmax|log_softmax|reduce|moments)_/.test(name)) {
    // rows: [outer, R, inner], inner 1 (contiguous rows) or more; a reduction's
    // output has no R. With a block size B (reductions, moments): half the
    // time one outer row and a long R, cut into blocks by B (the last one
    // shorter), whose output has `per` values per block and column.
    const inner = seed % 2 === 0 ? 1 : 3 + (seed % 5);
    const blocked = ps.length === 6;
    const long = blocked && seed % 4 < 2;
    const R = long ? Math.ceil(size / inner) + (seed % 301) : 5 + (seed % 30);
    const outer = long ? 1 : Math.ceil(size / (R * inner)) + (seed % 5);
    const B = long ? 700 + (seed % 2000) : seed % 4 === 2 ? 3 + (seed % 7) : R + 1;
    const nb = Math.ceil(R / B);
    const per = name.startsWith("moments") ? 3 : 1;
    layout = [`in:${outer * R * inner}`, `out:${outer * (/^(reduce|moments)/.test(name) ? per * nb : R) * inner}`, outer, R, inner, ...(blocked ? [B] : [])];
  } else {
    // flat: every tensor has n elements; other numbers are scalars (clip's bounds).
    const n = size + (seed % 37);
    layout = ps.map((p, i) =>
      p.kind === "num" ? (i === first ? n : i === first + 1 ? -1.5 : 2.25)
      : p.kind === "floats" ? Float32Array.of(0.01, 0.9, 0.999, 1e-7, 0.5, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7)
      : p.kind.startsWith("out") ? `out:${n}` : `in:${n}`,
    );
  }
  const inputs = layout.map((l, i) => (typeof l === "string" && l.startsWith("in:") ? tensor(dtypeOf(ps[i]!), data(dtypeOf(ps[i]!), +l.slice(3), seed + i)) : null));
  let outs: Storage[] = [];
  return {
    layout,
    args: () => {
      outs = [];
      return layout.map((l, i) => {
        if (typeof l !== "string") return l;
        if (l.startsWith("in:")) return inputs[i]!;
        // Filled with a NaN pattern first: an output the kernel does not
        // write (an optimizer's unused state) then reads the same on every
        // run. Not a small one (a long reduction's few block results): a
        // written small storage is an input to the next kernel, which would
        // then write a scratch copy, and the test would compare fills.
        const dtype = dtypeOf(ps[i]!);
        const o = output(dtype, +l.slice(4), name);
        if (o.slot !== null) exec(`fill${esz(dtype)}` as KernelName, [o, o.length, 0x7fc00001] as never);
        outs.push(o);
        return o;
      });
    },
    outs: () => outs,
  };
}

const bits = (a: TypedArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The first byte where two lists of outputs differ, or -1 (toEqual on megabytes is slow). */
function firstDifference(a: Uint8Array[], b: Uint8Array[]): number {
  if (a.length !== b.length) return 0;
  for (let o = 0; o < a.length; o++) {
    if (a[o]!.length !== b[o]!.length) return 0;
    for (let i = 0; i < a[o]!.length; i++) if (a[o]![i] !== b[o]![i]) return i;
  }
  return -1;
}

const byWorkers = () => threadStats().tasks - threadStats().byCaller;

describe("parallel kernels give the same bits on 1 to 4 threads", () => {
  test("the WASM kernels run, and worker threads come online and take tasks", async () => {
    expect(backendInfo().kernels).toBe("wasm-simd");
    setThreads(2);
    const c = call("matmul_f32", 1 << 22, 0);
    // Workers start asynchronously (their script loads); split ops run without them until then.
    for (let i = 0; i < 400 && byWorkers() === 0; i++) {
      exec("matmul_f32", c.args() as never);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(byWorkers()).toBeGreaterThan(0);
    expect(backendInfo().threads).toBe(2);
  });
  for (const name of Object.keys(PARALLEL) as KernelName[]) {
    test(name, () => {
      const split = PARALLEL[name]!;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
          // Just above the size at which 4 threads split the call.
          const c = call(name, 4 * split.grain + 1, seed);
          const results: Uint8Array[][] = [];
          for (const t of [1, 2, 3, 4]) {
            setThreads(t);
            const before = threadStats().jobs;
            exec(name, c.args() as never);
            results.push(c.outs().map((o) => bits(materialize(o))));
            if (t > 1) expect(threadStats().jobs, `${name} on ${t} threads: split`).toBe(before + 1);
          }
          for (let t = 1; t < 4; t++) expect(firstDifference(results[t]!, results[0]!), `${name}: ${t + 1} threads vs 1`).toBe(-1);
        }),
        { numRuns: 3 },
      );
      setThreads(2);
    });
  }
});

describe("one build for every runtime", () => {
  const read = (f: string) => readFileSync(new URL(`../../build/keras-wasm.${f}.wasm`, import.meta.url));
  const plainMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  test("the modules import a shared memory, and unshare() makes them take a plain one (engines without shared memory)", () => {
    const main = read("simd");
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(main), { env: { memory: plainMemory() } })).toThrow(WebAssembly.LinkError);
    const memory = plainMemory();
    const e = new WebAssembly.Instance(new WebAssembly.Module(unshare(main)), { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
    e._start!();
    // A kernel runs over the plain memory: relu of [-1, 2, -3, 4].
    const p = e.alloc!(32);
    new Float32Array(memory.buffer, p, 4).set([-1, 2, -3, 4]);
    e.relu_f32!(p, p + 16, 4);
    expect(Array.from(new Float32Array(memory.buffer, p + 16, 4))).toEqual([0, 2, 0, 4]);
    // The relaxed patch's import is rewritten the same way (Node 20 cannot compile it: compare bytes).
    const relaxed = read("relaxed");
    const patched = unshare(relaxed);
    const diff = [...patched].flatMap((b, i) => (b !== relaxed[i] ? [[relaxed[i], b]] : []));
    expect(diff).toEqual([[3, 1]]);
  });
});

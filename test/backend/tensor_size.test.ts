// Tensors too large for the 32-bit allocator are refused before anything is
// allocated, with a ValueError naming the op, the shape and the limit, and
// every existing tensor stays intact. (Before: 4 GiB and more wrapped to a
// zero-size block, so reads returned garbage and later ops on other tensors
// hit "memory access out of bounds"; 1 to 4 GiB trapped with "unreachable".)
import { afterEach, describe, expect, test } from "vitest";
import { ops, tensor, memoryStats, random, useReferenceKernels, ValueError, type Tensor } from "../../src/index.js";
import { Layer } from "../../src/layers/layer.js";
const MAX_TENSOR_BYTES = 2 ** 30 - 4; import { kernelModule, wasmAlloc } from "../../src/backend/memory.js";
import { deserializeKerasObject } from "../../src/saving/serialization.js";
import { throws } from "../helpers/expect.js";
import "../layers/test_layers.js"; // registers test>TestDense

// The limit is AssemblyScript TLSF's BLOCK_MAXSIZE, (1 << 30) - BLOCK_OVERHEAD
// with a 4-byte block header on wasm32 (node_modules/assemblyscript/std/
// assembly/rt/common.ts); alloc(2^30 - 3) traps.
const LIMIT = 2 ** 30 - 4;

// A few tensors that must survive: a small one (JS heap), a resident one
// (WASM memory) and a view of it.
function witnesses(): { check: () => void } {
  const small = tensor([1, 2, 3]);
  const n = 20_000;
  const big = ops.arange(n);
  const view = ops.reshape(big, [100, 200]);
  return {
    check: () => {
      expect(small.toArray()).toEqual([1, 2, 3]);
      const d = big.data;
      expect([d[0], d[1234], d[n - 1]]).toEqual([0, 1234, n - 1]);
      // Later ops, on valid tensors, still work (they used to hit "memory access out of bounds").
      expect(ops.sum(big).item()).toBe((n * (n - 1)) / 2);
      expect(ops.add(view, 1).shape).toEqual([100, 200]);
      expect(ops.matmul(ops.ones([64, 64]), ops.ones([64, 64])).data[4095]).toBe(64);
    },
  };
}

function refused(f: () => unknown, where: string, shape: string): void {
  throws(f, ValueError, new RegExp(`^${where.replace(/\./g, "\\.")}:`), shape, `at most ${LIMIT} bytes`);
}

describe("tensor size limit", () => {
  afterEach(() => useReferenceKernels(false));

  test("the limit is the allocator's largest block", () => {
    expect(MAX_TENSOR_BYTES).toBe(LIMIT);
  });

  test("4 GiB and more: a ValueError naming the op, the shape and the limit; other tensors intact", () => {
    const w = witnesses();
    const resident = memoryStats().residentBytes;
    refused(() => ops.ones([32768, 32768]), "ops.ones", "(32768, 32768)");
    refused(() => ops.broadcastTo(ops.ones([1]), [2 ** 30]), "ops.broadcastTo", "(1073741824,)");
    refused(() => ops.ones([2 ** 31], "float16"), "ops.ones", "(2147483648,)");
    refused(() => ops.zeros([2 ** 20, 2 ** 20, 2 ** 20]), "ops.zeros", "(1048576, 1048576, 1048576)");
    expect(memoryStats().residentBytes).toBe(resident);
    w.check();
  });

  test("between 1 and 4 GiB (used to trap with 'unreachable'), and just over the limit", () => {
    const w = witnesses();
    refused(() => ops.ones([2 ** 28]), "ops.ones", "(268435456,)"); // exactly 1 GiB of float32
    refused(() => ops.full([3, 2 ** 28], 7, "int32"), "ops.full", "(3, 268435456)");
    refused(() => ops.zeros([LIMIT + 1], "bool"), "ops.zeros", `(${LIMIT + 1},)`);
    refused(() => ops.eye(32768), "ops.eye", "(32768, 32768)");
    refused(() => ops.arange(0, 2 ** 29, 1), "ops.arange", "(536870912,)");
    w.check();
  });

  test("ops whose output outgrows their inputs: broadcasting, matmul, concatenate, take, one_hot, cast", () => {
    const w = witnesses();
    const col = ops.ones([32768, 1]);
    const row = ops.ones([1, 32768]);
    refused(() => ops.add(col, row), "ops.add", "(32768, 32768)");
    refused(() => ops.where(ops.greater(col, 0), col, row), "ops.where", "(32768, 32768)");
    refused(() => ops.matmul(col, row), "ops.matmul", "(32768, 32768)");
    refused(() => ops.oneHot(ops.zeros([32768], "int32"), 32768), "ops.oneHot", "(32768, 32768)");
    refused(() => ops.take(ops.ones([1, 32768]), ops.zeros([32768], "int32"), 0), "ops.take", "(32768, 32768)");
    const slab = ops.broadcastTo(ops.zeros([1], "bool"), [2 ** 29]); // 512 MiB of bool: valid
    refused(() => ops.cast(slab, "float32"), "ops.cast", "(536870912,)"); // 2 GiB
    refused(() => ops.concatenate([slab, slab, slab]), "ops.concatenate", "(1610612736,)");
    refused(() => ops.stack([slab, slab, slab]), "ops.stack", "(3, 536870912)");
    w.check();
  });

  test("tensor() and random check before they allocate anything on the JS heap", () => {
    const w = witnesses();
    refused(() => tensor(new Uint8Array(2 ** 28), null, "float32"), "tensor", "(268435456,)");
    refused(() => random.normal([2 ** 28]), "keras.random.normal", "(268435456,)");
    refused(() => random.uniform([32768, 32768], { dtype: "float16" }), "keras.random.uniform", "(32768, 32768)");
    refused(() => random.truncatedNormal([2 ** 30]), "keras.random.truncated_normal", "(1073741824,)");
    w.check();
  });

  test("the same limit on the reference kernels (tensors live on the JS heap there)", () => {
    useReferenceKernels(true);
    const w = witnesses();
    refused(() => ops.ones([32768, 32768]), "ops.ones", "(32768, 32768)");
    refused(() => ops.ones([2 ** 28]), "ops.ones", "(268435456,)");
    w.check();
  });

  test("a layer weight too large: addWeight and a hostile deserialized config", () => {
    const w = witnesses();
    const layer = new Layer();
    expect(() => layer.addWeight({ shape: [32768, 32768], initializer: "zeros", name: "w" })).toThrow(/\(32768, 32768\).*at most 1073741820 bytes/);
    expect(() => layer.addWeight({ shape: [32768, 32768], name: "w" })).toThrow(ValueError); // glorot_uniform draws
    const hostile = {
      module: null,
      class_name: "test>TestDense",
      registered_name: "test>TestDense",
      config: { name: "d", units: 32768, use_bias: true, kernel_initializer: "glorot_uniform" },
      build_config: { input_shape: [null, 32768] },
    };
    expect(() => deserializeKerasObject(hostile)).toThrow(/\(32768, 32768\).*at most 1073741820 bytes/);
    w.check();
  });
});

describe("the engine refuses to grow the memory", () => {
  test("a clear ValueError instead of 'unreachable'; tensors intact, the allocator still works", () => {
    const w = witnesses();
    const blocks: number[] = [];
    let err: unknown;
    // WASM32 memory ends at 4 GiB: at most three blocks of the largest size
    // fit beside what is there. The blocks are never written, so the
    // memory they take is only reserved.
    try {
      for (let i = 0; i < 5; i++) blocks.push(wasmAlloc(LIMIT));
    } catch (e) {
      err = e;
    }
    try {
      expect(blocks.length).toBe(3);
      expect(blocks.every((p) => p >= 0)).toBe(true); // unsigned, also above 2 GiB
      expect(err).toBeInstanceOf(ValueError);
      expect((err as Error).message).toMatch(/out of WebAssembly memory: cannot allocate 1073741820 bytes/);
      // An op needing a block that no longer fits fails the same way, and cleanly.
      expect(() => ops.ones([2 ** 28 - 1])).toThrow(/out of WebAssembly memory/);
      w.check();
    } finally {
      for (const p of blocks) kernelModule().free(p);
    }
    w.check();
    const t: Tensor = ops.full([1000, 1000], 2);
    expect(ops.sum(t).item()).toBe(2_000_000);
  });
});

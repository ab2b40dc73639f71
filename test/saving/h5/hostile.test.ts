// readH5 on untrusted bytes: truncations at every length, byte flips and
// random bytes either give a tree or throw ValueError (never another error,
// never a hang, never a huge allocation); hand-made hostile files (huge
// declared shapes, cycles, deep nesting, prototype names) fail clearly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5Dataset, H5Group } from "../../../src/saving/h5/tree.js";
import { writeH5 } from "../../../src/saving/h5/writer.js";
import { H5_FIXTURES, kerasWeights } from "./helpers.js";

const mlp = kerasWeights("mlp");

/** Reads and reports how it ended; anything but a tree or a ValueError fails the test. */
function outcome(bytes: Uint8Array): "tree" | "ValueError" {
  try {
    readH5(bytes);
    return "tree";
  } catch (e) {
    if (!(e instanceof ValueError)) throw new Error(`readH5 threw ${String(e)} instead of a ValueError`, { cause: e });
    expect(e.message).toMatch(/^Invalid HDF5 file: /);
    return "ValueError";
  }
}

/** A copy of `bytes` with the superblock's end-of-file address set to `eof` (so a cut file is read deeply). */
function withEof(bytes: Uint8Array, eof: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(40, eof, true);
  return copy;
}

test("every prefix of a real weights file: a truncation error (and with the end-of-file address patched, still only ValueErrors)", () => {
  for (let n = 0; n < mlp.length; n++) {
    const cut = mlp.subarray(0, n);
    expect(outcome(cut)).toBe("ValueError");
    // With the declared length patched, the reader walks until a structure runs off the end.
    if (n >= 48) expect(outcome(withEof(cut, n))).toBe("ValueError");
  }
  expect(() => readH5(mlp.subarray(0, 1000))).toThrow("Invalid HDF5 file: the file is truncated: its superblock declares 15076 bytes but there are only 1000");
});

/** Random flips of up to `maxFlips` bytes within the first `span` bytes of `file`: each copy reads to a tree or a ValueError. */
function assertFlipsAreSafe(file: Uint8Array, span: number, maxFlips: number, numRuns: number): void {
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.nat({ max: span - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: maxFlips }),
    (flips) => {
      const copy = file.slice();
      for (const [at, v] of flips) copy[at] = v;
      outcome(copy);
    },
  ), { numRuns });
}

test("random byte flips in a real weights file: a tree or a ValueError", () => {
  assertFlipsAreSafe(mlp, mlp.length, 8, 1500);
});

test("byte flips confined to the structures (first 0x800 bytes, where headers, B-trees and heaps are)", () => {
  assertFlipsAreSafe(mlp, 0x800, 4, 1500);
});

test("byte flips in h5py files with version-2 headers and link messages, and with compact layouts", () => {
  for (const name of ["latest.h5", "compact.h5"]) {
    const file = new Uint8Array(readFileSync(join(H5_FIXTURES, name)));
    assertFlipsAreSafe(file, file.length, 6, 700);
  }
});

test("random bytes, with and without a valid signature and superblock start: a ValueError", () => {
  const head = mlp.subarray(0, 24);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (tail, signed) => {
    const bytes = signed ? new Uint8Array([...head, ...tail]) : tail;
    expect(outcome(bytes)).toBe("ValueError");
  }), { numRuns: 500 });
});

/** Replaces the first occurrence of `from` by `to` (same length). */
function patch(bytes: Uint8Array, from: number[], to: number[]): Uint8Array {
  const copy = bytes.slice();
  for (let i = 0; i + from.length <= copy.length; i++) {
    if (from.every((b, j) => copy[i + j] === b)) {
      copy.set(to, i);
      return copy;
    }
  }
  throw new Error("pattern not found");
}

test("a dataset declaring 2^32 elements fails before anything is allocated, naming the dataset", () => {
  // The dataspace of /layers/dense/vars/0, (8, 16), becomes (2^32, 1) (dims and max dims).
  const dims = (a: number[], b: number[]) => [1, 2, 1, 0, 0, 0, 0, 0, ...a, ...b, ...a, ...b];
  const huge = patch(mlp, dims([8, 0, 0, 0, 0, 0, 0, 0], [16, 0, 0, 0, 0, 0, 0, 0]), dims([0, 0, 0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]));
  expect(() => readH5(huge)).toThrow(
    'Invalid HDF5 file: dataset "/layers/dense/vars/0" declares 4294967296 elements of float32 (17179869184 bytes) but the file has only 15076 bytes');
  // And 2^62 elements (beyond 2^53) is named as such.
  const beyond = patch(mlp, dims([8, 0, 0, 0, 0, 0, 0, 0], [16, 0, 0, 0, 0, 0, 0, 0]), dims([0, 0, 0, 0, 0, 0, 0, 0x40], [1, 0, 0, 0, 0, 0, 0, 0]));
  expect(() => readH5(beyond)).toThrow(ValueError);
});

test("maxDataBytes bounds the total of all datasets", () => {
  // dense: 8x16 + 16 float32 = 576 bytes; dense_1's 16x3 kernel (192 bytes) passes 600.
  expect(() => readH5(mlp, { maxDataBytes: 600 })).toThrow(
    'Invalid HDF5 file: dataset "/layers/dense_1/vars/0" declares 48 elements of float32 (192 bytes after 576 in earlier datasets) but the limit is 600 bytes of data');
  expect(readH5(mlp, { maxDataBytes: 15076 }).kind).toBe("group");
});

const group = (children: [string, H5Group | H5Dataset][], attrs = {}): H5Group => ({ kind: "group", children: new Map(children), attrs });

test("nesting deeper than maxDepth (default 64) is refused; within it, read", () => {
  let g = group([]);
  for (let i = 0; i < 70; i++) g = group([["g", g]]);
  const bytes = writeH5(g);
  expect(() => readH5(bytes)).toThrow(/is nested 65 groups deep; the limit is 64/);
  expect(readH5(bytes, { maxDepth: 80 }).kind).toBe("group");
});

test("a group linking to its own ancestor (a cycle) is refused, not followed", () => {
  // Point the SNOD entry of /a/b at the header of /a: /a/b would be /a again.
  const bytes = writeH5(group([["a", group([["b", group([])]])]]));
  const tree = readH5(bytes);
  expect(tree.children.has("a")).toBe(true);
  // Find the object header addresses through the SNODs: entries are (name offset, header address, ...).
  const view = new DataView(bytes.buffer);
  const snods: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (bytes[i] === 0x53 && bytes[i + 1] === 0x4e && bytes[i + 2] === 0x4f && bytes[i + 3] === 0x44) snods.push(i);
  // Written children-first: the SNOD of /a (listing b) comes before the root's (listing a).
  const [ofA, ofRoot] = snods.filter((s) => view.getUint16(s + 6, true) === 1);
  const headerOfA = view.getUint32(ofRoot! + 8 + 8, true);
  const cyclic = bytes.slice();
  new DataView(cyclic.buffer).setUint32(ofA! + 8 + 8, headerOfA, true);
  expect(() => readH5(cyclic)).toThrow(/"\/a\/b" links to the object at 0x[0-9a-f]+, already read as "\/a"/);
});

test("__proto__, constructor and prototype as group, dataset and attribute names stay plain names", () => {
  const attrs: Record<string, string> = {};
  for (const k of ["__proto__", "constructor", "prototype"]) Object.defineProperty(attrs, k, { value: `v-${k}`, enumerable: true });
  const d: H5Dataset = { kind: "dataset", dtype: "int8", shape: [1], data: new Int8Array([1]), attrs };
  const back = readH5(writeH5(group([["__proto__", group([["constructor", d]], attrs)], ["prototype", d]], attrs)));
  expect(Object.getPrototypeOf(back.attrs)).toBe(Object.prototype);
  expect(Object.keys(back.attrs)).toEqual(["__proto__", "constructor", "prototype"]);
  expect(back.attrs["__proto__"]).toBe("v-__proto__");
  expect(back.attrs["constructor"]).toBe("v-constructor");
  expect(({} as Record<string, unknown>)["v-__proto__"]).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("constructor", "v-constructor");
  expect([...back.children.keys()]).toEqual(["__proto__", "prototype"]);
  expect((back.children.get("__proto__") as H5Group).children.get("constructor")!.kind).toBe("dataset");
});

test("the writer refuses trees it cannot write, naming the path", () => {
  const bad = (t: unknown) => () => writeH5(t as H5Group);
  expect(bad({ kind: "dataset" })).toThrow('writeH5: the root must be a group, got kind "dataset"');
  expect(bad(group([["a/b", group([])]]))).toThrow(/writeH5: "\/" has a member named "a\/b"/);
  expect(bad(group([["x", { kind: "dataset", dtype: "float32", shape: [2], data: new Float32Array(3), attrs: {} }]])))
    .toThrow('writeH5: "/x" has shape [2] (2 elements) but 3 data elements');
  expect(bad(group([["x", { kind: "dataset", dtype: "int64", shape: [1], data: new Int32Array(1), attrs: {} }]])))
    .toThrow('writeH5: "/x" has dtype int64, whose data must be a BigInt64Array, got');
  expect(bad(group([["b", { kind: "dataset", dtype: "bool", shape: [1], data: new Uint8Array([2]), attrs: {} }]])))
    .toThrow('writeH5: "/b" has dtype bool, whose data must be 0 or 1');
  expect(bad(group([], { a: [1, "x"] }))).toThrow(/attribute "a" must be a string, number, boolean, or an array/);
  expect(bad(group([["\ud800", group([])]]))).toThrow(ValueError);
  const loop = group([]);
  (loop.children as Map<string, H5Group>).set("self", loop);
  expect(bad(loop)).toThrow(/contains itself/);
});

test("a shared (committed) datatype is refused by name, not misread as a datatype", () => {
  // The datatype message header of the first float32 dataset: type 3, 24 bytes, flags 1 (constant) -> 3 (constant, shared).
  const shared = patch(mlp, [3, 0, 24, 0, 1, 0, 0, 0, 0x11, 0x20], [3, 0, 24, 0, 3, 0, 0, 0, 0x11, 0x20]);
  expect(() => readH5(shared)).toThrow(/has a shared message of type 3 \(e\.g\. a committed datatype\)/);
});

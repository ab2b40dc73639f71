// writeH5 -> readH5 gives back the same tree, bit for bit, for random trees:
// nested groups, datasets of every dtype (size 0 and scalar shapes
// included, arbitrary bit patterns, so NaN payloads and -0 too), attributes
// of every kind, and unicode / prototype-like names. Children come back in
// HDF5's name order (UTF-8 bytes), which is the only order the format keeps.
import fc from "fast-check";
import { expect, test } from "vitest";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5Dataset, H5Group } from "../../../src/saving/h5/tree.js";
import { writeH5 } from "../../../src/saving/h5/writer.js";
import { tree } from "./arbitraries.js";

const utf8 = new TextEncoder();
function byteOrder(a: string, b: string): number {
  const x = utf8.encode(a), y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A comparable form: children sorted by UTF-8 bytes, data as its typed-array class and raw bytes. */
function normal(node: H5Group | H5Dataset): unknown {
  const attrs = Object.entries(node.attrs);
  if (node.kind === "dataset") {
    return { kind: node.kind, dtype: node.dtype, shape: node.shape, attrs, array: node.data.constructor.name, bytes: Buffer.from(node.data.buffer, node.data.byteOffset, node.data.byteLength).toString("hex") };
  }
  return { kind: node.kind, attrs, children: [...node.children].sort(([a], [b]) => byteOrder(a, b)).map(([k, v]) => [k, normal(v)]) };
}

test("readH5(writeH5(tree)) is the tree (children in name order), bit for bit", () => {
  fc.assert(fc.property(tree, (t) => {
    const bytes = writeH5(t);
    const back = readH5(bytes);
    expect(normal(back)).toEqual(normal(t));
    // The writer is deterministic: writing what was read gives the same bytes.
    expect(Buffer.from(writeH5(back)).equals(Buffer.from(bytes))).toBe(true);
  }), { numRuns: 150 });
});

test("a group of 1,000 members (a three-level B-tree: 8 per SNOD, 32 per node) round-trips", () => {
  const children = new Map<string, H5Dataset>();
  for (let i = 0; i < 1000; i++) children.set(String(i), { kind: "dataset", dtype: "int32", shape: [], data: new Int32Array([i]), attrs: {} });
  const back = readH5(writeH5({ kind: "group", children: new Map([["vars", { kind: "group", children, attrs: {} }]]), attrs: {} }));
  const vars = back.children.get("vars") as H5Group;
  expect(vars.children.size).toBe(1000);
  // Name order: "0", "1", "10", "100", "1000"..., as h5py lists them.
  expect([...vars.children.keys()].slice(0, 4)).toEqual(["0", "1", "10", "100"]);
  for (let i = 0; i < 1000; i++) expect((vars.children.get(String(i)) as H5Dataset).data).toEqual(new Int32Array([i]));
});

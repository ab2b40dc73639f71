// writeH5 -> readH5 gives back the same tree, bit for bit, for random trees:
// nested groups, datasets of every dtype (size 0 and scalar shapes
// included, arbitrary bit patterns, so NaN payloads and -0 too), attributes
// of every kind, and unicode / prototype-like names. Children come back in
// HDF5's name order (UTF-8 bytes), which is the only order the format keeps.
import fc from "fast-check";
import { expect, test } from "vitest";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5AttrValue, H5Dataset, H5Dtype, H5Group } from "../../../src/saving/h5/tree.js";
import { writeH5 } from "../../../src/saving/h5/writer.js";

const ARRAYS: Record<H5Dtype, { new (buffer: ArrayBuffer): H5Dataset["data"]; BYTES_PER_ELEMENT: number }> = {
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, bool: Uint8Array,
};
const DTYPES = Object.keys(ARRAYS) as H5Dtype[];

const name = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "vars", "0", "10", "2", "名前", "é", "😀"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
).filter((s) => s !== "." && !s.includes("/") && !s.includes("\0"));

const attrValue: fc.Arbitrary<H5AttrValue> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.double(),
  fc.maxSafeInteger(),
  fc.boolean(),
  fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { minLength: 1, maxLength: 5 }),
  fc.array(fc.double(), { maxLength: 5 }),
  fc.array(fc.integer(), { minLength: 1, maxLength: 5 }),
);

/** Attributes as own properties (so "__proto__" is a name, not a prototype). */
const attrs = fc.uniqueArray(fc.tuple(name, attrValue), { maxLength: 4, selector: ([k]) => k }).map((pairs) => {
  const out: Record<string, H5AttrValue> = {};
  for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
});

const dataset: fc.Arbitrary<H5Dataset> = fc
  .record({ dtype: fc.constantFrom(...DTYPES), shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), attrs })
  .chain(({ dtype, shape, attrs }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const bytes = count * ARRAYS[dtype].BYTES_PER_ELEMENT;
    const raw = dtype === "bool" ? fc.array(fc.constantFrom(0, 1), { minLength: count, maxLength: count }).map((a) => new Uint8Array(a)) : fc.uint8Array({ minLength: bytes, maxLength: bytes });
    return raw.map((b): H5Dataset => ({ kind: "dataset", dtype, shape, attrs, data: new ARRAYS[dtype](b.slice().buffer) }));
  });

const tree = fc.letrec<{ group: H5Group; node: H5Group | H5Dataset }>((tie) => ({
  group: fc.record({
    children: fc.uniqueArray(fc.tuple(name, tie("node")), { maxLength: 4, selector: ([k]) => k }).map((e) => new Map(e)),
    attrs,
  }).map((g) => ({ kind: "group", ...g }) as H5Group),
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, dataset, tie("group")),
})).group;

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

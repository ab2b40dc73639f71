// fast-check arbitraries for HDF5 trees, shared by the round-trip property
// and the (opt-in) check against real h5py.
import fc from "fast-check";
import type { H5AttrValue, H5Dataset, H5Dtype, H5Group } from "../../../src/saving/h5/tree.js";

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

/** Random trees: nested groups, datasets of every dtype and shape, attributes of every kind. */
export const tree = fc.letrec<{ group: H5Group; node: H5Group | H5Dataset }>((tie) => ({
  group: fc.record({
    children: fc.uniqueArray(fc.tuple(name, tie("node")), { maxLength: 4, selector: ([k]) => k }).map((e) => new Map(e)),
    attrs,
  }).map((g) => ({ kind: "group", ...g }) as H5Group),
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, dataset, tie("group")),
})).group;

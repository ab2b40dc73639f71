// What writeH5 makes for a Keras model's tree has the layout h5py wrote for
// the same model (test/fixtures/keras/models/mlp.keras): the same groups,
// datasets, dtypes and attributes (per mlp.layout.json), superblock version
// 0 with libhdf5's defaults, and the very message bytes h5py wrote for a
// dataset's dataspace/datatype/fill value/layout and for the vlen-string
// "name" attribute (addresses aside).
import { join } from "node:path";
import { expect, test } from "vitest";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5Dataset } from "../../../src/saving/h5/tree.js";
import { writeH5 } from "../../../src/saving/h5/writer.js";
import { KERAS_MODELS, flatten, kerasWeights, readJson } from "./helpers.js";

const fixture = kerasWeights("mlp");
const written = writeH5(readH5(fixture));

/** Offset of `needle` in `hay`, or -1. */
function find(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const le64 = (n: number) => [n & 255, (n >> 8) & 255, 0, 0, 0, 0, 0, 0];

test("same groups, datasets, shapes, dtypes and attributes as h5py wrote, in the same order", () => {
  const layout = readJson(join(KERAS_MODELS, "mlp.layout.json"))["model.weights.h5"] as any[];
  const nodes = flatten(readH5(written));
  expect(nodes.map(({ path, node }) => ({
    path, kind: node.kind, attrs: node.attrs,
    ...(node.kind === "dataset" ? { shape: node.shape, dtype: node.dtype } : {}),
  }))).toEqual(layout.map((e) => ({
    path: e.path, kind: e.kind, attrs: e.attrs,
    ...(e.kind === "dataset" ? { shape: e.shape, dtype: e.dtype } : {}),
  })));
  expect((nodes.find((n) => n.path === "/layers/dense/vars/0")!.node as H5Dataset).data.slice(0, 2))
    .toEqual(new Float32Array([-0.2785795331001282, 0.14729973673820496]));
});

test("superblock version 0, 8-byte offsets and lengths, B-tree K 4 and 16, end of file = length", () => {
  // Byte for byte as h5py's first 24 bytes (signature, versions, sizes, K values, flags).
  expect(Array.from(written.subarray(0, 24))).toEqual(Array.from(fixture.subarray(0, 24)));
  const view = new DataView(written.buffer, written.byteOffset);
  expect(view.getUint32(40, true)).toBe(written.length);
});

test("a float32 dataset's dataspace, datatype, fill-value and layout messages are h5py's bytes", () => {
  // Version-1 message header of the dataspace for shape (8, 16), then its body.
  const start = [0x01, 0, 40, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0, ...le64(8), ...le64(16)];
  const a = find(fixture, start);
  const b = find(written, start);
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(0);
  // dataspace (8 + 40), datatype (8 + 24), fill value (8 + 8), layout header and its version/class (8 + 2).
  const n = 48 + 32 + 16 + 10;
  expect(Array.from(written.subarray(b, b + n))).toEqual(Array.from(fixture.subarray(a, a + n)));
});

test("the \"name\" attribute is h5py's scalar variable-length UTF-8 string message", () => {
  // Attribute message header (type 0x0c, 64 bytes), then version 1 with a 5-byte name.
  const start = [0x0c, 0, 64, 0, 0, 0, 0, 0, 1, 0, 5, 0];
  const a = find(fixture, start);
  const b = find(written, start);
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(0);
  const n = 8 + 8 + 8 + 24 + 8; // message header, attribute header, name, datatype, dataspace (then the string's length and heap id)
  expect(Array.from(written.subarray(b, b + n))).toEqual(Array.from(fixture.subarray(a, a + n)));
});

// A stand-in for the HDF5 byte format in tests of the layers above it
// (archive.test.ts mocks src/saving/h5/{reader,writer}.ts with these): the
// tree is kept in memory and the "file" is a short token naming it, so the
// zip, config, walk and compile code are tested apart from HDF5 bytes.
import type { H5Group } from "../../src/saving/h5/tree.js";

const trees = new Map<number, H5Group>();
let next = 0;
const MAGIC = [0x46, 0x41, 0x4b, 0x45]; // "FAKE"

export function fakeWriteH5(root: H5Group): Uint8Array {
  const id = next++;
  trees.set(id, root);
  return Uint8Array.from([...MAGIC, id & 255, (id >> 8) & 255]);
}

export function fakeReadH5(bytes: Uint8Array): H5Group {
  const tree = bytes.length === 6 && MAGIC.every((b, i) => bytes[i] === b) ? trees.get(bytes[4]! | (bytes[5]! << 8)) : undefined;
  if (tree === undefined) throw new Error("fake HDF5: not a token from fakeWriteH5");
  return tree;
}

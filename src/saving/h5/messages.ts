// Dataspace, data-layout and fill-value messages (format spec IV.A.2.b/.i/.f):
// parsed from any version h5py writes, encoded as libhdf5 does with the
// "earliest" version bounds that h5py uses by default.

import { ByteSink, FileBytes, hex, invalid } from "./bytes.js";

/** Message type numbers used here and in object_header.ts. */
export const MSG = {
  NIL: 0x0000,
  DATASPACE: 0x0001,
  LINK_INFO: 0x0002,
  DATATYPE: 0x0003,
  FILL_OLD: 0x0004,
  FILL: 0x0005,
  LINK: 0x0006,
  EXTERNAL_FILES: 0x0007,
  LAYOUT: 0x0008,
  FILTERS: 0x000b,
  ATTRIBUTE: 0x000c,
  CONTINUATION: 0x0010,
  SYMBOL_TABLE: 0x0011,
  ATTRIBUTE_INFO: 0x0015,
} as const;

/** A dataspace: the shape, or null for HDF5's "null" dataspace (no elements at all). */
export function parseDataspace(f: FileBytes, at: number, end: number, where: string): number[] | null {
  const what = `dataspace of ${where}`;
  const version = f.u8(at, what);
  const rank = f.u8(at + 1, what);
  const flags = f.u8(at + 2, what);
  if (rank > 32) invalid(`${what} at ${hex(at)} has rank ${rank}; HDF5 allows at most 32`);
  let p: number;
  if (version === 1) {
    p = at + 8;
  } else if (version === 2) {
    const kind = f.u8(at + 3, what);
    if (kind === 2) return null;
    if (kind === 0) return [];
    if (kind !== 1) invalid(`${what} at ${hex(at)} has type ${kind}; expected 0 (scalar), 1 (simple) or 2 (null)`);
    p = at + 4;
  } else {
    return invalid(`${what} at ${hex(at)} has version ${version}; expected 1 or 2`);
  }
  if (p + rank * f.lengthSize > end) invalid(`${what} at ${hex(at)} declares rank ${rank} but its message is cut short`);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(f.len(p + i * f.lengthSize, what));
  void flags; // maximum dimensions (flag bit 0) only matter for resizing
  return shape;
}

/** Element count of a shape, or a ValueError when it is beyond any array we could hold. */
export function elementCount(shape: readonly number[], where: string): number {
  let n = 1;
  for (const d of shape) n *= d;
  if (!Number.isSafeInteger(n)) invalid(`${where} declares shape [${shape.join(", ")}], ${n} elements`);
  return n;
}

/** Where a dataset's elements are. */
export type Layout =
  | { readonly kind: "compact"; readonly at: number; readonly size: number }
  | { readonly kind: "contiguous"; readonly address: number; readonly size: number | null };

/** Parses a data-layout message (versions 1 to 4); chunked and virtual layouts are refused by name. */
export function parseLayout(f: FileBytes, at: number, end: number, where: string): Layout {
  const what = `data layout of dataset ${where}`;
  const version = f.u8(at, what);
  const refuse = (cls: number): never => invalid(
    `dataset ${where} is stored ${cls === 2 ? "chunked (possibly compressed)" : cls === 3 ? "as a virtual dataset" : `with layout class ${cls}`}; ` +
    "keras-wasm reads contiguous and compact datasets only, which is what Keras writes");
  if (version === 1 || version === 2) {
    const rank = f.u8(at + 1, what);
    const cls = f.u8(at + 2, what);
    let p = at + 8;
    if (cls === 1) return { kind: "contiguous", address: f.address(p, what), size: null };
    if (cls !== 0) refuse(cls);
    p += rank * 4;
    const size = f.u32(p, what);
    if (p + 4 + size > end) invalid(`${what} at ${hex(at)} declares ${size} bytes of compact data but its message has only ${Math.max(end - p - 4, 0)}`);
    return { kind: "compact", at: p + 4, size };
  }
  if (version !== 3 && version !== 4) invalid(`${what} at ${hex(at)} has version ${version}; expected 1 to 4`);
  const cls = f.u8(at + 1, what);
  if (cls === 0) {
    const size = f.u16(at + 2, what);
    if (at + 4 + size > end) invalid(`${what} at ${hex(at)} declares ${size} bytes of compact data but its message has only ${Math.max(end - at - 4, 0)}`);
    return { kind: "compact", at: at + 4, size };
  }
  if (cls !== 1) refuse(cls);
  return { kind: "contiguous", address: f.address(at + 2, what), size: f.len(at + 2 + f.offsetSize, what) };
}

/** Encodes a version-1 dataspace (scalar when `shape` is []), max dims equal to dims, as h5py writes. */
export function encodeDataspace(shape: readonly number[]): Uint8Array {
  const rank = shape.length;
  const out = new ByteSink();
  out.reserve(8 + (rank > 0 ? 16 * rank : 0));
  out.u8(0, 1);
  out.u8(1, rank);
  out.u8(2, rank > 0 ? 1 : 0);
  shape.forEach((d, i) => {
    out.u64(8 + 8 * i, d);
    out.u64(8 + 8 * (rank + i), d);
  });
  return out.bytes();
}

/** Encodes a version-3 contiguous layout (address UNDEFINED_ADDRESS, all ones, when nothing is stored). */
export function encodeContiguousLayout(address: number, size: number): Uint8Array {
  const out = new ByteSink();
  out.reserve(18);
  out.u8(0, 3);
  out.u8(1, 1);
  out.u64(2, address);
  out.u64(10, size);
  return out.bytes();
}

/** The fill-value message h5py writes: version 2, late allocation, fill "if set", no value. */
export function encodeFillValue(): Uint8Array {
  return new Uint8Array([2, 2, 2, 1, 0, 0, 0, 0]);
}

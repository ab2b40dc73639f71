// HDF5 datatype messages (format spec IV.A.2.d): the subset h5py writes for
// Keras: IEEE floats, integers, h5py's bool (an enum over int8), fixed-length
// and variable-length strings. Anything else is refused by name.

import type { H5Dtype } from "./tree.js";
import { FileBytes, hex, invalid } from "./bytes.js";

/** A datatype as the reader and writer see it. */
export type H5Type =
  | { readonly cls: "float"; readonly size: 2 | 4 | 8; readonly bigEndian: boolean }
  | { readonly cls: "int"; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean; readonly bigEndian: boolean }
  | { readonly cls: "bool" }
  /** Fixed-length string; `pad` 0 = null-terminated, 1 = null-padded, 2 = space-padded. */
  | { readonly cls: "string"; readonly size: number; readonly pad: number; readonly utf8: boolean }
  | { readonly cls: "vlen-string"; readonly utf8: boolean };

/** IEEE layouts: [exponent location, exponent size, mantissa size, bias] by byte size. */
const IEEE: Record<number, readonly [number, number, number, number]> = {
  2: [10, 5, 10, 15],
  4: [23, 8, 23, 127],
  8: [52, 11, 52, 1023],
};

const CLASS_NAMES = ["integer", "float", "time", "string", "bitfield", "opaque", "compound", "reference", "enum", "variable-length", "array"];

/** Bytes one element of `t` takes in a dataset or attribute. */
export function elementSize(t: H5Type, f?: FileBytes): number {
  switch (t.cls) {
    case "bool": return 1;
    case "vlen-string": return 4 + (f?.offsetSize ?? 8) + 4;
    default: return t.size;
  }
}

/** Parses the datatype message at `at` (at most `end`); returns it and its encoded length. */
export function parseDatatype(f: FileBytes, at: number, end: number, where: string, depth = 0): { type: H5Type; length: number } {
  const what = `datatype of ${where}`;
  // Base types nest (enum over int, vlen over char); more than one level is never a Keras type.
  if (depth > 2) invalid(`${what} at ${hex(at)} nests base types ${depth} levels deep`);
  if (at + 8 > end) invalid(`${what} at ${hex(at)} is cut short`);
  const head = f.u8(at, what);
  const cls = head & 0x0f;
  const version = head >> 4;
  const bits0 = f.u8(at + 1, what);
  const bits1 = f.u8(at + 2, what);
  const size = f.u32(at + 4, what);
  const className = CLASS_NAMES[cls] ?? `class ${cls}`;
  const refuse = (detail: string): never => invalid(`${where} has a ${className} datatype ${detail}, which keras-wasm does not read`);
  if (version < 1 || version > 3) invalid(`${what} at ${hex(at)} has version ${version}; expected 1, 2 or 3`);
  switch (cls) {
    case 0: {
      if (at + 12 > end) invalid(`${what} at ${hex(at)} is cut short`);
      const offset = f.u16(at + 8, what);
      const precision = f.u16(at + 10, what);
      if ((size !== 1 && size !== 2 && size !== 4 && size !== 8) || offset !== 0 || precision !== size * 8) {
        refuse(`of ${size} bytes with ${precision} bits at bit ${offset}`);
      }
      return { type: { cls: "int", size: size as 1 | 2 | 4 | 8, signed: (bits0 & 8) !== 0, bigEndian: (bits0 & 1) !== 0 }, length: 12 };
    }
    case 1: {
      if (at + 20 > end) invalid(`${what} at ${hex(at)} is cut short`);
      const layout = IEEE[size];
      const got = [f.u8(at + 12, what), f.u8(at + 13, what), f.u8(at + 15, what), f.u32(at + 16, what)];
      const ieee = layout !== undefined && (bits0 & 0x40) === 0 && bits1 === size * 8 - 1 &&
        f.u16(at + 8, what) === 0 && f.u16(at + 10, what) === size * 8 && f.u8(at + 14, what) === 0 &&
        got.every((v, i) => v === layout[i]);
      if (!ieee) refuse(`of ${size} bytes that is not IEEE 754 half, single or double`);
      return { type: { cls: "float", size: size as 2 | 4 | 8, bigEndian: (bits0 & 1) !== 0 }, length: 20 };
    }
    case 3:
      if (size === 0) invalid(`${what} at ${hex(at)} is a string of 0 bytes`);
      return { type: { cls: "string", size, pad: bits0 & 0x0f, utf8: (bits0 >> 4) === 1 }, length: 8 };
    case 8: return parseBoolEnum(f, at, end, where, version, bits0 | (bits1 << 8), size, depth);
    case 9: {
      if ((bits0 & 0x0f) !== 1) refuse("holding sequences (not strings)");
      const base = parseDatatype(f, at + 8, end, where, depth + 1);
      return { type: { cls: "vlen-string", utf8: (bits1 & 0x0f) === 1 }, length: 8 + base.length };
    }
    default:
      return refuse("");
  }
}

/** h5py's bool: an enum over a 1-byte integer with members FALSE = 0 and TRUE = 1. */
function parseBoolEnum(f: FileBytes, at: number, end: number, where: string, version: number, count: number, size: number, depth: number) {
  const base = parseDatatype(f, at + 8, end, where, depth + 1);
  let p = at + 8 + base.length;
  const names: string[] = [];
  for (let i = 0; i < count && i < 3; i++) {
    let n = 0;
    while (f.u8(p + n, `enum member name of ${where}`) !== 0) {
      if (++n > 64 || p + n >= end) invalid(`enum member name of ${where} at ${hex(p)} is not terminated`);
    }
    names.push(String.fromCharCode(...f.slice(p, n, "enum member name")));
    p += version >= 3 ? n + 1 : Math.ceil((n + 1) / 8) * 8;
  }
  const values = count === 2 && p + 2 <= end ? [f.u8(p, "enum value"), f.u8(p + 1, "enum value")] : [];
  const isBool = base.type.cls === "int" && base.type.size === 1 && size === 1 && count === 2 &&
    names[0] === "FALSE" && names[1] === "TRUE" && values[0] === 0 && values[1] === 1;
  if (!isBool) invalid(`${where} has an enum datatype (${count} members: ${names.join(", ")}) other than h5py's bool, which keras-wasm does not read`);
  return { type: { cls: "bool" } as H5Type, length: p + 2 - at };
}

/** The tree dtype of a dataset's datatype, or a ValueError naming what is unsupported. */
export function treeDtype(t: H5Type, where: string): H5Dtype {
  switch (t.cls) {
    case "float": return t.size === 2 ? "float16" : t.size === 4 ? "float32" : "float64";
    case "bool": return "bool";
    case "int":
      if (t.signed) return `int${t.size * 8}` as H5Dtype;
      if (t.size === 8) return invalid(`dataset ${where} has dtype uint64, which keras-wasm does not read`);
      return `uint${t.size * 8}` as H5Dtype;
    default:
      return invalid(`dataset ${where} holds strings; keras-wasm reads numeric datasets only`);
  }
}

/** The datatype a tree dtype is written as (little-endian, as h5py writes native arrays). */
export function typeOfDtype(dtype: H5Dtype): H5Type {
  switch (dtype) {
    case "float16": return { cls: "float", size: 2, bigEndian: false };
    case "float32": return { cls: "float", size: 4, bigEndian: false };
    case "float64": return { cls: "float", size: 8, bigEndian: false };
    case "bool": return { cls: "bool" };
    default: {
      const signed = dtype.startsWith("int");
      const size = Number(dtype.slice(signed ? 3 : 4)) / 8;
      return { cls: "int", size: size as 1 | 2 | 4 | 8, signed, bigEndian: false };
    }
  }
}

/** Encodes a datatype message body as h5py/libhdf5 (version 1) would. */
export function encodeDatatype(t: H5Type): Uint8Array {
  const out = new Uint8Array(t.cls === "bool" ? 38 : t.cls === "float" ? 20 : t.cls === "int" ? 12 : t.cls === "string" ? 8 : 20);
  const v = new DataView(out.buffer);
  switch (t.cls) {
    case "int":
      encodeInt(v, 0, t.size, t.signed, t.bigEndian);
      break;
    case "float": {
      const [expLoc, expSize, mantSize, bias] = IEEE[t.size]!;
      out.set([0x11, 0x20 | (t.bigEndian ? 1 : 0), t.size * 8 - 1, 0]);
      v.setUint32(4, t.size, true);
      v.setUint16(10, t.size * 8, true);
      out.set([expLoc, expSize, 0, mantSize], 12);
      v.setUint32(16, bias, true);
      break;
    }
    case "bool":
      out.set([0x18, 2, 0, 0]);
      v.setUint32(4, 1, true);
      encodeInt(v, 8, 1, true, false);
      out.set([70, 65, 76, 83, 69], 20); // "FALSE", null-padded to 8
      out.set([84, 82, 85, 69], 28); // "TRUE"
      out.set([0, 1], 36);
      break;
    case "string":
      out.set([0x13, (t.pad & 0x0f) | (t.utf8 ? 0x10 : 0), 0, 0]);
      v.setUint32(4, t.size, true);
      break;
    case "vlen-string":
      // A sequence-of-char string; the base type is an unsigned byte, as h5py writes.
      out.set([0x19, 0x01, t.utf8 ? 1 : 0, 0]);
      v.setUint32(4, 16, true);
      encodeInt(v, 8, 1, false, false);
      break;
  }
  return out;
}

function encodeInt(v: DataView, at: number, size: number, signed: boolean, bigEndian: boolean): void {
  v.setUint8(at, 0x10);
  v.setUint8(at + 1, (signed ? 8 : 0) | (bigEndian ? 1 : 0));
  v.setUint32(at + 4, size, true);
  v.setUint16(at + 10, size * 8, true);
}

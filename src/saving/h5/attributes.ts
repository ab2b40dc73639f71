// Attribute messages (format spec IV.A.2.m), versions 1 to 3, decoded into
// tree values; and the writer's encoding, version 1 as h5py writes it under
// its default version bounds (UTF-8 names included: libhdf5 1.10 keeps
// version 1 and stores the name's bytes as they are).

import type { H5AttrValue } from "./tree.js";
import { ByteSink, FileBytes, align8, decodeUtf8, encodeUtf8, hex, invalid } from "./bytes.js";
import { elementSize, encodeDatatype, parseDatatype, type H5Type } from "./datatype.js";
import { elementCount, encodeDataspace, parseDataspace } from "./messages.js";
import type { Message } from "./object_header.js";
import { readFixedStrings, readNumbers, readVlenStrings, type GlobalHeaps, type HeapId } from "./values.js";

/** Decodes one attribute message into its name and value. */
export function readAttribute(f: FileBytes, heaps: GlobalHeaps, m: Message, where: string): [string, H5AttrValue] {
  const what = `attribute message of ${where}`;
  const end = m.at + m.size;
  const version = f.u8(m.at, what);
  if (version < 1 || version > 3) invalid(`${what} at ${hex(m.at)} has version ${version}; expected 1, 2 or 3`);
  const flags = f.u8(m.at + 1, what);
  if (version >= 2 && (flags & 3) !== 0) invalid(`${what} at ${hex(m.at)} uses a shared datatype or dataspace, which keras-wasm does not read`);
  const nameSize = f.u16(m.at + 2, what);
  const typeSize = f.u16(m.at + 4, what);
  const spaceSize = f.u16(m.at + 6, what);
  const pad = version === 1 ? align8 : (n: number) => n;
  const nameAt = m.at + (version === 3 ? 9 : 8);
  const typeAt = nameAt + pad(nameSize);
  const spaceAt = typeAt + pad(typeSize);
  const dataAt = spaceAt + pad(spaceSize);
  if (nameSize === 0 || dataAt > end) invalid(`${what} at ${hex(m.at)} declares parts of ${nameSize}, ${typeSize} and ${spaceSize} bytes beyond its ${m.size}-byte message`);
  const nameBytes = f.slice(nameAt, nameSize, what);
  const name = decodeUtf8(nameBytes[nameSize - 1] === 0 ? nameBytes.subarray(0, nameSize - 1) : nameBytes);
  const label = `attribute "${name}" of ${where}`;
  const { type } = parseDatatype(f, typeAt, typeAt + typeSize, label);
  const shape = parseDataspace(f, spaceAt, spaceAt + spaceSize, label);
  if (shape === null) invalid(`${label} has a null dataspace (an empty attribute), which keras-wasm does not read`);
  const count = elementCount(shape, label);
  const size = elementSize(type, f);
  // The value lies inside the message, so its size is bounded by the message before anything is allocated.
  if (count * size > end - dataAt) invalid(`${label} declares ${count} elements of ${size} bytes but its message holds only ${end - dataAt} bytes`);
  return [name, decodeValue(f, heaps, type, shape.length === 0, dataAt, count, label)];
}

function decodeValue(f: FileBytes, heaps: GlobalHeaps, type: H5Type, scalar: boolean, at: number, count: number, label: string): H5AttrValue {
  if (type.cls === "string" || type.cls === "vlen-string") {
    const strings = type.cls === "string" ? readFixedStrings(f, at, count, type, label) : readVlenStrings(f, heaps, at, count, label);
    return scalar ? strings[0]! : strings;
  }
  const data = readNumbers(f, at, count, type, label);
  const numbers = type.cls === "float" && type.size === 2 ? Array.from(data as Uint16Array, halfToNumber) : Array.from(data as ArrayLike<number | bigint>, Number);
  if (type.cls === "bool") return scalar ? numbers[0] !== 0 : numbers;
  return scalar ? numbers[0]! : numbers;
}

/** IEEE half-precision bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** What the writer stores for a value: strings are variable-length UTF-8 in the global heap, as h5py writes `attrs[k] = "..."`. */
export function attributeType(value: H5AttrValue): H5Type {
  if (typeof value === "string") return { cls: "vlen-string", utf8: true };
  if (typeof value === "boolean") return { cls: "bool" };
  const items: readonly (string | number)[] = typeof value === "number" ? [value] : value;
  if (items.length > 0 && items.every((v) => typeof v === "string")) return { cls: "vlen-string", utf8: true };
  // Python ints become int64 and floats float64 in h5py; a JS number is an
  // int64 when it is a safe integer (and not -0), so it reads back equal.
  const ints = items.length > 0 && items.every((v) => Number.isSafeInteger(v) && !Object.is(v, -0));
  return ints ? { cls: "int", size: 8, signed: true, bigEndian: false } : { cls: "float", size: 8, bigEndian: false };
}

/** The strings a value puts in the global heap (in element order). */
export function attributeStrings(value: H5AttrValue): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value as string[];
  return [];
}

/** Encodes a version-1 attribute message; `heapIds` are the global heap places of `attributeStrings(value)`. */
export function encodeAttribute(name: string, value: H5AttrValue, heapIds: readonly HeapId[]): Uint8Array {
  const nameBytes = encodeUtf8(name);
  const type = attributeType(value);
  const typeBytes = encodeDatatype(type);
  const scalar = !Array.isArray(value);
  const items = (scalar ? [value] : value) as readonly (string | number | boolean)[];
  const spaceBytes = encodeDataspace(scalar ? [] : [items.length]);
  const size = elementSize(type);
  const dataAt = 8 + align8(nameBytes.length + 1) + align8(typeBytes.length) + align8(spaceBytes.length);
  const out = new ByteSink();
  out.reserve(dataAt + items.length * size);
  out.u8(0, 1);
  out.u16(2, nameBytes.length + 1);
  out.u16(4, typeBytes.length);
  out.u16(6, spaceBytes.length);
  out.set(8, nameBytes);
  out.set(8 + align8(nameBytes.length + 1), typeBytes);
  out.set(8 + align8(nameBytes.length + 1) + align8(typeBytes.length), spaceBytes);
  items.forEach((v, i) => {
    const p = dataAt + i * size;
    if (type.cls === "vlen-string") {
      const id = heapIds[i]!;
      out.u32(p, encodeUtf8(v as string).length);
      out.u64(p + 4, id.collection);
      out.u32(p + 12, id.index);
    } else if (type.cls === "bool") {
      out.u8(p, v ? 1 : 0);
    } else {
      const view = new DataView(new ArrayBuffer(8));
      if (type.cls === "int") view.setBigInt64(0, BigInt(v as number), true);
      else view.setFloat64(0, v as number, true);
      out.set(p, new Uint8Array(view.buffer));
    }
  });
  return out.bytes();
}

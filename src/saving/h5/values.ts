// Element values: numeric arrays copied out of the file (byte-swapped when
// big-endian), fixed-length strings, and variable-length strings, whose
// bytes live in global heap collections (format spec III.E).

import type { H5Dataset } from "./tree.js";
import { ByteSink, FileBytes, UNDEFINED_ADDRESS, align8, decodeUtf8, hex, invalid } from "./bytes.js";
import { elementSize, type H5Type } from "./datatype.js";

export type TypedData = H5Dataset["data"] | BigUint64Array;

/**
 * Copies `count` numeric elements at `at` into a new typed array (the
 * caller has checked the size against the limits; `check` here guards the
 * file bounds).
 */
export function readNumbers(f: FileBytes, at: number, count: number, t: H5Type, what: string): TypedData {
  const size = elementSize(t);
  const src = f.slice(at, count * size, what);
  const copy = src.slice(); // own, aligned buffer
  if (t.cls !== "bool" && t.cls !== "string" && t.cls !== "vlen-string" && t.bigEndian && size > 1) {
    for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  }
  return typedView(copy.buffer, t, count);
}

/** Zeros of the type (a dataset whose storage was never allocated reads as its fill value, 0). */
export function zeros(t: H5Type, count: number): TypedData {
  return typedView(new ArrayBuffer(count * elementSize(t)), t, count);
}

function typedView(buffer: ArrayBuffer, t: H5Type, count: number): TypedData {
  switch (t.cls) {
    case "float":
      return t.size === 2 ? new Uint16Array(buffer, 0, count) : t.size === 4 ? new Float32Array(buffer, 0, count) : new Float64Array(buffer, 0, count);
    case "int":
      switch (t.size) {
        case 1: return t.signed ? new Int8Array(buffer, 0, count) : new Uint8Array(buffer, 0, count);
        case 2: return t.signed ? new Int16Array(buffer, 0, count) : new Uint16Array(buffer, 0, count);
        case 4: return t.signed ? new Int32Array(buffer, 0, count) : new Uint32Array(buffer, 0, count);
        default: return t.signed ? new BigInt64Array(buffer, 0, count) : new BigUint64Array(buffer, 0, count);
      }
    default:
      return new Uint8Array(buffer, 0, count);
  }
}

/** Reads `count` fixed-length strings, trimmed as h5py/numpy trims them (at the first NUL, or trailing spaces). */
export function readFixedStrings(f: FileBytes, at: number, count: number, t: Extract<H5Type, { cls: "string" }>, what: string): string[] {
  const bytes = f.slice(at, count * t.size, what);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let el = bytes.subarray(i * t.size, (i + 1) * t.size);
    if (t.pad === 2) {
      let n = el.length;
      while (n > 0 && el[n - 1] === 0x20) n--;
      el = el.subarray(0, n);
    } else {
      const nul = el.indexOf(0);
      if (nul >= 0) el = el.subarray(0, nul);
    }
    out.push(decodeUtf8(el));
  }
  return out;
}

/** Reads variable-length strings: each element is (length, collection address, object index). */
export function readVlenStrings(f: FileBytes, heaps: GlobalHeaps, at: number, count: number, what: string): string[] {
  const step = 8 + f.offsetSize;
  f.check(at, count * step, what);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = at + i * step;
    const length = f.u32(p, what);
    const collection = f.address(p + 4, what);
    const index = f.u32(p + 4 + f.offsetSize, what);
    if (length === 0) {
      out.push("");
      continue;
    }
    const object = heaps.object(collection, index, what);
    if (length > object.length) invalid(`${what}: a string of ${length} bytes points to global heap object ${index} of only ${object.length} bytes`);
    out.push(decodeUtf8(object.subarray(0, length)));
  }
  return out;
}

/** The global heap collections of one file, each parsed once. */
export class GlobalHeaps {
  private readonly collections = new Map<number, Map<number, Uint8Array>>();
  constructor(private readonly f: FileBytes) {}

  object(address: number, index: number, what: string): Uint8Array {
    if (address === UNDEFINED_ADDRESS) invalid(`${what} points to an undefined global heap address`);
    let objects = this.collections.get(address);
    if (objects === undefined) {
      objects = this.parse(address, what);
      this.collections.set(address, objects);
    }
    const object = objects.get(index);
    if (object === undefined) invalid(`${what} points to object ${index} of the global heap at ${hex(address)}, which has no such object`);
    return object;
  }

  private parse(at: number, what: string): Map<number, Uint8Array> {
    const f = this.f;
    const heap = `global heap collection at ${hex(at)} (for ${what})`;
    f.signature(at, "GCOL", heap);
    if (f.u8(at + 4, heap) !== 1) invalid(`${heap} has version ${f.u8(at + 4, heap)}; expected 1`);
    const size = f.len(at + 8, heap);
    f.check(at, size, heap);
    f.charge(size, heap);
    const end = at + size;
    const header = 8 + f.lengthSize; // index, reference count, reserved, size
    const objects = new Map<number, Uint8Array>();
    let p = at + 8 + f.lengthSize;
    while (p + header <= end) {
      const index = f.u16(p, heap);
      if (index === 0) break; // the free-space object: the rest of the collection
      const n = f.len(p + 8, heap);
      if (n > end - p - header) invalid(`${heap}: object ${index} declares ${n} bytes but only ${end - p - header} remain in the collection`);
      if (objects.has(index)) invalid(`${heap} holds object ${index} twice`);
      objects.set(index, f.slice(p + header, n, heap));
      p += header + align8(n);
    }
    return objects;
  }
}

/** A variable-length string's place in the global heap, filled in when the collections are written. */
export interface HeapId { collection: number; readonly index: number }

/** Builds global heap collections for the writer: a new one every 64 KiB or 65,535 objects. */
export class GlobalHeapWriter {
  private readonly collections: { objects: Uint8Array[]; ids: HeapId[]; used: number }[] = [];

  /** Queues an object; its id gets its collection's address in `flush`. */
  add(bytes: Uint8Array): HeapId {
    let last = this.collections[this.collections.length - 1];
    if (last === undefined || last.objects.length === 65535 || last.used + bytes.length > 65536) {
      last = { objects: [], ids: [], used: 16 };
      this.collections.push(last);
    }
    last.objects.push(bytes);
    last.used += 16 + align8(bytes.length);
    const id: HeapId = { collection: UNDEFINED_ADDRESS, index: last.objects.length };
    last.ids.push(id);
    return id;
  }

  /** Appends every collection to `sink` and fills in the ids' addresses. */
  flush(sink: ByteSink): void {
    for (const { objects, ids, used } of this.collections) {
      // libhdf5 makes collections at least 4 KiB; the rest is free-space
      // object 0, whose size counts its own 16-byte header.
      const size = used + 16 <= 4096 ? 4096 : used;
      const at = sink.reserve(size);
      sink.set(at, new Uint8Array([71, 67, 79, 76, 1])); // "GCOL", version 1
      sink.u64(at + 8, size);
      let p = at + 16;
      objects.forEach((o, i) => {
        sink.u16(p, i + 1);
        sink.u64(p + 8, o.length);
        sink.set(p + 16, o);
        p += 16 + align8(o.length);
      });
      if (size > used) sink.u64(p + 8, size - used);
      for (const id of ids) id.collection = at;
    }
  }
}

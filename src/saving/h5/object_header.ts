// Object headers (format spec IV.A): version 1 (what h5py writes with its
// default "earliest" version bounds) and version 2 ("OHDR", libver latest),
// read as a flat list of messages across continuation chunks; version 1 is
// what the writer emits.

import { ByteSink, FileBytes, UNDEFINED_ADDRESS, align8, hex, invalid } from "./bytes.js";
import { MSG } from "./messages.js";

/** One message of an object header: its type and where its body lies in the file. */
export interface Message {
  readonly type: number;
  readonly at: number;
  readonly size: number;
  /** Message flags; bit 1 means the body is a reference to a shared message, not the message itself. */
  readonly flags: number;
}

/** Continuation chunks one header may have (libhdf5 makes a handful at most). */
const MAX_CHUNKS = 1024;

/** Reads every message of the object header at `address`. */
export function readObjectHeader(f: FileBytes, address: number, where: string): Message[] {
  const what = `object header of ${where}`;
  if (address === UNDEFINED_ADDRESS) invalid(`${where} links to an undefined address`);
  f.check(address, 16, what);
  const v2 = f.bytes[address] === 0x4f; // "O" of "OHDR"; version 1 starts with the byte 1
  const messages: Message[] = [];
  const pending: { at: number; size: number; first: boolean }[] = [];
  const seen = new Set<number>();
  if (v2) {
    f.signature(address, "OHDR", what);
    const version = f.u8(address + 4, what);
    if (version !== 2) invalid(`${what} at ${hex(address)} has version ${version}; expected 2`);
    const flags = f.u8(address + 5, what);
    let p = address + 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
    const width = 1 << (flags & 3);
    const size = f.uint(p, width, what);
    p += width;
    pending.push({ at: p, size, first: true });
    readChunks(f, pending, seen, messages, what, (flags & 4) !== 0);
  } else {
    const version = f.u8(address, what);
    if (version !== 1) invalid(`${what} at ${hex(address)} has version ${version}; expected 1 or an "OHDR" signature`);
    const size = f.u32(address + 8, what);
    pending.push({ at: address + 16, size, first: true });
    readChunks(f, pending, seen, messages, what, null);
  }
  return messages;
}

/** Walks chunks breadth-first; `creationOrder` is null for version 1 headers. */
function readChunks(f: FileBytes, pending: { at: number; size: number; first: boolean }[], seen: Set<number>, out: Message[], what: string, creationOrder: boolean | null) {
  const v1 = creationOrder === null;
  while (pending.length > 0) {
    const chunk = pending.shift()!;
    if (seen.has(chunk.at)) invalid(`${what}: continuation chunk at ${hex(chunk.at)} is reached twice`);
    if (seen.size >= MAX_CHUNKS) invalid(`${what} has more than ${MAX_CHUNKS} continuation chunks`);
    seen.add(chunk.at);
    let p = chunk.at;
    let end = chunk.at + chunk.size;
    f.check(chunk.at, chunk.size, `${what} chunk`);
    f.charge(chunk.size, what);
    if (!v1 && !chunk.first) {
      // A continuation chunk's length counts its signature and checksum (chunk 0's size counts neither).
      f.signature(p, "OCHK", `${what} continuation chunk`);
      p += 4;
      end -= 4;
    }
    const headerSize = v1 ? 8 : creationOrder ? 6 : 4;
    while (p + headerSize <= end) {
      const type = v1 ? f.u16(p, what) : f.u8(p, what);
      const size = v1 ? f.u16(p + 2, what) : f.u16(p + 1, what);
      const flags = v1 ? f.u8(p + 4, what) : f.u8(p + 3, what);
      const at = p + headerSize;
      if (at + size > end) invalid(`${what}: message of type ${type} at ${hex(p)} declares ${size} bytes but its chunk ends at ${hex(end)}`);
      if (type === MSG.CONTINUATION) {
        const next = f.address(at, what);
        const length = f.len(at + f.offsetSize, what);
        pending.push({ at: next, size: length, first: false });
      } else if (type !== MSG.NIL) {
        out.push({ type, at, size, flags });
      }
      p = at + (v1 ? align8(size) : size);
    }
  }
}

/** Finds the one message of `type`, or undefined; a repeated or shared one is an error. */
export function findMessage(messages: readonly Message[], type: number, where: string): Message | undefined {
  const hits = messages.filter((m) => m.type === type);
  if (hits.length > 1) invalid(`object header of ${where} has ${hits.length} messages of type ${type}; expected at most one`);
  refuseShared(hits[0], where);
  return hits[0];
}

/** A shared message (a committed datatype, or one in the shared-message table) is refused by name. */
export function refuseShared(m: Message | undefined, where: string): void {
  if (m !== undefined && (m.flags & 2) !== 0) {
    invalid(`object header of ${where} has a shared message of type ${m.type} (e.g. a committed datatype), which keras-wasm does not read`);
  }
}

/** A message to encode: type, flags (bit 0: constant) and body. */
export interface MessageBody {
  readonly type: number;
  readonly flags: number;
  readonly body: Uint8Array;
}

/** Bytes a version-1 header with these messages takes. */
export function objectHeaderSize(messages: readonly MessageBody[]): number {
  return 16 + messages.reduce((s, m) => s + 8 + align8(m.body.length), 0);
}

/** Appends a version-1 object header (one chunk) and returns its address. */
export function writeObjectHeader(sink: ByteSink, messages: readonly MessageBody[]): number {
  const at = sink.reserve(objectHeaderSize(messages));
  sink.u8(at, 1);
  sink.u16(at + 2, messages.length);
  sink.u32(at + 4, 1); // reference count: one hard link
  sink.u32(at + 8, objectHeaderSize(messages) - 16);
  let p = at + 16;
  for (const m of messages) {
    sink.u16(p, m.type);
    sink.u16(p + 2, align8(m.body.length));
    sink.u8(p + 4, m.flags);
    sink.set(p + 8, m.body);
    p += 8 + align8(m.body.length);
  }
  return at;
}

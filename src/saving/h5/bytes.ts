// Bounds-checked little-endian access to an untrusted HDF5 file, and a
// growable buffer for writing one. Every offset or length the reader takes
// from the file goes through `FileBytes`, so a bad one becomes a ValueError
// naming what was read and where, never a RangeError or a huge allocation.

import { ValueError } from "../../errors.js";

/** HDF5's "undefined address" (all bits set), decoded. */
export const UNDEFINED_ADDRESS = -1;

/** Throws the reader's ValueError: `Invalid HDF5 file: <message>`. */
export function invalid(message: string): never {
  throw new ValueError(`Invalid HDF5 file: ${message}`);
}

/** Formats a file offset for messages: `0x1e50`. */
export function hex(at: number): string {
  return `0x${at.toString(16)}`;
}

/** The file being read, with its sizes from the superblock and a work budget. */
export class FileBytes {
  readonly length: number;
  private readonly view: DataView;
  /** Size of file addresses (superblock "size of offsets"). */
  offsetSize = 8;
  /** Size of file lengths (superblock "size of lengths"). */
  lengthSize = 8;
  /** Base address all other addresses are relative to. */
  base = 0;
  // Structures may overlap in a hostile file; every parse charges its bytes
  // against a budget proportional to the file, so no file makes us loop long.
  private budget: number;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = 16 * bytes.length + 65536;
  }

  /** Charges `n` bytes of parsing work; throws when the file asks for far more work than its size. */
  charge(n: number, what: string): void {
    this.budget -= Math.max(n, 1);
    if (this.budget < 0) invalid(`its structures overlap or repeat far beyond the file's ${this.length} bytes (while reading ${what})`);
  }

  /** Throws unless [at, at + n) lies inside the file. */
  check(at: number, n: number, what: string): void {
    if (!Number.isSafeInteger(at) || !Number.isSafeInteger(n) || at < 0 || n < 0 || at + n > this.length) {
      invalid(`${what} at ${at >= 0 ? hex(at) : at} needs ${n} bytes but the file has only ${this.length} bytes`);
    }
  }

  u8(at: number, what: string): number {
    this.check(at, 1, what);
    return this.view.getUint8(at);
  }

  u16(at: number, what: string): number {
    this.check(at, 2, what);
    return this.view.getUint16(at, true);
  }

  u32(at: number, what: string): number {
    this.check(at, 4, what);
    return this.view.getUint32(at, true);
  }

  /**
   * An unsigned integer of `size` bytes (1..8) as a number. All bits set
   * decodes to UNDEFINED_ADDRESS; any other value beyond 2^53 cannot be an
   * offset or size in a file we can hold, so it throws.
   */
  uint(at: number, size: number, what: string): number {
    this.check(at, size, what);
    let value = 0;
    let allOnes = true;
    for (let i = size - 1; i >= 0; i--) {
      const byte = this.view.getUint8(at + i);
      if (byte !== 0xff) allOnes = false;
      value = value * 256 + byte;
    }
    if (allOnes && size >= 4) return UNDEFINED_ADDRESS;
    if (!Number.isSafeInteger(value)) invalid(`${what} at ${hex(at)} is ${value}, beyond any file size`);
    return value;
  }

  /** A file address (relative to the base), or UNDEFINED_ADDRESS. */
  address(at: number, what: string): number {
    const a = this.uint(at, this.offsetSize, what);
    return a === UNDEFINED_ADDRESS ? a : a + this.base;
  }

  /** A length field ("size of lengths" bytes). */
  len(at: number, what: string): number {
    const n = this.uint(at, this.lengthSize, what);
    if (n === UNDEFINED_ADDRESS) invalid(`${what} at ${hex(at)} is undefined`);
    return n;
  }

  /** Throws unless the 4 bytes at `at` spell `signature`. */
  signature(at: number, signature: string, what: string): void {
    this.check(at, 4, what);
    for (let i = 0; i < 4; i++) {
      if (this.bytes[at + i] !== signature.charCodeAt(i)) {
        invalid(`${what} at ${hex(at)} should start with "${signature}" but has ${JSON.stringify(latin1(this.bytes.subarray(at, at + 4)))}`);
      }
    }
  }

  /** The bytes [at, at + n), checked. */
  slice(at: number, n: number, what: string): Uint8Array {
    this.check(at, n, what);
    return this.bytes.subarray(at, at + n);
  }
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
const utf8Encoder = new TextEncoder();

/** Decodes UTF-8 (invalid sequences become U+FFFD, as h5py's "surrogateescape" would not; names stay strings). */
export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** Rounds up to a multiple of 8 (HDF5 aligns most version-0/1 structures so). */
export function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** An append-only little-endian byte buffer, with writes at earlier offsets for back-patching. */
export class ByteSink {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far (the next free offset). */
  size = 0;

  /** `capacity`: the expected final size, so large files are not copied while they grow. */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Reserves `n` zeroed bytes at the end and returns their offset. */
  reserve(n: number): number {
    const at = this.size;
    if (at + n > this.buf.length) {
      let cap = this.buf.length;
      while (cap < at + n) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.size = at + n;
    return at;
  }

  u8(at: number, v: number): void { this.view.setUint8(at, v); }
  u16(at: number, v: number): void { this.view.setUint16(at, v, true); }
  u32(at: number, v: number): void { this.view.setUint32(at, v, true); }
  /** An 8-byte unsigned value (addresses and lengths); UNDEFINED_ADDRESS writes all ones. */
  u64(at: number, v: number): void {
    if (v === UNDEFINED_ADDRESS) {
      this.view.setUint32(at, 0xffffffff, true);
      this.view.setUint32(at + 4, 0xffffffff, true);
      return;
    }
    this.view.setUint32(at, v % 2 ** 32, true);
    this.view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
  }

  set(at: number, bytes: Uint8Array): void { this.buf.set(bytes, at); }

  /** Appends bytes and returns their offset. */
  append(bytes: Uint8Array): number {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
    return at;
  }

  /** The bytes written (a view when the capacity was close, else a trimmed copy). */
  bytes(): Uint8Array {
    return this.buf.length - this.size <= 65536 ? this.buf.subarray(0, this.size) : this.buf.slice(0, this.size);
  }
}

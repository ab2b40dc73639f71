// readH5: an HDF5 file's bytes -> the in-memory tree (tree.ts), for the
// subset Keras weight files use. Untrusted input: every offset and size is
// checked against the file before use, every dataset's size against the
// limits before it is allocated, each object is visited once (no cycles, no
// blow-up through shared links), and every failure is a ValueError.

import { KerasTypeError } from "../../errors.js";
import type { H5AttrValue, H5Dataset, H5Group, H5ReadLimits } from "./tree.js";
import { FileBytes, UNDEFINED_ADDRESS, decodeUtf8, hex, invalid } from "./bytes.js";
import { elementSize, parseDatatype, treeDtype } from "./datatype.js";
import { MSG, elementCount, parseDataspace, parseLayout } from "./messages.js";
import { findMessage, readObjectHeader, refuseShared, type Message } from "./object_header.js";
import { compareBytes, readSymbolTable, type Link } from "./symbol_table.js";
import { readLinkMessages, refuseDenseStorage } from "./links.js";
import { readAttribute } from "./attributes.js";
import { GlobalHeaps, readNumbers, zeros } from "./values.js";

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads an HDF5 file (superblock 0 to 3; symbol-table and compact groups;
 * contiguous and compact datasets; the datatypes h5py writes for Keras)
 * into a tree. Children come in name order, as h5py lists them. Throws a
 * ValueError naming what is wrong and where for anything else.
 */
export function readH5(bytes: Uint8Array, limits: H5ReadLimits = {}): H5Group {
  if (!(bytes instanceof Uint8Array)) throw new KerasTypeError(`readH5: expected the file as a Uint8Array, got ${typeof bytes}`);
  const f = new FileBytes(bytes);
  const maxDepth = limits.maxDepth ?? 64;
  const dataLimit = limits.maxDataBytes ?? bytes.length;
  const root = readSuperblock(f);
  const ctx: Context = { f, heaps: new GlobalHeaps(f), visited: new Map(), treeNodes: new Set(), maxDepth, dataLimit, dataBytes: 0 };
  const tree = readObject(ctx, root, "/", 0);
  if (tree.kind !== "group") invalid(`the root object at ${hex(root)} is a dataset, not a group`);
  return tree;
}

interface Context {
  readonly f: FileBytes;
  readonly heaps: GlobalHeaps;
  /** Object header address -> the path it was first read at. */
  readonly visited: Map<number, string>;
  /** B-tree and symbol-table nodes seen (shared between groups is invalid too). */
  readonly treeNodes: Set<number>;
  readonly maxDepth: number;
  readonly dataLimit: number;
  dataBytes: number;
}

/** Finds the superblock (at 0, 512, 1024, ... after a user block) and returns the root group's address. */
function readSuperblock(f: FileBytes): number {
  let at = -1;
  for (let p = 0; p + 8 <= f.length; p = p === 0 ? 512 : p * 2) {
    if (SIGNATURE.every((b, i) => f.bytes[p + i] === b)) {
      at = p;
      break;
    }
  }
  if (at < 0) invalid(`no HDF5 signature (\\x89HDF\\r\\n\\x1a\\n) at offset 0 or any power of 2 from 512 (file of ${f.length} bytes)`);
  const what = `superblock at ${hex(at)}`;
  const version = f.u8(at + 8, what);
  if (version > 3) invalid(`${what} has version ${version}; keras-wasm reads versions 0 to 3`);
  const sizesAt = version <= 1 ? at + 13 : at + 9;
  f.offsetSize = f.u8(sizesAt, what);
  f.lengthSize = f.u8(sizesAt + 1, what);
  for (const [name, size] of [["offsets", f.offsetSize], ["lengths", f.lengthSize]] as const) {
    if (size !== 4 && size !== 8) invalid(`${what} declares a size of ${name} of ${size} bytes; expected 4 or 8`);
  }
  const o = f.offsetSize;
  let p = version <= 1 ? at + 24 + (version === 1 ? 4 : 0) : at + 12;
  const base = f.uint(p, o, what);
  if (base === UNDEFINED_ADDRESS || base > f.length) invalid(`${what} declares base address ${base} beyond the file's ${f.length} bytes`);
  // End-of-file address: a shorter file was cut off (the commonest corruption).
  const eof = f.uint(p + 2 * o, o, what);
  if (eof !== UNDEFINED_ADDRESS && base + eof > f.length) invalid(`the file is truncated: its superblock declares ${base + eof} bytes but there are only ${f.length}`);
  f.base = base;
  if (version >= 2) return f.address(p + 3 * o, what);
  // After base, free-space, end-of-file and driver addresses: the root's
  // symbol table entry (name offset, header address, cached B-tree/heap,
  // which the root's own header repeats and which is therefore not needed).
  return f.address(p + 5 * o, what);
}

function readObject(ctx: Context, address: number, path: string, depth: number): H5Group | H5Dataset {
  const { f } = ctx;
  if (depth > ctx.maxDepth) invalid(`"${path}" is nested ${depth} groups deep; the limit is ${ctx.maxDepth}`);
  const earlier = ctx.visited.get(address);
  if (earlier !== undefined) invalid(`"${path}" links to the object at ${hex(address)}, already read as "${earlier}" (cycles and shared objects are not read)`);
  ctx.visited.set(address, path);
  const messages = readObjectHeader(f, address, `"${path}"`);
  const attrs = readAttributes(ctx, messages, path);
  const stab = findMessage(messages, MSG.SYMBOL_TABLE, path);
  const linkInfo = findMessage(messages, MSG.LINK_INFO, path);
  const linkMessages = messages.filter((m) => m.type === MSG.LINK);
  if (stab !== undefined || linkInfo !== undefined || linkMessages.length > 0) {
    let links: Link[];
    if (stab !== undefined) {
      const what = `symbol table message of "${path}"`;
      if (stab.size < 2 * f.offsetSize) invalid(`${what} at ${hex(stab.at)} has ${stab.size} bytes; expected ${2 * f.offsetSize}`);
      const btree = f.address(stab.at, what);
      const heap = f.address(stab.at + f.offsetSize, what);
      links = readSymbolTable(f, btree, heap, `"${path}"`, ctx.treeNodes);
    } else {
      refuseDenseStorage(f, linkInfo, "links", `group "${path}"`);
      links = readLinkMessages(f, linkMessages, `"${path}"`);
    }
    links.sort((a, b) => compareBytes(a.name, b.name));
    const children = new Map<string, H5Group | H5Dataset>();
    for (const link of links) {
      const name = decodeUtf8(link.name);
      if (name === "" || name.includes("/")) invalid(`group "${path}" has a member named ${JSON.stringify(name)}; HDF5 names are non-empty and contain no "/"`);
      if (children.has(name)) invalid(`group "${path}" has two members named ${JSON.stringify(name)}`);
      children.set(name, readObject(ctx, link.address, path === "/" ? `/${name}` : `${path}/${name}`, depth + 1));
    }
    return { kind: "group", children, attrs };
  }
  return readDataset(ctx, messages, path, attrs);
}

function readAttributes(ctx: Context, messages: readonly Message[], path: string): Record<string, H5AttrValue> {
  refuseDenseStorage(ctx.f, findMessage(messages, MSG.ATTRIBUTE_INFO, path), "attributes", `"${path}"`);
  const attrs: Record<string, H5AttrValue> = {};
  for (const m of messages) {
    if (m.type !== MSG.ATTRIBUTE) continue;
    refuseShared(m, `"${path}"`);
    const [name, value] = readAttribute(ctx.f, ctx.heaps, m, `"${path}"`);
    if (Object.hasOwn(attrs, name)) invalid(`"${path}" has two attributes named ${JSON.stringify(name)}`);
    // An own property even for "__proto__": a file's names never reach a prototype.
    Object.defineProperty(attrs, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return attrs;
}

function readDataset(ctx: Context, messages: readonly Message[], path: string, attrs: Record<string, H5AttrValue>): H5Dataset {
  const { f } = ctx;
  const label = `dataset "${path}"`;
  const need = (type: number, name: string): Message =>
    findMessage(messages, type, path) ?? invalid(`object "${path}" is neither a group nor a dataset (it has no ${name} message)`);
  const spaceMsg = need(MSG.DATASPACE, "dataspace");
  const typeMsg = need(MSG.DATATYPE, "datatype");
  const layoutMsg = need(MSG.LAYOUT, "data layout");
  if (findMessage(messages, MSG.EXTERNAL_FILES, path) !== undefined) invalid(`${label} keeps its data in external files, which keras-wasm does not read`);
  const { type } = parseDatatype(f, typeMsg.at, typeMsg.at + typeMsg.size, label);
  const dtype = treeDtype(type, `"${path}"`);
  const shape = parseDataspace(f, spaceMsg.at, spaceMsg.at + spaceMsg.size, label);
  if (shape === null) invalid(`${label} has a null dataspace (h5py's Empty), which keras-wasm does not read`);
  const count = elementCount(shape, label);
  const size = elementSize(type);
  const bytes = count * size;
  // Checked before anything is allocated: the data must fit the limit (by default, the file itself).
  if (ctx.dataBytes + bytes > ctx.dataLimit) {
    const limit = ctx.dataLimit === f.length ? `the file has only ${f.length} bytes` : `the limit is ${ctx.dataLimit} bytes of data`;
    invalid(`${label} declares ${count} elements of ${dtype} (${bytes} bytes${ctx.dataBytes > 0 ? ` after ${ctx.dataBytes} in earlier datasets` : ""}) but ${limit}`);
  }
  ctx.dataBytes += bytes;
  const layout = parseLayout(f, layoutMsg.at, layoutMsg.at + layoutMsg.size, `"${path}"`);
  let data;
  if (layout.kind === "compact") {
    if (layout.size !== bytes) invalid(`${label} has shape [${shape.join(", ")}] of ${dtype} (${bytes} bytes) but ${layout.size} bytes of compact data`);
    data = readNumbers(f, layout.at, count, type, label);
  } else if (layout.address === UNDEFINED_ADDRESS) {
    data = zeros(type, count); // storage never allocated: the fill value (h5py's default, 0)
  } else {
    if (layout.size !== null && layout.size !== bytes) invalid(`${label} has shape [${shape.join(", ")}] of ${dtype} (${bytes} bytes) but ${layout.size} bytes of storage`);
    f.check(layout.address, bytes, `data of ${label} (${count} elements of ${dtype})`);
    data = readNumbers(f, layout.address, count, type, label);
  }
  return { kind: "dataset", shape, dtype, data: data as H5Dataset["data"], attrs };
}

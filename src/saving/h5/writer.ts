// writeH5: the in-memory tree (tree.ts) -> an HDF5 file laid out as h5py 3
// writes Keras weight files with its default version bounds: superblock 0,
// version-1 object headers, symbol-table groups (B-tree, local heap, SNOD),
// contiguous little-endian datasets, and string attributes as
// variable-length UTF-8 in a global heap (what `attrs["name"] = "dense"`
// writes), so Python Keras/h5py reads it like one of its own.

import { ValueError } from "../../errors.js";
import type { H5AttrValue, H5Dataset, H5Dtype, H5Group } from "./tree.js";
import { ByteSink, UNDEFINED_ADDRESS, encodeUtf8 } from "./bytes.js";
import { elementSize, encodeDatatype, typeOfDtype } from "./datatype.js";
import { MSG, encodeContiguousLayout, encodeDataspace, encodeFillValue } from "./messages.js";
import { objectHeaderSize, writeObjectHeader, type MessageBody } from "./object_header.js";
import { compareBytes, writeSymbolTable, type GroupK, type WriteEntry } from "./symbol_table.js";
import { attributeStrings, encodeAttribute } from "./attributes.js";
import { GlobalHeapWriter, type HeapId } from "./values.js";

/** libhdf5's default B-tree K values, which h5py keeps. */
const K: GroupK = { leaf: 4, internal: 16 };

/** The typed array each dtype's data must be (int64 as BigInt64Array, float16 and bool as raw bits). */
const ARRAY_OF: Record<H5Dtype, Function> = {
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, bool: Uint8Array,
};

const MAX_DEPTH = 256;

/**
 * Writes a tree as an HDF5 file that h5py (and so Keras) reads. Children
 * are stored in name order (HDF5 symbol tables are sorted). Throws a
 * ValueError naming the path for a tree that cannot be written.
 */
export function writeH5(root: H5Group): Uint8Array {
  if (root?.kind !== "group") throw new ValueError(`writeH5: the root must be a group, got ${describeKind(root)}`);
  // Validates the tree (cycles included) and queues its strings, which go
  // to the global heap first so their addresses are known when attributes are encoded.
  const heap = new GlobalHeapWriter();
  const heapIds = new Map<object, HeapId[][]>();
  collectStrings(root, "/", heap, heapIds, new Set(), 0);
  const sink = new ByteSink(estimateSize(root));
  const superblock = sink.reserve(96);
  heap.flush(sink);
  const rootEntry = writeObject(sink, root, "/", heapIds);

  const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  sink.set(superblock, new Uint8Array(signature));
  sink.set(superblock + 13, new Uint8Array([8, 8])); // sizes of offsets and lengths
  sink.u16(superblock + 16, K.leaf);
  sink.u16(superblock + 18, K.internal);
  sink.u64(superblock + 32, UNDEFINED_ADDRESS); // no free-space info
  sink.u64(superblock + 40, sink.size); // end of file
  sink.u64(superblock + 48, UNDEFINED_ADDRESS); // no driver info
  sink.u64(superblock + 64, rootEntry.address); // root entry: name offset 0, then the header
  sink.u32(superblock + 72, 1);
  sink.u64(superblock + 80, rootEntry.stab!.btree);
  sink.u64(superblock + 88, rootEntry.stab!.heap);
  return sink.bytes();
}

/** About the file's size (data, plus ~1.5 KB per group and 0.5 KB per dataset), so the sink rarely grows; the tree is validated already. */
function estimateSize(root: H5Group): number {
  let size = 8192;
  const visit = (node: H5Group | H5Dataset): void => {
    size += 512 + 64 * Object.keys(node.attrs).length;
    if (node.kind === "dataset") size += node.data.byteLength;
    else {
      size += 1024;
      for (const [name, child] of node.children) {
        size += 48 + 3 * name.length;
        visit(child);
      }
    }
  };
  visit(root);
  return size;
}

function describeKind(node: unknown): string {
  if (node === null || typeof node !== "object") return String(node);
  const kind = (node as { kind?: unknown }).kind;
  return kind === undefined ? "an object without kind" : `kind ${JSON.stringify(kind)}`;
}

function fail(path: string, message: string): never {
  throw new ValueError(`writeH5: "${path}" ${message}`);
}

function join(path: string, name: string): string {
  return path === "/" ? `/${name}` : `${path}/${name}`;
}

/** Validates the tree while queueing every attribute string in the heap. */
function collectStrings(node: H5Group | H5Dataset, path: string, heap: GlobalHeapWriter, ids: Map<object, HeapId[][]>, ancestors: Set<object>, depth: number): void {
  if (ancestors.has(node) || depth > MAX_DEPTH) fail(path, `is nested too deep or contains itself (depth ${depth})`);
  if (node?.kind === "dataset") validateDataset(node, path);
  else if (node?.kind !== "group") fail(path, `is not a group or dataset (got ${describeKind(node)})`);
  const perAttr: HeapId[][] = [];
  for (const [name, value] of attrEntries(node.attrs, path)) {
    validateAttr(value, `${path}" attribute "${name}`);
    perAttr.push(attributeStrings(value).map((s) => heap.add(encodeUtf8(s))));
  }
  if (!ids.has(node)) ids.set(node, perAttr);
  if (node.kind === "group") {
    ancestors.add(node);
    if (!(node.children instanceof Map)) fail(path, "has children that are not a Map");
    for (const [name] of node.children) validateName(name, path);
    for (const { child, path: childPath } of sortedChildren(node, path)) collectStrings(child, childPath, heap, ids, ancestors, depth + 1);
    ancestors.delete(node);
  }
}

function attrEntries(attrs: Readonly<Record<string, H5AttrValue>>, path: string): [string, H5AttrValue][] {
  if (attrs === null || typeof attrs !== "object") fail(path, "has attrs that are not an object");
  const entries = Object.entries(attrs);
  for (const [name] of entries) {
    if (name === "" || LONE_SURROGATE.test(name)) fail(path, `has an attribute named ${JSON.stringify(name)}; names are non-empty, well-formed Unicode`);
  }
  return entries;
}

/** A lone UTF-16 surrogate has no UTF-8 form; two such names would collide as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

function validateName(name: unknown, path: string): void {
  if (typeof name !== "string" || name === "" || name === "." || name.includes("/") || name.includes("\0") || LONE_SURROGATE.test(name)) {
    fail(path, `has a member named ${JSON.stringify(name)}; names are non-empty strings without "/" or NUL, and not "."`);
  }
}

function validateDataset(d: H5Dataset, path: string): void {
  const array = ARRAY_OF[d.dtype];
  if (!Object.hasOwn(ARRAY_OF, d.dtype) || array === undefined) fail(path, `has dtype ${JSON.stringify(d.dtype)}; expected one of ${Object.keys(ARRAY_OF).join(", ")}`);
  if (!Array.isArray(d.shape) || d.shape.length > 32 || !d.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    fail(path, `has shape ${JSON.stringify(d.shape)}; expected at most 32 non-negative integers`);
  }
  if (!(d.data instanceof array)) fail(path, `has dtype ${d.dtype}, whose data must be a ${array.name}, got ${describeKind(d.data)}`);
  const count = d.shape.reduce((a, b) => a * b, 1);
  if (d.data.length !== count) fail(path, `has shape [${d.shape.join(", ")}] (${count} elements) but ${d.data.length} data elements`);
  // h5py's bool is an enum of FALSE = 0 and TRUE = 1; any other byte has no member.
  if (d.dtype === "bool" && (d.data as Uint8Array).some((v) => v > 1)) fail(path, "has dtype bool, whose data must be 0 or 1");
}

function validateAttr(value: unknown, where: string): void {
  const ok = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ||
    (Array.isArray(value) && (value.every((v) => typeof v === "string") || value.every((v) => typeof v === "number")));
  if (!ok) fail(where, "must be a string, number, boolean, or an array of only strings or only numbers");
  const strings = typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
  if (strings.some((s) => LONE_SURROGATE.test(s))) fail(where, "holds a string with a lone UTF-16 surrogate, which has no UTF-8 form");
}

/** Children in the order HDF5 symbol tables keep (UTF-8 bytes); everything is written in this order, so output is canonical. */
function sortedChildren(group: H5Group, path: string) {
  const named = [...group.children].map(([name, child]) => ({ name: encodeUtf8(name), child, path: join(path, name) }));
  return named.sort((a, b) => compareBytes(a.name, b.name));
}

/** Writes a node (children first) and returns its symbol-table entry. */
function writeObject(sink: ByteSink, node: H5Group | H5Dataset, path: string, heapIds: Map<object, HeapId[][]>): Omit<WriteEntry, "name"> {
  const ids = heapIds.get(node)!;
  const attrMessages: MessageBody[] = Object.entries(node.attrs).map(([name, value], i) => {
    const body = encodeAttribute(name, value, ids[i]!);
    // A version-1 header message holds at most 65,535 bytes; h5py moves larger attributes to dense storage, which this writer does not make.
    if (body.length > 65528) fail(path, `attribute "${name}" takes ${body.length} bytes; at most 65,528 fit in an object header`);
    return { type: MSG.ATTRIBUTE, flags: 0, body };
  });
  if (node.kind === "dataset") {
    const type = typeOfDtype(node.dtype);
    const bytes = node.data.length * elementSize(type);
    const layoutFor = (address: number) => encodeContiguousLayout(address, bytes);
    const messages = (address: number): MessageBody[] => [
      { type: MSG.DATASPACE, flags: 0, body: encodeDataspace(node.shape) },
      { type: MSG.DATATYPE, flags: 1, body: encodeDatatype(type) },
      { type: MSG.FILL, flags: 1, body: encodeFillValue() },
      { type: MSG.LAYOUT, flags: 0, body: layoutFor(address) },
      ...attrMessages,
    ];
    // Data right after its header (8-byte aligned); nothing is allocated for 0 elements, as libhdf5 does.
    const address = bytes === 0 ? UNDEFINED_ADDRESS : sink.size + objectHeaderSize(messages(0));
    const header = writeObjectHeader(sink, messages(address));
    // The typed array's own bytes: little-endian on every host JS runs on, which is what the datatype says.
    if (bytes > 0) sink.append(new Uint8Array(node.data.buffer, node.data.byteOffset, bytes));
    return { address: header };
  }
  const entries: WriteEntry[] = sortedChildren(node, path).map(({ name, child, path: childPath }) => ({ name, ...writeObject(sink, child, childPath, heapIds) }));
  const stab = writeSymbolTable(sink, entries, K);
  const body = new ByteSink();
  body.reserve(16);
  body.u64(0, stab.btree);
  body.u64(8, stab.heap);
  const address = writeObjectHeader(sink, [{ type: MSG.SYMBOL_TABLE, flags: 0, body: body.bytes() }, ...attrMessages]);
  return { address, stab };
}

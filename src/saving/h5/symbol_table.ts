// Old-style groups (format spec III.A.1, III.C, III.D): a group's links are
// a version-1 B-tree whose leaves are symbol-table nodes ("SNOD"), with the
// names in a local heap ("HEAP"). This is how h5py lays out every group of a
// Keras weights file, and how the writer lays them out too. New-style groups
// (link messages in the object header) are read in links.ts.

import { ByteSink, FileBytes, UNDEFINED_ADDRESS, align8, hex, invalid } from "./bytes.js";

/** A group member as a symbol table lists it: raw name bytes and object header address. */
export interface Link {
  readonly name: Uint8Array;
  readonly address: number;
}

/** Superblock's B-tree "K" values (libhdf5 defaults: leaf 4, internal 16). */
export interface GroupK {
  readonly leaf: number;
  readonly internal: number;
}

/** Reads the links of a symbol-table group. `seen` guards against B-tree nodes shared or looped. */
export function readSymbolTable(f: FileBytes, btree: number, heap: number, where: string, seen: Set<number>): Link[] {
  const names = readLocalHeap(f, heap, where);
  const links: Link[] = [];
  visitNode(f, btree, -1, names, where, seen, links);
  return links;
}

/** The local heap's data segment; names are looked up in it by offset. */
function readLocalHeap(f: FileBytes, at: number, where: string): (offset: number) => Uint8Array {
  const what = `local heap of group ${where}`;
  f.signature(at, "HEAP", what);
  if (f.u8(at + 4, what) !== 0) invalid(`${what} at ${hex(at)} has version ${f.u8(at + 4, what)}; expected 0`);
  const size = f.len(at + 8, what);
  const data = f.address(at + 8 + 2 * f.lengthSize, what);
  const segment = f.slice(data, size, `${what} data segment`);
  return (offset) => {
    if (offset < 0 || offset >= segment.length) invalid(`${what}: name offset ${offset} is beyond its ${segment.length}-byte data segment`);
    const nul = segment.indexOf(0, offset);
    if (nul < 0) invalid(`${what}: the name at offset ${offset} is not NUL-terminated`);
    f.charge(nul - offset, what);
    return segment.subarray(offset, nul);
  };
}

function visitNode(f: FileBytes, at: number, level: number, names: (o: number) => Uint8Array, where: string, seen: Set<number>, out: Link[]): void {
  const what = `B-tree node of group ${where}`;
  if (at === UNDEFINED_ADDRESS) invalid(`${what} is at an undefined address`);
  if (seen.has(at)) invalid(`${what} at ${hex(at)} is reached twice (the file's B-tree has a cycle or shared node)`);
  seen.add(at);
  f.signature(at, "TREE", what);
  const type = f.u8(at + 4, what);
  if (type !== 0) invalid(`${what} at ${hex(at)} has node type ${type}; expected 0 (group)`);
  const nodeLevel = f.u8(at + 5, what);
  // Each step down lowers the level by exactly one, so no walk is longer than 256 nodes deep.
  if (level >= 0 && nodeLevel !== level - 1) invalid(`${what} at ${hex(at)} has level ${nodeLevel}; expected ${level - 1}`);
  const entries = f.u16(at + 6, what);
  const first = at + 8 + 2 * f.offsetSize;
  const step = f.lengthSize + f.offsetSize;
  f.check(first, entries * step + f.lengthSize, what);
  f.charge(entries * step, what);
  for (let i = 0; i < entries; i++) {
    const child = f.address(first + i * step + f.lengthSize, what);
    if (nodeLevel > 0) visitNode(f, child, nodeLevel, names, where, seen, out);
    else readSymbolNode(f, child, names, where, seen, out);
  }
}

function readSymbolNode(f: FileBytes, at: number, names: (o: number) => Uint8Array, where: string, seen: Set<number>, out: Link[]): void {
  const what = `symbol table node of group ${where}`;
  if (seen.has(at)) invalid(`${what} at ${hex(at)} is reached twice`);
  seen.add(at);
  f.signature(at, "SNOD", what);
  if (f.u8(at + 4, what) !== 1) invalid(`${what} at ${hex(at)} has version ${f.u8(at + 4, what)}; expected 1`);
  const count = f.u16(at + 6, what);
  const step = 2 * f.offsetSize + 24;
  f.check(at + 8, count * step, what);
  f.charge(count * step, what);
  for (let i = 0; i < count; i++) {
    const e = at + 8 + i * step;
    const name = names(f.uint(e, f.offsetSize, what));
    const cache = f.u32(e + 2 * f.offsetSize, what);
    if (cache === 2) invalid(`group ${where} has a soft link "${new TextDecoder().decode(name)}"; keras-wasm reads hard links only`);
    out.push({ name, address: f.address(e + f.offsetSize, what) });
  }
}

/** A child as the writer lists it: UTF-8 name, header address, and for a group its B-tree and heap. */
export interface WriteEntry {
  readonly name: Uint8Array;
  readonly address: number;
  readonly stab?: { readonly btree: number; readonly heap: number };
}

/** Byte-wise comparison, the order (C `strcmp`) libhdf5 keeps symbol-table names in. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Appends a local heap, symbol-table nodes and a B-tree for `entries`
 * (already sorted by `compareBytes`), each node full to 2K as the K values
 * allow; returns the B-tree root and the heap addresses for the group's
 * symbol-table message.
 */
export function writeSymbolTable(sink: ByteSink, entries: readonly WriteEntry[], k: GroupK): { btree: number; heap: number } {
  // Heap data: offset 0 is the empty name (key 0 of every first node).
  const offsets: number[] = [];
  let dataSize = 8;
  for (const e of entries) {
    offsets.push(dataSize);
    dataSize += align8(e.name.length + 1);
  }
  const heap = sink.reserve(32 + dataSize);
  sink.set(heap, new Uint8Array([72, 69, 65, 80])); // "HEAP", version 0
  sink.u64(heap + 8, dataSize);
  sink.u64(heap + 16, 1); // free list: none (libhdf5 encodes that as 1)
  sink.u64(heap + 24, heap + 32);
  entries.forEach((e, i) => sink.set(heap + 32 + offsets[i]!, e.name));

  // Leaves: symbol-table nodes of up to 2 * leaf K entries.
  type Child = { address: number; low: number; high: number };
  let children: Child[] = [];
  const perSnod = 2 * k.leaf;
  for (let s = 0; s < entries.length; s += perSnod) {
    const chunk = entries.slice(s, s + perSnod);
    const at = sink.reserve(8 + perSnod * 40);
    sink.set(at, new Uint8Array([83, 78, 79, 68, 1])); // "SNOD", version 1
    sink.u16(at + 6, chunk.length);
    chunk.forEach((e, i) => {
      const p = at + 8 + i * 40;
      sink.u64(p, offsets[s + i]!);
      sink.u64(p + 8, e.address);
      if (e.stab !== undefined) {
        sink.u32(p + 16, 1); // cache type 1: the group's B-tree and heap, as libhdf5 caches them
        sink.u64(p + 24, e.stab.btree);
        sink.u64(p + 32, e.stab.heap);
      }
    });
    children.push({ address: at, low: s === 0 ? 0 : offsets[s - 1]!, high: offsets[s + chunk.length - 1]! });
  }

  // B-tree levels of up to 2 * internal K children, until one root remains.
  const perNode = 2 * k.internal;
  let level = 0;
  do {
    const parents: Child[] = [];
    const starts = [];
    for (let s = 0; s < Math.max(children.length, 1); s += perNode) starts.push(s);
    const addresses = starts.map(() => sink.reserve(24 + perNode * 8 + (perNode + 1) * 8));
    starts.forEach((s, n) => {
      const chunk = children.slice(s, s + perNode);
      const at = addresses[n]!;
      sink.set(at, new Uint8Array([84, 82, 69, 69, 0, level])); // "TREE", type 0 (group)
      sink.u16(at + 6, chunk.length);
      sink.u64(at + 8, n > 0 ? addresses[n - 1]! : UNDEFINED_ADDRESS);
      sink.u64(at + 16, n + 1 < addresses.length ? addresses[n + 1]! : UNDEFINED_ADDRESS);
      sink.u64(at + 24, chunk[0]?.low ?? 0);
      chunk.forEach((c, i) => {
        sink.u64(at + 32 + i * 16, c.address);
        sink.u64(at + 40 + i * 16, c.high);
      });
      parents.push({ address: at, low: chunk[0]?.low ?? 0, high: chunk[chunk.length - 1]?.high ?? 0 });
    });
    children = parents;
    level++;
  } while (children.length > 1);
  return { btree: children[0]!.address, heap };
}

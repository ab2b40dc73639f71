// New-style ("compact") groups (format spec IV.A.2.g/.r): the links are
// link messages in the group's own object header, as libhdf5 writes groups
// under libver "latest" (superblock v2/v3). Dense storage (a fractal heap
// and v2 B-tree, used past 8 links) is refused by name.

import { FileBytes, UNDEFINED_ADDRESS, hex, invalid } from "./bytes.js";
import type { Message } from "./object_header.js";
import type { Link } from "./symbol_table.js";

/** Reads the hard links of link messages. */
export function readLinkMessages(f: FileBytes, messages: readonly Message[], where: string): Link[] {
  const links: Link[] = [];
  for (const m of messages) {
    const what = `link message of group ${where}`;
    const end = m.at + m.size;
    if (f.u8(m.at, what) !== 1) invalid(`${what} at ${hex(m.at)} has version ${f.u8(m.at, what)}; expected 1`);
    const flags = f.u8(m.at + 1, what);
    let p = m.at + 2;
    let type = 0;
    if (flags & 0x08) type = f.u8(p++, what);
    if (flags & 0x04) p += 8; // creation order
    if (flags & 0x10) p += 1; // name character set (names are read as UTF-8 either way)
    const width = 1 << (flags & 3);
    const length = f.uint(p, width, what);
    p += width;
    if (length === UNDEFINED_ADDRESS || p + length > end) invalid(`${what} at ${hex(m.at)} declares a ${length}-byte name beyond its ${m.size}-byte message`);
    const name = f.slice(p, length, what);
    p += length;
    if (type !== 0) invalid(`group ${where} has a ${type === 1 ? "soft" : type === 64 ? "external" : `type-${type}`} link "${new TextDecoder().decode(name)}"; keras-wasm reads hard links only`);
    if (p + f.offsetSize > end) invalid(`${what} at ${hex(m.at)} is cut short`);
    links.push({ name, address: f.address(p, what) });
  }
  return links;
}

/** Refuses dense link or attribute storage (a link-info or attribute-info message with a fractal heap). */
export function refuseDenseStorage(f: FileBytes, info: Message | undefined, kind: "links" | "attributes", where: string): void {
  if (info === undefined) return;
  const what = `${kind === "links" ? "link" : "attribute"} info message of ${where}`;
  const flags = f.u8(info.at + 1, what);
  const heap = f.address(info.at + 2 + (flags & 1 ? (kind === "links" ? 8 : 2) : 0), what);
  if (heap !== UNDEFINED_ADDRESS) {
    invalid(`${where} keeps its ${kind} in dense storage (a fractal heap, as libhdf5 does past 8 ${kind} under libver "latest"); keras-wasm reads compact and symbol-table storage only`);
  }
}

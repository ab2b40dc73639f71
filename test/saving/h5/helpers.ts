// Shared by the HDF5 tests: the fixtures' weight files, and a tree walker.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import type { H5Dataset, H5Group } from "../../../src/saving/h5/tree.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const KERAS_MODELS = join(HERE, "../../fixtures/keras/models");
export const H5_FIXTURES = join(HERE, "../../fixtures/h5");
export const MODELS = ["mlp", "bn", "embed", "custom"] as const;

/** `model.weights.h5` of a fixture `.keras` archive (a zip of STORED entries). */
export function kerasWeights(model: string): Uint8Array {
  const entries = unzipSync(readFileSync(join(KERAS_MODELS, `${model}.keras`)));
  const h5 = entries["model.weights.h5"];
  if (h5 === undefined) throw new Error(`${model}.keras has no model.weights.h5`);
  return h5;
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Every node of a tree, pre-order, children in the tree's order, with h5py-style paths. */
export function flatten(root: H5Group): { path: string; node: H5Group | H5Dataset }[] {
  const out: { path: string; node: H5Group | H5Dataset }[] = [{ path: "/", node: root }];
  const walk = (g: H5Group, prefix: string) => {
    for (const [name, child] of g.children) {
      const path = `${prefix}/${name}`;
      out.push({ path, node: child });
      if (child.kind === "group") walk(child, path);
    }
  };
  walk(root, "");
  return out;
}

/** A dataset's elements as numbers (int64 via Number, float16 decoded). */
export function numbers(d: H5Dataset): number[] {
  if (d.dtype === "float16") return Array.from(d.data as Uint16Array, half);
  if (d.dtype === "bool") return Array.from(d.data as Uint8Array, (v) => v);
  return Array.from(d.data as ArrayLike<number | bigint>, Number);
}

/** IEEE half bits -> number, written out independently of the reader's own helper. */
function half(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  const sign = (bits >> 15) << 31;
  const exp = (bits >> 10) & 31;
  const frac = bits & 1023;
  if (exp === 0) return (bits >> 15 ? -1 : 1) * frac * 2 ** -24;
  view.setUint32(0, (sign | ((exp === 31 ? 255 : exp - 15 + 127) << 23) | (frac << 13)) >>> 0);
  return view.getFloat32(0);
}

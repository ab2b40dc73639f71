// readH5 against small files real h5py 3.7 (libhdf5 1.10.8) wrote with
// test/fixtures/h5/make_fixtures.py: every dtype in both byte orders, bool,
// scalar and empty datasets, compact layout, libver "latest" (superblock 3,
// version-2 object headers, link messages), a two-level group B-tree, every
// kind of attribute, and hostile-looking names. expected.json is what h5py
// itself read back from those files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { readH5 } from "../../../src/saving/h5/reader.js";
import type { H5Dataset, H5Dtype } from "../../../src/saving/h5/tree.js";
import { H5_FIXTURES, flatten, numbers, readJson } from "./helpers.js";

const expected = readJson(join(H5_FIXTURES, "expected.json")) as Record<string, any[]>;
const file = (name: string) => new Uint8Array(readFileSync(join(H5_FIXTURES, name)));

/** numpy dtype string (as h5py reports it) -> our dtype. */
function dtypeOf(np: string): H5Dtype {
  if (np === "|b1") return "bool";
  const kind = { f: "float", i: "int", u: "uint" }[np[1]!]!;
  return `${kind}${Number(np.slice(2)) * 8}` as H5Dtype;
}

/** expected.json writes non-finite floats as strings. */
const decode = (v: unknown) => (typeof v === "boolean" ? Number(v) : v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

describe.each(["earliest", "latest", "compact"])("%s.h5", (name) => {
  const tree = readH5(file(`${name}.h5`));
  const nodes = new Map(flatten(tree).map((n) => [n.path, n.node]));

  test("every group and dataset h5py lists, and nothing else", () => {
    expect([...nodes.keys()].sort()).toEqual(expected[name]!.map((e) => e.path).sort());
  });

  test("every dataset's shape, dtype (native order after reading) and values", () => {
    for (const e of expected[name]!) {
      if (e.shape === undefined) continue;
      const d = nodes.get(e.path) as H5Dataset;
      expect({ path: e.path, shape: d.shape, dtype: d.dtype }).toEqual({ path: e.path, shape: e.shape, dtype: dtypeOf(e.dtype) });
      expect(numbers(d)).toEqual(e.values.map(decode));
    }
  });

  test("every attribute's value", () => {
    for (const e of expected[name]!) {
      const attrs = nodes.get(e.path)!.attrs;
      expect(Object.keys(attrs).sort()).toEqual(Object.keys(e.attrs).sort());
      for (const key of Object.keys(e.attrs)) {
        expect({ path: e.path, key, value: attrs[key] }).toEqual({ path: e.path, key, value: e.attrs[key] });
      }
    }
  });

  test("__proto__ and constructor stay plain names", () => {
    const attrs = nodes.get("/attrs2")!.attrs;
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.hasOwn(attrs, "__proto__")).toBe(true);
    expect(attrs["__proto__"]).toBe("proto");
    expect(({} as any).constructor).toBe(Object);
    expect(nodes.get("/__proto__/constructor")!.kind).toBe("dataset");
  });
});

test("h5py's bool reads as raw 0/1 bytes and an int64 as a BigInt64Array", () => {
  const nodes = new Map(flatten(readH5(file("earliest.h5"))).map((n) => [n.path, n.node]));
  const b = nodes.get("/special/bool") as H5Dataset;
  expect(b.data).toEqual(new Uint8Array([1, 0, 1]));
  expect((nodes.get("/types1/le_i8") as H5Dataset).data).toBeInstanceOf(BigInt64Array);
  expect((nodes.get("/types0/be_f4") as H5Dataset).data).toBeInstanceOf(Float32Array);
});

test("a chunked, gzip-compressed dataset is refused by name", () => {
  expect(() => readH5(file("chunked.h5"))).toThrow(ValueError);
  expect(() => readH5(file("chunked.h5"))).toThrow(/dataset "\/gz" is stored chunked/);
});

test("dense link storage (libver latest, more than 8 links) is refused by name", () => {
  expect(() => readH5(file("latest_dense.h5"))).toThrow(/group "\/" keeps its links in dense storage/);
});

// Opt-in (H5PY_CHECK=1, needs Debian's python3-h5py): real h5py 3.x reads
// what writeH5 writes for random trees (values bit for bit, dtypes, shapes,
// attributes) and can modify those files in place; see
// test/fixtures/h5/check_written.py. Skipped by default: the suite does not
// depend on Python.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import type { H5Dataset, H5Group } from "../../../src/saving/h5/tree.js";
import { writeH5 } from "../../../src/saving/h5/writer.js";
import { tree } from "./arbitraries.js";
import { H5_FIXTURES } from "./helpers.js";

const finite = (v: unknown): unknown => (typeof v === "number" && !Number.isFinite(v) ? String(v) : Array.isArray(v) ? v.map(finite) : v);

function plain(node: H5Group | H5Dataset): unknown {
  const attrs = Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, finite(v)]));
  if (node.kind === "dataset") {
    return { kind: "dataset", dtype: node.dtype, shape: node.shape, attrs, hex: Buffer.from(node.data.buffer, node.data.byteOffset, node.data.byteLength).toString("hex") };
  }
  return { kind: "group", attrs, children: Object.fromEntries([...node.children].map(([k, v]) => [k, plain(v)])) };
}

test.skipIf(!process.env.H5PY_CHECK)("h5py reads and extends what writeH5 writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "h5py-check-"));
  fc.sample(tree, { numRuns: 40, seed: 7 }).forEach((t, i) => {
    writeFileSync(join(dir, `${i}.h5`), writeH5(t));
    writeFileSync(join(dir, `${i}.json`), JSON.stringify(plain(t)));
  });
  const children = new Map<string, H5Dataset>();
  for (let i = 0; i < 1000; i++) children.set(String(i), { kind: "dataset", dtype: "float32", shape: [2], data: new Float32Array([i, -i]), attrs: { name: `n${i}` } });
  writeFileSync(join(dir, "big.h5"), writeH5({ kind: "group", children, attrs: {} }));
  const out = execFileSync("/usr/bin/python3", [join(H5_FIXTURES, "check_written.py"), dir], { encoding: "utf8" });
  expect(out).toMatch(/h5py read 40 random trees/);
});

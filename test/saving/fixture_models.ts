// The four Keras fixture models (test/fixtures/keras/models/), and their
// weights file rebuilt as an in-memory HDF5 tree from the fixtures alone:
// the layout (every group, dataset path, shape, dtype, attrs, first values
// and float64 sum, as h5py listed them) joined to expected.json's values.
// This tests the .keras layer without the HDF5 byte format; the real
// .keras files are read in fixtures.test.ts.
import { fixture } from "../helpers/fixtures.js";
import * as keras from "../../src/index.js";
import type { H5Dataset, H5Group } from "../../src/saving/h5/tree.js";

export const MODELS = ["mlp", "bn", "embed", "custom"] as const;
export type ModelName = (typeof MODELS)[number];

export interface ExpectedWeight { path: string; name: string; shape: number[]; dtype: string; trainable: boolean; values: number[] }
export interface Expected {
  input: { shape: number[]; dtype: string; values: number[] };
  predict: { shape: number[]; values: number[] };
  weights: ExpectedWeight[];
  layers: { name: string; class: string; weights: string[] }[];
}
interface LayoutEntry { path: string; kind: "group" | "dataset"; attrs: Record<string, string>; shape?: number[]; dtype?: string; first_values?: number[]; sum_float64?: number }
export interface Layout { zip_entries: { name: string; file_size: number; compress_type: number }[]; "config.json": Record<string, unknown>; "metadata.json": Record<string, unknown>; "model.weights.h5": LayoutEntry[] }

export const expected = (m: ModelName): Expected => fixture<Expected>(`models/${m}.expected.json`);
export const layout = (m: ModelName): Layout => fixture<Layout>(`models/${m}.layout.json`);

/** Keras's config without what Keras itself does not reproduce (README quirk 10: `shared_object_id`). */
export function withoutSharedIds(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json, (k, v: unknown) => (k === "shared_object_id" ? undefined : v)));
}

/**
 * A weight's path after Keras's `load_model` (and after deserializing the
 * config): `expected.json` lists the paths of the model as first built,
 * where a Sequential built its layers inside its own name scope
 * (`sequential/dense/kernel`). On load, Keras's Sequential.from_config
 * deserializes each layer with `deserialize_keras_object`, which builds it
 * from its `build_config` before `model.add`: outside any name scope, so
 * the variables are created as `dense/kernel` (Layer._open_name_scope
 * records an empty parent path; KerasVariable's path is current_path()/name).
 * Every fixture model is a Sequential: the model-name prefix goes.
 */
export function reloadedPath(m: ModelName, path: string): string {
  const config = layout(m)["config.json"] as { class_name: string; config: { name: string } };
  const prefix = `${config.config.name}/`;
  if (config.class_name !== "Sequential" || !path.startsWith(prefix)) throw new Error(`fixture ${m}: expected a Sequential path under ${prefix}, got ${path}`);
  return path.slice(prefix.length);
}

const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);

/** The weights tree of a fixture model, from its layout and expected values. */
export function fixtureTree(m: ModelName): H5Group {
  const exp = expected(m);
  const root: H5Group = { kind: "group", children: new Map(), attrs: {} };
  for (const e of layout(m)["model.weights.h5"]) {
    if (e.path === "/") continue;
    const parts = e.path.slice(1).split("/");
    let g = root;
    for (const p of parts.slice(0, -1)) g = g.children.get(p) as H5Group;
    let node: H5Group | H5Dataset;
    if (e.kind === "group") node = { kind: "group", children: new Map(), attrs: e.attrs };
    else {
      // The expected weight with the same shape, first values and sum.
      const w = exp.weights.find((x) => JSON.stringify(x.shape) === JSON.stringify(e.shape) &&
        JSON.stringify(x.values.slice(0, e.first_values!.length)) === JSON.stringify(e.first_values) && Math.abs(sum(x.values) - e.sum_float64!) < 1e-9);
      if (w === undefined) throw new Error(`fixture ${m}: no expected weight for ${e.path}`);
      node = { kind: "dataset", shape: e.shape!, dtype: e.dtype as "float32", data: Float32Array.from(w.values), attrs: e.attrs };
    }
    (g.children as Map<string, H5Group | H5Dataset>).set(parts.at(-1)!, node);
  }
  return root;
}

/** Every group and dataset of a tree as `layout.json` lists them (path, kind, attrs, shape, dtype), sorted by path as h5py lists. */
export function listTree(root: H5Group): { path: string; kind: string; attrs: unknown; shape?: number[]; dtype?: string }[] {
  const out: { path: string; kind: string; attrs: unknown; shape?: number[]; dtype?: string }[] = [];
  const walk = (g: H5Group | H5Dataset, path: string): void => {
    if (g.kind === "dataset") out.push({ path, kind: "dataset", attrs: g.attrs, shape: g.shape.slice(), dtype: g.dtype });
    else {
      out.push({ path: path || "/", kind: "group", attrs: g.attrs });
      for (const [k, c] of g.children) walk(c, `${path}/${k}`);
    }
  };
  walk(root, "");
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** SimpleDense as the fixture's Python class (README: registered as demo>SimpleDense, get_config adds units). */
export class SimpleDense extends keras.layers.Layer {
  units: number;
  kernel!: keras.Variable;
  bias!: keras.Variable;
  constructor(units = 32, options: ConstructorParameters<typeof keras.layers.Layer>[0] = {}) {
    super(options);
    this.units = units;
  }
  override build(inputShape: (number | null)[]): void {
    this.kernel = this.addWeight({ shape: [inputShape.at(-1)!, this.units], initializer: "glorot_uniform", name: "kernel" });
    this.bias = this.addWeight({ shape: [this.units], initializer: "zeros", name: "bias" });
  }
  override call(inputs: keras.Tensor): keras.Tensor {
    return keras.ops.add(keras.ops.matmul(inputs, this.kernel), this.bias);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.units };
  }
}
keras.saving.registerKerasSerializable(SimpleDense, { package: "demo" });

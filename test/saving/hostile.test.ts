// Hostile and broken archives: each is a clear ValueError (or Keras's
// TypeError for unknown classes) naming the entry or weight path, nothing is
// evaluated, no prototype is reached, nothing is allocated from an unchecked
// size, and an existing model is left exactly as it was.
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import type { H5Group } from "../../src/saving/h5/tree.js";
import { readH5 } from "../../src/saving/h5/reader.js";
import { writeH5 } from "../../src/saving/h5/writer.js";


const model = (units = 3): keras.Sequential =>
  new keras.Sequential([keras.Input({ shape: [4] }), new keras.layers.Dense(5), new keras.layers.Dense(units)]);

/** An archive with these entries (STORED), the weights of a real small model unless replaced. */
async function archive(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const { unzipSync } = await import("fflate");
  const base = unzipSync(await keras.saving.saveModel(model()));
  const all: Record<string, Uint8Array> = { ...base };
  for (const [k, v] of Object.entries(entries)) {
    if (v === "") delete all[k];
    else all[k] = typeof v === "string" ? strToU8(v) : v;
  }
  return zipSync(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 0 }]])));
}

const layerJson = (layer: unknown): string =>
  JSON.stringify({ module: "keras", class_name: "Sequential", config: { name: "s", layers: [layer] }, registered_name: null });

describe("broken archives", () => {
  test("wrong magic", async () => {
    await expect(keras.saving.loadModel(Uint8Array.from([0x89, 0x48, 0x44, 0x46, 1, 2]))).rejects.toThrow(/not a \.keras archive .*starts with 89 48 44 46/);
    await expect(keras.saving.loadModel(new Uint8Array(0))).rejects.toThrow(keras.ValueError);
  });

  test("truncated at every tenth of its length", async () => {
    const bytes = await keras.saving.saveModel(model());
    for (let k = 1; k < 10; k++) {
      const cut = bytes.slice(0, Math.floor((bytes.length * k) / 10));
      await expect(keras.saving.loadModel(cut), `cut at ${k}/10`).rejects.toThrow(/truncated|corrupted|not a \.keras archive|has no/);
    }
  });

  test("missing entries name the entry", async () => {
    await expect(keras.saving.loadModel(await archive({ "model.weights.h5": "" }))).rejects.toThrow(/has no 'model\.weights\.h5'/);
    await expect(keras.saving.loadModel(await archive({ "config.json": "" }))).rejects.toThrow(/has no 'config\.json'/);
    await expect(keras.saving.loadModel(await archive({ "config.json": "{not json" }))).rejects.toThrow(/config\.json: not valid JSON/);
  });

  test("a corrupted weights file inside a valid zip names the entry", async () => {
    const weights = (await import("fflate")).unzipSync(await archive({}))["model.weights.h5"]!;
    await expect(keras.saving.loadModel(await archive({ "model.weights.h5": weights.slice(0, weights.length >> 1) }))).rejects.toThrow(/model\.weights\.h5: /);
    await expect(keras.saving.loadModel(await archive({ "model.weights.h5": strToU8("not hdf5 at all") }))).rejects.toThrow(/model\.weights\.h5: /);
    await expect(keras.saving.loadWeights(model(), strToU8("not hdf5 at all"))).rejects.toThrow(keras.ValueError);
  });

  test("a zip bomb is refused by its declared size, before inflating", async () => {
    const bytes = await archive({});
    // Patch the central directory's uncompressed size of every entry to 2 GiB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 46 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0x7fffffff, true);
    await expect(keras.saving.loadModel(bytes)).rejects.toThrow(/declares 2147483647 uncompressed bytes, over the limit/);
  });
});

describe("configs that must not run code or reach prototypes", () => {
  test("__lambda__ is refused", async () => {
    const bytes = await archive({ "config.json": layerJson({ module: "keras.layers", class_name: "Lambda", config: { function: { class_name: "__lambda__", config: { code: "x" } } }, registered_name: null }) });
    await expect(keras.saving.loadModel(bytes)).rejects.toThrow(/lambda|Lambda/);
    const top = await archive({ "config.json": JSON.stringify({ class_name: "__lambda__", config: { code: "4d4d" } }) });
    await expect(keras.saving.loadModel(top)).rejects.toThrow(/never evaluates serialized code/);
  });

  test("unknown and unregistered classes say how to register", async () => {
    const unknown = await archive({ "config.json": layerJson({ module: null, class_name: "Evil", config: {}, registered_name: "x>Evil" }) });
    await expect(keras.saving.loadModel(unknown)).rejects.toThrow(/registerKerasSerializable/);
    const builtinLike = await archive({ "config.json": layerJson({ module: "keras.layers", class_name: "NotALayer", config: {}, registered_name: null }) });
    await expect(keras.saving.loadModel(builtinLike)).rejects.toThrow(/registerKerasSerializable/);
  });

  test("__proto__ / constructor / prototype keys reach no prototype", async () => {
    const hostile = `{"module": "keras", "class_name": "Sequential", "__proto__": {"polluted": 1}, "registered_name": null,
      "config": {"name": "s", "__proto__": {"polluted": 2}, "constructor": {"prototype": {"polluted": 3}}, "layers": [
        {"module": "keras.layers", "class_name": "Dense", "registered_name": null,
         "config": {"units": 2, "__proto__": {"polluted": 4}, "kernel_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {"__proto__": {"polluted": 5}}, "registered_name": null}}}]}}`;
    await keras.saving.loadModel(await archive({ "config.json": hostile })).catch(() => undefined);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect((keras.layers.Dense.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((keras.Sequential.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a config declaring 2^31 units is refused before anything is allocated", async () => {
    const huge = layerJson({ module: "keras.layers", class_name: "Dense", config: { name: "d", units: 2 ** 31 }, registered_name: null, build_config: { input_shape: [null, 8] } });
    await expect(keras.saving.loadModel(await archive({ "config.json": huge }))).rejects.toThrow(/addWeight on layer 'd', weight 'kernel': .*shape \(8, 2147483648\) would take 68719476736 bytes/);
  });
});

describe("weights that do not fit: nothing half-loaded", () => {
  const snapshot = (m: keras.Layer): unknown[] => m.weights.map((w) => w.value.toArray());

  test("a shape mismatch names the weight path; the model is untouched (its matching first layer too)", async () => {
    const source = await keras.saving.saveWeights(model(3));
    const target = model(4);
    const before = snapshot(target);
    await expect(keras.saving.loadWeights(target, source)).rejects.toThrow(/\/layers\/dense_1\/vars\/0: the shape of variable '[^']*kernel' is \(5, 4\) but the file holds \(5, 3\)/);
    expect(snapshot(target)).toEqual(before);
  });

  test("a missing layer group names the group; the model is untouched", async () => {
    const tree = readH5(await keras.saving.saveWeights(model()));
    const layers = tree.children.get("layers") as H5Group;
    (layers.children as Map<string, unknown>).delete("dense_1");
    const target = model();
    const before = snapshot(target);
    await expect(keras.saving.loadWeights(target, writeH5(tree))).rejects.toThrow(/Layer 'dense_\d+' expected 2 variables, but received 0 .*\/layers\/dense_1\/vars is missing/);
    expect(snapshot(target)).toEqual(before);
  });

  test("loadModel refuses weights that disagree with the config", async () => {
    const other = await keras.saving.saveWeights(model(4));
    await expect(keras.saving.loadModel(await archive({ "model.weights.h5": other }))).rejects.toThrow(/model\.weights\.h5: \/layers\/dense_1\/vars\/0/);
  });
});

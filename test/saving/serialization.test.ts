// serializeKerasObject / deserializeKerasObject / registerKerasSerializable:
// Keras's JSON form, registration, and safety against hostile JSON.
import { describe, expect, test } from "vitest";
import {
  deserializeKerasObject, getRegisteredName, registerKerasSerializable, serializeKerasObject,
} from "../../src/saving/index.js";
import * as initializers from "../../src/initializers/index.js";
import * as regularizers from "../../src/regularizers/index.js";
import { Tensor } from "../../src/tensor.js";
import { tensor } from "../../src/ops/convert.js";
import { KerasTypeError, ValueError } from "../../src/errors.js";

class Halves extends initializers.Initializer {
  constructor(readonly options: { scale?: number } = {}) { super(); }
  apply(shape: readonly number[]): Tensor { return tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5 * (this.options.scale ?? 1)), shape); }
  override getConfig() { return { scale: this.options.scale ?? 1, someKey: 2 }; }
}
registerKerasSerializable(Halves, { package: "demo" });

describe("custom classes", () => {
  test("registered name, Keras JSON form (module null), snake_case keys, round trip", () => {
    expect(getRegisteredName(Halves)).toBe("demo>Halves");
    const json = serializeKerasObject(new Halves({ scale: 3 }));
    expect(json).toEqual({ module: null, class_name: "Halves", config: { scale: 3, some_key: 2 }, registered_name: "demo>Halves" });
    const back = deserializeKerasObject(JSON.parse(JSON.stringify(json))) as Halves;
    expect(back).toBeInstanceOf(Halves);
    expect(back.options).toEqual({ scale: 3, someKey: 2 });
    expect(initializers.get("demo>Halves")).toBeInstanceOf(Halves);
  });
  test("default package is Custom; static className overrides the JS name", () => {
    class Minified extends initializers.Initializer {
      static className = "Pretty";
      apply(): Tensor { return tensor(0); }
    }
    registerKerasSerializable(Minified);
    expect(getRegisteredName(Minified)).toBe("Custom>Pretty");
    expect((serializeKerasObject(new Minified()) as { class_name: string }).class_name).toBe("Pretty");
  });
  test("registration errors", () => {
    class NoConfig { apply() { return 0; } }
    expect(() => registerKerasSerializable(NoConfig)).toThrow(new ValueError("Cannot register a class that does not have a getConfig() method."));
    class Other extends initializers.Initializer { apply(): Tensor { return tensor(0); } }
    Object.defineProperty(Other, "name", { value: "Halves" });
    expect(() => registerKerasSerializable(Other, { package: "demo" })).toThrow(/already registered/);
  });
  test("unregistered custom classes: Keras's message says how to register", () => {
    const json = { module: null, class_name: "Mystery", config: {}, registered_name: "Mystery" };
    expect(() => deserializeKerasObject(json)).toThrow(KerasTypeError);
    expect(() => deserializeKerasObject(json)).toThrow(/Cannot deserialize object of type `Mystery`.*registerKerasSerializable/);
    expect(() => deserializeKerasObject({ module: "keras.layers", class_name: "Nope", config: {}, registered_name: null })).toThrow(
      /Could not locate class 'Nope'/,
    );
  });
  test("customObjects are searched", () => {
    class Local extends initializers.Initializer {
      apply(): Tensor { return tensor(1); }
      override getConfig() { return {}; }
    }
    const json = { module: null, class_name: "Local", config: {}, registered_name: "Local" };
    expect(deserializeKerasObject(json, { customObjects: { Local } })).toBeInstanceOf(Local);
  });
  test("registered functions serialize by name; unregistered ones are refused", () => {
    const halve = (w: Tensor) => w;
    registerKerasSerializable(halve, { package: "fns", name: "halve" });
    const json = serializeKerasObject(halve);
    expect(json).toEqual({ module: null, class_name: "function", config: "halve", registered_name: "fns>halve" });
    expect(deserializeKerasObject(json)).toBe(halve);
    expect(() => serializeKerasObject(() => 1)).toThrow(/register it with/);
  });
});

describe("plain values", () => {
  test("primitives, arrays, plain objects, tensors", () => {
    expect(serializeKerasObject([1, "a", null, { k: true }])).toEqual([1, "a", null, { k: true }]);
    const t = serializeKerasObject(tensor([[1, 2]]));
    expect(t).toEqual({ class_name: "__tensor__", config: { value: [[1, 2]], dtype: "float32" } });
    const back = deserializeKerasObject(t) as Tensor;
    expect(back.toArray()).toEqual([[1, 2]]);
    expect(deserializeKerasObject({ a: 1, b: [2] })).toEqual({ a: 1, b: [2] });
  });
});

describe("safety", () => {
  test("__lambda__ is refused whatever safeMode says", () => {
    const json = { class_name: "__lambda__", config: { value: "x" } };
    expect(() => deserializeKerasObject(json)).toThrow(/never evaluates/);
    expect(() => deserializeKerasObject(json, { safeMode: false })).toThrow(/never evaluates/);
  });
  test("__proto__ and constructor keys do not pollute prototypes", () => {
    const hostile = JSON.parse(
      '{"a": {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}},' +
        ' "b": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.5, "__proto__": {"polluted": 3}}, "registered_name": null}}',
    );
    let out: any;
    try { out = deserializeKerasObject(hostile); } catch (e) { out = e; }
    expect(({} as any).polluted).toBeUndefined();
    expect((Object.prototype as any).polluted).toBeUndefined();
    expect(out).toBeInstanceOf(ValueError); // b's stray "__proto__" option is rejected by name
    expect(out.message).toMatch(/unrecognized argument '__proto__'/);
    const a = deserializeKerasObject(hostile.a) as any;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(a.polluted).toBeUndefined();
    expect(Object.hasOwn(a, "__proto__")).toBe(true); // kept as plain data
    expect(() => regularizers.get({ module: "keras.regularizers", class_name: "constructor", config: {}, registered_name: null })).toThrow();
    expect(() => deserializeKerasObject({ module: "keras.regularizers", class_name: "__proto__", config: {}, registered_name: null })).toThrow(
      /Could not locate class '__proto__'/,
    );
    expect(({} as any).polluted).toBeUndefined();
  });
  test("class_name must name a registered class: built-ins by module", () => {
    expect(() => deserializeKerasObject({ module: "keras.regularizers", class_name: "toString", config: {}, registered_name: null })).toThrow(
      /Could not locate class 'toString'/,
    );
  });
});

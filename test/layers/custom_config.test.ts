// Custom layers round-trip through getConfig/fromConfig and
// serializeKerasObject/deserializeKerasObject without overriding anything,
// whether the constructor takes its arguments positionally or as options
// (Keras 3's auto-config, operation.py __new__/get_config/from_config); where
// the arguments cannot be read back, Keras's "must override get_config()"
// error comes at getConfig time instead of a config that lost them.
import { beforeEach, describe, expect, test } from "vitest";
import * as keras from "../../src/index.js";
import { Layer, type LayerOptions } from "../../src/layers/layer.js";
import { KerasTypeError, NotImplementedError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";
import type { Variable } from "../../src/variables.js";
import { throws } from "../helpers/expect.js";

const { ops } = keras;
beforeEach(() => keras.clearSession());

/** The Keras guide's SimpleDense, in the three constructor styles. */
class PositionalDense extends Layer {
  units: number;
  kernel!: Variable;
  constructor(units = 32) {
    super();
    this.units = units;
  }
  override build(shape: number[]): void {
    this.kernel = this.addWeight({ shape: [shape[shape.length - 1]!, this.units], initializer: "ones", name: "kernel" });
  }
  override call(x: Tensor): Tensor { return ops.matmul(x, this.kernel); }
}
class OptionsOnlyDense extends Layer {
  units: number;
  activation: string | null;
  constructor({ units = 32, activation = null, ...options }: { units?: number; activation?: string | null } & LayerOptions = {}) {
    super(options);
    this.units = units;
    this.activation = activation;
  }
}
class UnitsAndOptions extends Layer {
  units: number;
  constructor(units = 32, options: LayerOptions = {}) {
    super(options);
    this.units = units;
  }
}
for (const c of [PositionalDense, OptionsOnlyDense, UnitsAndOptions]) keras.saving.registerKerasSerializable(c, { package: "test" });

const FLOAT32 = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };

describe("auto-config: no getConfig/fromConfig override", () => {
  test("positional constructor: new PositionalDense(4) round-trips (the config object is not passed as units)", () => {
    const layer = new PositionalDense(4);
    // Keras drops `name` when the constructor cannot take it back (operation.py get_config).
    expect(layer.getConfig()).toEqual({ units: 4, trainable: true, dtype: FLOAT32 });
    const clone = PositionalDense.fromConfig(layer.getConfig());
    expect(clone).toBeInstanceOf(PositionalDense);
    expect(clone.units).toBe(4);
    // ones([2, 3]) @ ones([3, 4]) = 3 everywhere: the clone has the 4 units it was configured with.
    expect(clone.apply(ops.ones([2, 3])).toArray()).toEqual([[3, 3, 3, 3], [3, 3, 3, 3]]);
  });
  test("a default argument is recorded too (Keras's apply_defaults)", () => {
    expect(new PositionalDense().getConfig().units).toBe(32);
  });
  test("options constructor: new OptionsOnlyDense({ units: 4 }) round-trips, name included", () => {
    const layer = new OptionsOnlyDense({ units: 4, activation: "relu", name: "dense_a" });
    expect(layer.getConfig()).toEqual({ name: "dense_a", units: 4, activation: "relu", trainable: true, dtype: FLOAT32 });
    const clone = OptionsOnlyDense.fromConfig(layer.getConfig());
    expect([clone.name, clone.units, clone.activation]).toEqual(["dense_a", 4, "relu"]);
  });
  test("positional + options constructor: new UnitsAndOptions(4, { name }) round-trips", () => {
    const layer = new UnitsAndOptions(4, { name: "u", trainable: false, dtype: "mixed_float16" });
    const clone = UnitsAndOptions.fromConfig(layer.getConfig());
    expect([clone.name, clone.units, clone.trainable, clone.dtypePolicy.name]).toEqual(["u", 4, false, "mixed_float16"]);
  });
  test("trainable and dtype reach a constructor without options (set after construction)", () => {
    const layer = new PositionalDense(3);
    layer.trainable = false;
    layer.dtypePolicy = "float16";
    const clone = PositionalDense.fromConfig(layer.getConfig());
    expect([clone.units, clone.trainable, clone.dtypePolicy.name]).toEqual([3, false, "float16"]);
  });
  test("through serializeKerasObject / JSON / deserializeKerasObject with a registered class", () => {
    for (const layer of [new PositionalDense(4), new OptionsOnlyDense({ units: 4 }), new UnitsAndOptions(4)]) {
      const json = JSON.parse(JSON.stringify(keras.saving.serializeKerasObject(layer))) as Record<string, unknown>;
      expect(json.module).toBe(null);
      expect((json.config as Record<string, unknown>).units).toBe(4);
      const back = keras.saving.deserializeKerasObject(json) as { units: number };
      expect(back).toBeInstanceOf(layer.constructor);
      expect(back.units).toBe(4);
    }
  });
  test("a built layer comes back built with the same weight shapes", () => {
    const layer = new PositionalDense(4);
    layer.apply(ops.ones([1, 3]));
    const back = keras.saving.deserializeKerasObject(JSON.parse(JSON.stringify(keras.saving.serializeKerasObject(layer)))) as PositionalDense;
    expect(back.built).toBe(true);
    expect(back.kernel.shape).toEqual([3, 4]);
  });
  test("a subclass without a constructor of its own uses its parent's", () => {
    class Wider extends PositionalDense {}
    const clone = Wider.fromConfig(new Wider(5).getConfig());
    expect([clone instanceof Wider, clone.units]).toEqual([true, 5]);
  });
  test("a class without any constructor has the base Layer's auto-config keys (as Keras's)", () => {
    class Plain extends Layer {}
    expect(Object.keys(new Plain().getConfig())).toEqual(["name", "activityRegularizer", "trainable", "dtype", "autocast"]);
  });
  test("nested arrays and plain objects of plain values are arguments too", () => {
    class Shaped extends Layer {
      dims: number[];
      spec: { kind: string };
      constructor(dims: number[] = [1], spec = { kind: "a" }) { super(); this.dims = dims; this.spec = spec; }
    }
    const clone = Shaped.fromConfig(new Shaped([2, 3], { kind: "b" }).getConfig());
    expect([clone.dims, clone.spec]).toEqual([[2, 3], { kind: "b" }]);
  });
});

describe("auto-config: Keras's error where arguments cannot be read back", () => {
  test("a non-serializable argument (a tensor)", () => {
    class Scaled extends Layer {
      scale: Tensor;
      constructor(scale: Tensor) { super(); this.scale = scale; }
    }
    throws(() => new Scaled(ops.ones([2])).getConfig(), NotImplementedError,
      "Object Scaled was created by passing non-serializable argument values", "`scale`", "must override `getConfig()`");
    expect(() => keras.saving.serializeKerasObject(new Scaled(ops.ones([2])))).toThrow(/must override `getConfig\(\)`/);
  });
  test("an argument not stored under its own name", () => {
    class Renamed extends Layer {
      size: number;
      constructor(units = 3) { super(); this.size = units; }
    }
    throws(() => new Renamed().getConfig(), NotImplementedError, "`units`", "this.units", "must override `getConfig()`");
  });
  test("an options object whose keys cannot be read", () => {
    class Opaque extends Layer {
      units: number;
      constructor(options: { units?: number } = {}) { super(); this.units = options.units ?? 1; }
    }
    throws(() => new Opaque({ units: 2 }).getConfig(), NotImplementedError, "`options`", "destructured in the parameter list");
  });
  test("variadic arguments", () => {
    class Variadic extends Layer {
      parts: number[];
      constructor(...parts: number[]) { super(); this.parts = parts; }
    }
    throws(() => new Variadic(1, 2).getConfig(), NotImplementedError, "variadic arguments", "must override `getConfig()`");
  });
  test("overriding getConfig (the Keras guide's way) lifts the error, and fromConfig maps the keys", () => {
    class Renamed extends Layer {
      size: number;
      constructor(units = 3) { super(); this.size = units; }
      override getConfig() { return { units: this.size }; }
    }
    expect(Renamed.fromConfig(new Renamed(7).getConfig()).size).toBe(7);
  });
  test("fromConfig: a key the constructor has no parameter for", () => {
    throws(() => PositionalDense.fromConfig({ units: 2, color: "red" }), KerasTypeError,
      "Error when deserializing class 'PositionalDense'", "has no parameter named 'color'");
  });
  test("fromConfig: a dtype that cannot be applied after weights were made in the constructor", () => {
    class Eager extends Layer {
      units: number;
      w: Variable;
      constructor(units = 2) { super(); this.units = units; this.w = this.addWeight({ shape: [units] }); }
    }
    throws(() => Eager.fromConfig({ units: 2, dtype: "float16" }), ValueError, "cannot be applied");
  });
});

// Layers and dtype policies: keras/src/layers/layer_test.py's
// test_mixed_precision and test_autocast, the global policy at
// construction, input autocasting, and a mixed_float16 layer whose outputs
// equal the float32 layer's math rounded as Keras (NumPy) rounds it.
import { afterEach, describe, expect, test } from "vitest";
import { DTypePolicy, Layer, Variable, clearSession, config, ops, tensor, type Tensor } from "../../src/index.js";
import { decodeF16, nearestF16 } from "../helpers/half_oracle.js";
import { throwsValue } from "../helpers/expect.js";
import { TestDense } from "./test_layers.js";

afterEach(() => clearSession());

const dtypeOf = (x: Tensor | Variable): string => x.dtype;

describe("layer dtype policies", () => {
  test("test_mixed_precision: float16 and mixed_float16 Dense", () => {
    const x = ops.ones([4, 4]);
    let layer = new TestDense(2, { dtype: "float16" });
    let y = layer.apply(x) as Tensor;
    expect([layer.computeDtype, layer.variableDtype, layer.dtype, y.dtype]).toEqual(["float16", "float16", "float16", "float16"]);
    expect(layer.kernel.dtype).toBe("float16");

    layer = new TestDense(2, { dtype: "mixed_float16" });
    y = layer.apply(x) as Tensor;
    expect([layer.computeDtype, layer.variableDtype, y.dtype]).toEqual(["float16", "float32", "float16"]);
    expect(layer.kernel.dtype).toBe("float32");
  });

  test("test_autocast: nested layers with other policies", () => {
    const seen: Record<string, string> = {};
    class InnerLayerOne extends Layer {
      v: Variable;
      constructor() {
        super({ dtype: "int" });
        this.v = this.addWeight({ shape: [], initializer: "ones", dtype: "float32" });
      }
      override call(x: Tensor): Tensor {
        seen.one = dtypeOf(this.v); // not autocast: an int layer
        seen.oneInput = x.dtype;
        return ops.add(ops.cast(x, "float32"), this.v);
      }
    }
    class InnerLayerTwo extends Layer {
      v: Variable;
      constructor() {
        super({ dtype: "float32" });
        this.v = this.addWeight({ shape: [], initializer: "ones" });
      }
      override call(x: Tensor): Tensor {
        seen.two = dtypeOf(this.v); // explicitly full precision
        return ops.add(x, this.v);
      }
    }
    class InnerLayerThree extends Layer {
      v: Variable;
      constructor() {
        super({ dtype: "mixed_float16" });
        this.v = this.addWeight({ shape: [], initializer: "ones", autocast: false });
      }
      override call(x: Tensor): Tensor {
        seen.three = dtypeOf(this.v); // autocast: false
        seen.threeInput = x.dtype;
        return ops.add(x, this.v);
      }
    }
    class MixedPrecisionLayer extends Layer {
      v: Variable;
      one = new InnerLayerOne();
      two = new InnerLayerTwo();
      three = new InnerLayerThree();
      constructor() {
        super({ dtype: "mixed_float16" });
        this.v = this.addWeight({ shape: [], initializer: "ones" });
      }
      override call(x: Tensor): Tensor {
        seen.outer = dtypeOf(this.v);
        seen.outerValue = this.v.value.dtype;
        return this.three.apply(this.two.apply(this.one.apply(ops.add(x, this.v)))) as Tensor;
      }
    }
    const layer = new MixedPrecisionLayer();
    const y = layer.apply(tensor(0, null, "float64")) as Tensor;
    expect(y.item()).toBe(4);
    expect(y.dtype).toBe("float32"); // float16 input + float32 variable (autocast off)
    expect(seen).toEqual({
      outer: "float16", outerValue: "float16", one: "float32", oneInput: "int32", two: "float32", three: "float32", threeInput: "float16",
    });
    // Outside the call the variables read as they are stored.
    expect(layer.v.dtype).toBe("float32");
    expect(layer.v.value.dtype).toBe("float32");
  });

  test("test_autocast_with_np_array: floats cast to the compute dtype, ints untouched", () => {
    const got: string[] = [];
    class Custom extends Layer {
      override call(x: Tensor[]): Tensor {
        got.push(x[0]!.dtype, x[1]!.dtype);
        return x[0]!;
      }
    }
    new Custom().apply([tensor([0], null, "float64"), tensor(new Int32Array([0]))]);
    expect(got).toEqual(["float32", "int32"]);
    got.length = 0;
    new Custom({ dtype: "bfloat16" }).apply([tensor([0.1]), tensor(new Uint8Array([1]))]);
    expect(got).toEqual(["bfloat16", "bool"]);
    got.length = 0;
    new Custom({ dtype: "float16", autocast: false }).apply([tensor([0.1]), tensor(new Int32Array([0]))]);
    expect(got).toEqual(["float32", "int32"]);
  });

  test("layers without a dtype take the global policy at construction", () => {
    config.setDtypePolicy("mixed_bfloat16");
    const a = new TestDense(2);
    config.setDtypePolicy("float32");
    const b = new TestDense(2);
    expect([a.computeDtype, a.variableDtype, a.dtypePolicy.name]).toEqual(["bfloat16", "float32", "mixed_bfloat16"]);
    expect(b.dtypePolicy.name).toBe("float32");
    expect(a.getConfig().dtype).toEqual({ module: "keras", class_name: "DTypePolicy", config: { name: "mixed_bfloat16" }, registered_name: null });
  });

  test("dtypePolicy is settable (policy, name, JSON, or null for the global one)", () => {
    const l = new TestDense(2);
    l.dtypePolicy = "float16";
    expect(l.computeDtype).toBe("float16");
    l.dtypePolicy = new DTypePolicy("mixed_float16");
    expect([l.computeDtype, l.variableDtype]).toEqual(["float16", "float32"]);
    l.dtypePolicy = { module: "keras", class_name: "DTypePolicy", config: { name: "bfloat16" } } as never;
    expect(l.dtypePolicy.name).toBe("bfloat16");
    l.dtypePolicy = null;
    expect(l.dtypePolicy).toBe(config.dtypePolicy());
  });

  test("bad dtypes: Keras's errors", () => {
    throwsValue(() => new TestDense(2, { dtype: "mixed_float15" }), "Cannot convert 'mixed_float15' to a mixed precision DTypePolicy");
    throwsValue(() => new TestDense(2, { dtype: 12 as never }), "Cannot interpret `dtype` argument");
    expect(() => {
      const l = new TestDense(2);
      l.dtypePolicy = "float15";
    }).toThrow(/Cannot convert 'float15'/);
  });
});

describe("a mixed_float16 layer computes the float32 layer's math, rounded where Keras rounds", () => {
  test("Dense: x and the kernel rounded to float16, float32 accumulation in order, rounded; then + bias, rounded", () => {
    const r = (v: number): number => decodeF16(nearestF16(v));
    const f = Math.fround;
    const X = [[0.1, -0.7, 2.3], [1 / 3, 5.5, -0.01]];
    const K = [[0.11, -1.9], [0.37, 0.05], [-2.2, 0.73]];
    const Bv = [0.013, -0.3];
    const ref = new TestDense(2);
    const mixed = new TestDense(2, { dtype: "mixed_float16" });
    for (const l of [ref, mixed]) {
      l.build([null, 3]);
      l.setWeights([K, Bv]);
    }
    const y32 = ref.apply(X) as Tensor;
    const y16 = mixed.apply(X) as Tensor;
    expect(y32.dtype).toBe("float32");
    expect(y16.dtype).toBe("float16");
    expect(mixed.kernel.dtype).toBe("float32");
    const expected = X.map((row) =>
      [0, 1].map((j) => {
        let acc = 0;
        for (let k = 0; k < 3; k++) acc = f(acc + f(r(row[k]!) * r(f(K[k]![j]!))));
        return r(f(r(acc) + r(f(Bv[j]!))));
      }),
    );
    expect(y16.toArray()).toEqual(expected);
    // ... which is close to, and not the same as, the float32 output.
    const diff = (y16.toArray() as number[][]).flat().map((v, i) => Math.abs(v - (y32.toArray() as number[][]).flat()[i]!));
    expect(Math.max(...diff)).toBeLessThan(1e-2);
    expect(diff.some((d) => d > 0)).toBe(true);
  });
});

// keras.DTypePolicy and keras.config: Keras's dtype_policy_test.py cases,
// the serialized fixtures (quirk 8), and Keras's error texts.
import { afterEach, describe, expect, test } from "vitest";
import { DTypePolicy, FloatDTypePolicy, KerasTypeError, NotImplementedError, Variable, clearSession, config, dtypePolicies } from "../../src/index.js";
import { fixture } from "../helpers/fixtures.js";
import { throws, throwsValue } from "../helpers/expect.js";

afterEach(() => {
  config.setFloatx("float32");
  clearSession();
});

describe("DTypePolicy", () => {
  test("names give compute and variable dtypes", () => {
    const table: [string, string, string][] = [
      ["float32", "float32", "float32"],
      ["float16", "float16", "float16"],
      ["bfloat16", "bfloat16", "bfloat16"],
      ["float64", "float64", "float64"],
      ["mixed_float16", "float16", "float32"],
      ["mixed_bfloat16", "bfloat16", "float32"],
      ["int32", "int32", "int32"],
      ["uint8", "uint8", "uint8"],
      ["int8", "int8", "int8"],
      ["int", "int32", "int32"],
    ];
    for (const [name, compute, variable] of table) {
      for (const P of [DTypePolicy, FloatDTypePolicy]) {
        const p = new P(name);
        expect([p.name, p.computeDtype, p.variableDtype, p.isQuantized, p.quantizationMode]).toEqual([name, compute, variable, false, null]);
      }
    }
  });

  test("no name takes the global policy's", () => {
    for (const [g, compute, variable] of [["float16", "float16", "float16"], ["mixed_bfloat16", "bfloat16", "float32"]]) {
      config.setDtypePolicy(g!);
      const p = new DTypePolicy(null);
      expect([p.name, p.computeDtype, p.variableDtype]).toEqual([g, compute, variable]);
      expect(new DTypePolicy().name).toBe(g);
    }
  });

  test("bad names: Keras's errors", () => {
    throwsValue(
      () => new DTypePolicy("mixed_float15"),
      "Cannot convert 'mixed_float15' to a mixed precision DTypePolicy. Valid policies include 'mixed_float16', 'mixed_bfloat16', and the name of any float dtype such as 'float32'.",
    );
    throwsValue(() => new DTypePolicy("invalid_name"), "Cannot convert");
    throwsValue(() => new DTypePolicy("float"), "Cannot convert 'float'");
    throws(() => new DTypePolicy(123 as never), KerasTypeError, "'name' must be a string, such as 'mixed_float16'. Received: name=123");
  });

  test("getConfig / fromConfig, toString, equality", () => {
    const p = new DTypePolicy("mixed_float16");
    expect(p.getConfig()).toEqual({ name: "mixed_float16" });
    expect(DTypePolicy.fromConfig(p.getConfig()).name).toBe("mixed_float16");
    expect(String(p)).toBe('<DTypePolicy "mixed_float16">');
    const q = new DTypePolicy("mixed_bfloat16");
    expect(q.equals(new DTypePolicy("mixed_bfloat16"))).toBe(true);
    expect(q.equals(new FloatDTypePolicy("mixed_bfloat16"))).toBe(true);
    expect(q.equals("mixed_bfloat16")).toBe(false);
    expect(q.equals(p)).toBe(false);
  });

  test("serialize matches Keras's JSON (every policy as DTypePolicy); deserialize and get read it back", () => {
    for (const name of ["float32", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16"]) {
      const json = fixture(`configs/dtype_policy_${name}.json`);
      expect(dtypePolicies.serialize(new DTypePolicy(name))).toEqual(json);
      expect(dtypePolicies.deserialize(json).name).toBe(name);
      expect(dtypePolicies.get(json).name).toBe(name);
      expect(dtypePolicies.get({ ...(json as object), shared_object_id: 140001 }).name).toBe(name); // .keras files (quirk 10)
    }
    throwsValue(() => dtypePolicies.deserialize({ class_name: "Dense", config: {} }), "dtype policy");
  });

  test("get", () => {
    const p = new DTypePolicy("float16");
    expect(dtypePolicies.get(p)).toBe(p);
    expect(dtypePolicies.get(null)).toBe(config.dtypePolicy());
    expect(dtypePolicies.get("mixed_float16").computeDtype).toBe("float16");
    throwsValue(() => dtypePolicies.get(5), "Cannot interpret `dtype` argument. Expected a string or an instance of DTypePolicy. Received: dtype=5");
    throwsValue(() => dtypePolicies.get("int8"), "Cannot convert `policy` into a valid pair (`mode`, `source_name`)");
  });
});

describe("keras.config", () => {
  test("the global policy defaults to floatx and is settable by name or instance", () => {
    expect(config.dtypePolicy().name).toBe("float32");
    expect(config.dtypePolicy()).toBe(config.dtypePolicy());
    config.setDtypePolicy("mixed_float16");
    expect(config.dtypePolicy().computeDtype).toBe("float16");
    const p = new DTypePolicy("bfloat16");
    config.setDtypePolicy(p);
    expect(config.dtypePolicy()).toBe(p);
  });

  test("bad policies: Keras's errors, and the global policy is kept", () => {
    config.setDtypePolicy("float16");
    throwsValue(
      () => config.setDtypePolicy(null as never),
      "Invalid `policy` argument. Expected the string name of a policy (such as 'mixed_float16') or a `DTypePolicy` instance. Received: policy=null",
    );
    throwsValue(() => config.setDtypePolicy(16 as never), "Invalid `policy` argument", "policy=16");
    throwsValue(() => config.setDtypePolicy("mixed_float15"), "Cannot convert 'mixed_float15'");
    throwsValue(() => config.setDtypePolicy("int8"), "Cannot convert `policy` into a valid pair");
    throws(() => config.setDtypePolicy("int8_from_float32"), NotImplementedError, "Quantized");
    expect(config.dtypePolicy().name).toBe("float16");
  });

  test("clearSession resets the global policy, not floatx", () => {
    config.setDtypePolicy("mixed_float16");
    clearSession();
    expect(config.dtypePolicy().name).toBe("float32");
    config.setFloatx("float16");
    clearSession();
    expect(config.floatx()).toBe("float16");
    expect(config.dtypePolicy().name).toBe("float16");
  });

  test("floatx: set, errors, and variables honour it", () => {
    expect(config.floatx()).toBe("float32");
    config.setFloatx("bfloat16");
    expect(config.floatx()).toBe("bfloat16");
    expect(new Variable("ones", { shape: [2] }).dtype).toBe("bfloat16");
    throwsValue(() => config.setFloatx("float8"), "Unknown `floatx` value: float8. Expected one of {'bfloat16', 'float16', 'float32', 'float64'}");
    throwsValue(() => config.setFloatx("int32"), "Unknown `floatx` value: int32");
    expect(config.floatx()).toBe("bfloat16");
  });
});

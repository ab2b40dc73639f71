// A Functional config names its operations by class; only keras.ops's own
// exports may be built from it, never a prototype member.
import { expect, it } from "vitest";
import * as keras from "../../src/index.js";

it.each(["Constructor", "__proto__", "ToString", "HasOwnProperty", "NoSuchOp"])("an op named %s in a config is refused", (className) => {
  const x = keras.Input({ shape: [2], name: "x" });
  const model = new keras.Model({ inputs: x, outputs: keras.ops.add(x, 1) }) as keras.Model;
  const config = JSON.parse(JSON.stringify(keras.saving.serializeKerasObject(model)));
  const layers = config.config.layers as { module: string; class_name: string }[];
  const op = layers.find((l) => l.module === "keras.ops")!;
  expect(op).toBeDefined();
  op.class_name = className;
  expect(() => keras.saving.deserializeKerasObject(config)).toThrow(/unknown operation/);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

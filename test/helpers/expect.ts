// Assertions shared by the op tests.
import { afterAll, beforeAll, describe, expect } from "vitest";
import { useReferenceKernels } from "../../src/backend/loader.js";
import { ValueError } from "../../src/errors.js";

type ErrorClass = new (...a: never[]) => Error;

/** `fn` throws an instance of `cls` whose message contains every part. */
export function throws(fn: () => unknown, cls: ErrorClass, ...parts: (string | RegExp)[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  for (const p of parts) expect((err as Error).message).toMatch(p);
}

/** `fn` throws a ValueError whose message contains every part. */
export const throwsValue = (fn: () => unknown, ...parts: (string | RegExp)[]): void => throws(fn, ValueError, ...parts);

/** Runs the same describe block on the WASM kernels, then on the reference twins. */
export function onBothKernels(name: string, body: (reference: boolean) => void): void {
  for (const reference of [false, true]) {
    describe(`${name} (${reference ? "reference" : "wasm"} kernels)`, () => {
      beforeAll(() => useReferenceKernels(reference));
      afterAll(() => useReferenceKernels(false));
      body(reference);
    });
  }
}

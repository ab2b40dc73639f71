// Argument checks shared by Layer's constructor, setters and addWeight, in
// Keras's wording, with a "did you mean" for mistyped option keys.
import { KerasTypeError, ValueError, describe } from "../errors.js";
import { closestName, snakeToCamel } from "../utils/suggest.js";
import { InputSpec } from "./input_spec.js";
import { flatten } from "./structure.js";

/** Python's repr of a JS value, as Keras prints kwargs. */
export const pyRepr = (v: unknown): string => (typeof v === "string" ? `'${v}'` : v === null ? "None" : describe(v));

/** Keras's check of `trainable` (and other flags): a boolean, nothing else. */
export function checkBoolean(arg: string, value: unknown, where: string): asserts value is boolean {
  if (typeof value !== "boolean") {
    throw new ValueError(
      `Expected \`${arg}\` to be a boolean. Received: ${arg}=${describe(value)} (of type ${typeof value}) on ${where}`,
    );
  }
}

/**
 * Keras's `Unrecognized keyword arguments passed to <Class>: {...}`, with
 * the intended key when one is close (`input_shape` -> `inputShape`).
 */
export function checkKeywords(
  options: object, allowed: ReadonlySet<string>, owner: string, error: "value" | "type" = "value", subclassKeys = true,
): void {
  const unknown = Object.keys(options).filter((k) => !allowed.has(k));
  if (unknown.length === 0) return;
  const kw = unknown.map((k) => `'${k}': ${pyRepr((options as Record<string, unknown>)[k])}`).join(", ");
  const hints = unknown.flatMap((k) => {
    // A snake_case key is a Python spelling even when a subclass (not Layer) takes it.
    const c = closestName(k, allowed) ?? (subclassKeys && /_[a-z0-9]/.test(k) ? snakeToCamel(k) : null);
    if (c === null) return [];
    return [unknown.length === 1 ? ` Did you mean \`${c}\`?` : ` Did you mean \`${c}\` for \`${k}\`?`];
  });
  const message = `Unrecognized keyword arguments passed to ${owner}: {${kw}}.${hints.join("")}` +
    ` Valid options: ${[...allowed].map((k) => `\`${k}\``).join(", ")}.`;
  throw error === "type" ? new KerasTypeError(message) : new ValueError(message);
}

/** Keras's input_spec check (tf-keras wording): InputSpecs, nested in arrays/objects, nulls allowed. */
export function checkInputSpec(value: unknown, layer: string): unknown {
  if (value === undefined || value === null) return null;
  const bad = flatten(value).find((v) => v !== null && !(v instanceof InputSpec));
  if (bad !== undefined) {
    throw new KerasTypeError(`Layer inputSpec must be an instance of InputSpec (or an array of them). Got: ${describe(bad)} (layer '${layer}')`);
  }
  return value;
}

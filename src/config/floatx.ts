// keras.config.floatx / set_floatx: the default float dtype. A leaf module
// (no imports besides errors) so dtypes, variables and policies can read it.
import { ValueError } from "../errors.js";

/** The dtypes `setFloatx` accepts, in Keras's order. */
export const FLOATX_DTYPES = ["bfloat16", "float16", "float32", "float64"] as const;
export type FloatxDType = (typeof FLOATX_DTYPES)[number];

let current: FloatxDType = "float32";

/**
 * The default float dtype, `"float32"` unless changed with `setFloatx`.
 *
 * @example
 * keras.config.floatx(); // "float32"
 */
export function floatx(): FloatxDType {
  return current;
}

/**
 * Sets the default float dtype (Keras's `set_floatx`). Not reset by
 * `clearSession()`, as in Keras.
 *
 * @example
 * keras.config.setFloatx("float16");
 * keras.config.setFloatx("float32");
 */
export function setFloatx(value: string): void {
  if (typeof value !== "string" || !(FLOATX_DTYPES as readonly string[]).includes(value)) {
    const set = `{${FLOATX_DTYPES.map((d) => `'${d}'`).join(", ")}}`;
    throw new ValueError(`Unknown \`floatx\` value: ${String(value)}. Expected one of ${set}`);
  }
  current = value as FloatxDType;
}

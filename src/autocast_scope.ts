// Keras's AutocastScope (keras/src/backend/common/variables.py): while a
// layer whose compute dtype differs from its variable dtype runs `call`,
// float variables created with `autocast: true` read as the compute dtype.
import { ValueError } from "./errors.js";
import { isFloat, standardizeDtype, type DType } from "./dtypes.js";

/** The dtype float variables read as, or null for "no casting". */
export class AutocastScope {
  readonly dtype: DType | null;
  constructor(dtype: string | null) {
    if (dtype !== null) {
      const d = standardizeDtype(dtype);
      if (!isFloat(d)) {
        throw new ValueError(`\`AutocastScope\` can only be used with a floating-point target dtype, such as 'float16'. Received: dtype=${dtype}`);
      }
      this.dtype = d;
    } else this.dtype = null;
  }
}

let current: AutocastScope | null = null;

/** The active scope, or null. */
export function getAutocastScope(): AutocastScope | null {
  return current;
}

/** Runs `fn` with `scope` active, restoring the previous one after (also on error). */
export function withAutocastScope<T>(scope: AutocastScope, fn: () => T): T {
  const saved = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** @internal Drops any scope (part of `clearSession()`). */
export function resetAutocastScope(): void {
  current = null;
}

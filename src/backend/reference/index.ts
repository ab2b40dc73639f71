// The table of reference twins, one entry per WASM kernel export.
import { binaryKernels } from "./binary.js";
import { castKernels } from "./cast.js";
import type { RefKernel } from "./types.js";

export const reference: Record<string, RefKernel> = {
  ...binaryKernels,
  ...castKernels,
};
export type { RefKernel };

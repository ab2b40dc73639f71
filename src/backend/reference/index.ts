// The table of reference twins, one entry per WASM kernel export.
import { binaryKernels } from "./binary.js";
import { castKernels } from "./cast.js";
import { reduceKernels } from "./reduce.js";
import { layoutKernels } from "./layout.js";
import { unaryKernels } from "./unary.js";
import { selectKernels } from "./select.js";
import { softmaxKernels } from "./softmax.js";
import { linalgKernels } from "./linalg.js";
import { halfKernels } from "./half.js";
import { referenceOnlyKernels } from "./wide.js";
import type { RefKernel } from "./types.js";

export const reference: Record<string, RefKernel> = {
  ...binaryKernels,
  ...castKernels,
  ...layoutKernels,
  ...reduceKernels,
  ...unaryKernels,
  ...selectKernels,
  ...softmaxKernels,
  ...linalgKernels,
  ...halfKernels,
  ...referenceOnlyKernels,
};
export { REFERENCE_ONLY } from "./wide.js";
export type { RefKernel };

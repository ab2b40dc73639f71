// The table of reference twins, one entry per WASM kernel export.
import { binaryKernels } from "./binary.js";
import { castKernels } from "./cast.js";
import { reduceKernels } from "./reduce.js";
import { momentsKernels } from "./moments.js";
import { layoutKernels } from "./layout.js";
import { unaryKernels } from "./unary.js";
import { selectKernels } from "./select.js";
import { softmaxKernels } from "./softmax.js";
import { linalgKernels } from "./linalg.js";
import { halfKernels } from "./half.js";
import { optimizerKernels } from "./optimizers.js";
import { referenceOnlyKernels } from "./wide.js";
import type { KernelName } from "../kernels.js";
import type { RefKernel, Twin } from "./types.js";

/** Every kernel's twin, by name (test/kernels/registry.test.ts checks the names and arities against the table). */
export const reference = {
  ...binaryKernels,
  ...castKernels,
  ...layoutKernels,
  ...reduceKernels,
  ...momentsKernels,
  ...unaryKernels,
  ...selectKernels,
  ...softmaxKernels,
  ...linalgKernels,
  ...halfKernels,
  ...optimizerKernels,
  ...referenceOnlyKernels,
} as Record<string, RefKernel> as { readonly [K in KernelName]: Twin<K> };
export { REFERENCE_ONLY } from "../kernels.js";
export type { RefKernel };

import type { Twin } from "../kernels.js";

/**
 * A reference twin of some kernel: the WASM kernel's parameters, with JS
 * arrays for pointers. Each twin factory is typed by its kernel's entry in
 * the table (`Twin<"add_f32">`); the records of twins hold any of them.
 */
export type RefKernel = (...args: never[]) => void;
export type { Twin };

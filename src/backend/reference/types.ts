import type { TypedArray } from "../../dtypes.js";

/** A reference twin: the WASM kernel's parameters, with JS arrays for pointers. */
export type RefKernel = (...args: (TypedArray | number)[]) => void;

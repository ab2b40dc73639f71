// The in-memory form of an HDF5 file, as much of it as Keras's weight files
// use (groups, contiguous datasets, scalar/string attributes). The HDF5
// reader and writer in this folder convert between this tree and bytes; the
// `.keras` / `.weights.h5` code above them only ever sees the tree.
// (Interface fixed first so the format code and the saving code can be built
// side by side.)

/** The element types a dataset can hold (Keras writes float32 by default). */
export type H5Dtype = "float16" | "float32" | "float64" | "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "bool";

/** An attribute value: h5py writes strings, numbers and small arrays of either. */
export type H5AttrValue = string | number | boolean | readonly string[] | readonly number[];

/** A dataset: a dense, row-major array with its shape and element type. */
export interface H5Dataset {
  readonly kind: "dataset";
  readonly shape: readonly number[];
  readonly dtype: H5Dtype;
  /**
   * The elements, row-major. int64 comes as a BigInt64Array; float16 and
   * bool as their raw bits (Uint16Array, Uint8Array).
   */
  readonly data: Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array;
  readonly attrs: Readonly<Record<string, H5AttrValue>>;
}

/**
 * A group: named children, and attributes. HDF5 symbol tables keep names
 * sorted (by UTF-8 bytes), so a read tree lists children in that order
 * ("10" before "2"), as h5py does; look weights up by name (`vars/${i}`).
 */
export interface H5Group {
  readonly kind: "group";
  readonly children: ReadonlyMap<string, H5Group | H5Dataset>;
  readonly attrs: Readonly<Record<string, H5AttrValue>>;
}

/** Limits a reader enforces before allocating what a file claims. */
export interface H5ReadLimits {
  /** Largest total of dataset bytes the file may hold (default: the file's own length). */
  readonly maxDataBytes?: number;
  /** Deepest group nesting (default 64). */
  readonly maxDepth?: number;
}

// The reader and writer (h5/reader.ts, h5/writer.ts) export:
//   readH5(bytes: Uint8Array, limits?: H5ReadLimits): H5Group   // throws ValueError on bad input
//   writeH5(root: H5Group): Uint8Array                          // what h5py would write for Keras

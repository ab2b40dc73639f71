// keras.KerasTensor (keras/src/backend/common/keras_tensor.py): a shape and
// a dtype standing for a tensor not computed yet, the edge of a functional
// graph. It is a Tensor, so it goes wherever one does (ops, layer.apply,
// the Model constructor); ops and layers given one record a node (node.ts)
// instead of computing. Its storage holds nothing: reading values throws
// Keras's error.
import { STORAGE, standardizeDtype, type DType, type TypedArray } from "../dtypes.js";
import { ValueError, formatShape } from "../errors.js";
import { Storage } from "../backend/memory.js";
import { Tensor, type NestedArray } from "../tensor.js";
import { autoName } from "../utils/naming.js";

const SYMBOLIC =
  "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any actual numerical value.";

/** Where a KerasTensor comes from: Keras's `_keras_history` (operation, node index, tensor index). */
export interface KerasHistory {
  /** The layer or op whose call produced the tensor. */
  readonly operation: {
    /** The operation's (layer's or op's) name. */
    readonly name: string;
  };
  /** Which call of it (its inbound node). */
  readonly nodeIndex: number;
  /** Which of that call's outputs. */
  readonly tensorIndex: number;
}

// One empty storage per dtype, made at load time (outside any scope), marked
// released so that an op reaching a KerasTensor unwrapped fails with the
// Keras message rather than reading nothing.
const EMPTY = new Map<DType, Storage>();
for (const dt of Object.keys(STORAGE) as DType[]) {
  const s = new Storage(dt, 0);
  s.pending = false;
  s.released = `is a KerasTensor. ${SYMBOLIC} Use it as input to a Keras layer or a keras.ops function.`;
  EMPTY.set(dt, s);
}

/** The options of `new KerasTensor(shape, options)`. */
export interface KerasTensorOptions {
  /** The dtype (default `"float32"`). */
  dtype?: string;
  /** The tensor's name (default: auto-named `keras_tensor`, `keras_tensor_1`, ...). */
  name?: string | null;
}

/**
 * A symbolic tensor: a shape (null for a dimension known only at call
 * time, usually the batch) and a dtype, with no values. `Input()` returns
 * one; layers and `keras.ops` functions called on one return new ones and
 * record the call, which is how a functional `Model` is built. Its `shape`
 * holds `null` for unknown dimensions.
 *
 * @example
 * const x = keras.layers.Input({ shape: [4] });
 * x.shape; // [null, 4]
 * const y = ops.relu(ops.matmul(x, ops.ones([4, 2])));
 * y.shape; // [null, 2]
 * y instanceof keras.KerasTensor; // true
 * y.toArray(); // ValueError: A KerasTensor is symbolic
 */
export class KerasTensor extends Tensor {
  /** The Keras class name (errors, auto names), kept through minification. */
  static override readonly className: string = "KerasTensor";
  /** The tensor's name (an input's is its layer's name). */
  readonly name: string;
  /** Always false: sparse tensors are not supported. */
  readonly sparse = false;
  /** Always false: ragged tensors are not supported. */
  readonly ragged = false;
  /** @internal Keras's `_keras_history`: the call that produced it (null until recorded). */
  _kerasHistory: KerasHistory | null = null;

  constructor(shape: readonly (number | null)[], options: KerasTensorOptions = {}) {
    const dtype = standardizeDtype(options.dtype ?? "float32", "KerasTensor: dtype");
    for (const d of shape) {
      if (d !== null && !(Number.isInteger(d) && d >= 0)) {
        throw new ValueError(`Cannot convert '${formatShape(shape)}' to a shape. Found invalid dimension '${String(d)}'. (KerasTensor)`);
      }
    }
    super(EMPTY.get(dtype)!, shape.slice() as number[], dtype);
    this.name = options.name ?? autoName("keras_tensor");
  }

  /** Throws: a KerasTensor has no values. */
  override get data(): TypedArray {
    throw new ValueError(`${SYMBOLIC} You cannot read its elements (\`.data\`).`);
  }

  /** Throws: a KerasTensor has no values. */
  override toArray(): NestedArray {
    throw new ValueError(`${SYMBOLIC} You cannot convert it to an array.`);
  }

  /** Throws: a KerasTensor has no values. */
  override item(): number {
    throw new ValueError(`${SYMBOLIC} You cannot convert it to a number.`);
  }

  /** Keras's repr: `<KerasTensor shape=(None, 4), dtype=float32, sparse=False, ragged=False, name=x>`. */
  override toString(): string {
    return `<KerasTensor shape=${formatShape(this._shape)}, dtype=${this.dtype}, sparse=False, ragged=False, name=${this.name}>`;
  }
}

/** API.md's name for the type `Input()` returns: a `KerasTensor`. */
export type SymbolicTensor = KerasTensor;

/** Whether `x` is a KerasTensor (Keras's `is_keras_tensor`). */
export function isKerasTensor(x: unknown): x is KerasTensor {
  return x instanceof KerasTensor;
}

/**
 * Keras's `any_symbolic_tensors` for op arguments: a KerasTensor among
 * them, or in an array among them (concatenate, stack). Cheap: the
 * common case is a few tensors and numbers.
 * @internal
 */
export function anySymbolic(args: ArrayLike<unknown>): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof KerasTensor) return true;
    if (Array.isArray(a) && a.length > 0 && typeof a[0] === "object" && deepSymbolic(a)) return true;
  }
  return false;
}

// One level only: ops take at most an array of tensors, and a deep nested
// array of numbers must not cost a deep walk (or a stack overflow).
function deepSymbolic(a: readonly unknown[]): boolean {
  for (const e of a) if (e instanceof KerasTensor) return true;
  return false;
}

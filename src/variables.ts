// keras.Variable: a named, mutable holder of a tensor value (Keras 3's
// backend/common/variables.py). The value itself is an immutable Tensor;
// `assign` swaps in a new one, so a value read earlier never changes.
import { isFloat, standardizeDtype, type DType } from "./dtypes.js";
import { floatx } from "./config/floatx.js";
import { getAutocastScope } from "./autocast_scope.js";
import { cast } from "./ops/core.js";
import { KerasTypeError, ValueError, describe, formatShape } from "./errors.js";
import { standardizeShape } from "./shape.js";
import { Tensor } from "./tensor.js";
import { escape } from "./backend/memory.js";
import { variableRead } from "./autodiff/registry.js";
import { tensor, type TensorLike } from "./ops/convert.js";
import { add, subtract } from "./ops/elementwise.js";
import { autoName, currentPath } from "./utils/naming.js";
import { Initializer } from "./initializers/initializer.js";
import { Regularizer } from "./regularizers/index.js";
import { Constraint } from "./constraints/index.js";


/** A callable initializer: `(shape, dtype) => values`. */
export type InitializerFn = (shape: number[], dtype: DType) => TensorLike;

/** What a Variable can start from: an initializer (object, name or function) or a value. */
export type VariableInitializer = Initializer | InitializerFn | string | TensorLike;

/** How a variable's values from several replicas combine (Keras's `aggregation`; kept for configs, one replica here). */
export type Aggregation = "none" | "mean" | "sum" | "only_first_replica";
const AGGREGATIONS = [null, undefined, "none", "mean", "sum", "only_first_replica"];
const SYNCHRONIZATIONS = [null, undefined, "none", "on_read", "on_write", "auto"];

/** Options of `new Variable(initializer, options)` (Keras's keyword arguments, camelCase). */
export interface VariableOptions {
  /** The initial value, or what computes it (when not given as the first argument). */
  initializer?: VariableInitializer;
  /** The shape; required with an initializer, taken from the value otherwise. */
  shape?: readonly number[] | null;
  /** The dtype; `floatx()` for an initializer, the value's dtype otherwise. */
  dtype?: DType | string | null;
  /** Whether gradients update the variable (default true). */
  trainable?: boolean;
  /** Whether a mixed-precision layer may read it in its compute dtype (default true). */
  autocast?: boolean;
  /** How replicas' values combine (default `"none"`). */
  aggregation?: Aggregation | null;
  /** When replicas synchronise (default `"none"`; recorded for Keras compatibility). */
  synchronization?: "none" | "on_read" | "on_write" | "auto" | null;
  /** The name, without `/`; generated (`variable`, `variable_1`, ...) when absent. */
  name?: string | null;
}
const OPTION_KEYS = new Set(["initializer", "shape", "dtype", "trainable", "autocast", "aggregation", "synchronization", "name"]);

/** A weight regularizer: a `Regularizer`, or a function of the weight giving its penalty. */
export type Penalty = Regularizer | ((x: Tensor) => Tensor | number);
/** A weight constraint: a `Constraint`, or a function projecting the weight after each update. */
export type Projection = Constraint | ((w: Tensor) => Tensor);

// Keras keeps standardize_shape beside its Variable; it lives in shape.ts
// (lower, so random/ can use it) and is re-exported here for that reason.
export { standardizeShape };

// A string names a keras.initializers entry. That module sits above this
// one (its random initializers hold SeedGenerators, whose state is a
// Variable), so it installs its lookup here when it loads, where Keras
// imports it lazily inside the constructor.
let lookupInitializer: ((name: string) => Initializer | null) | null = null;

/** @internal Installed once by src/initializers/index.ts. */
export function setInitializerLookup(lookup: (name: string) => Initializer | null): void {
  lookupInitializer = lookup;
}

const isInitializerObject = (x: unknown): x is Initializer =>
  x instanceof Initializer || (x !== null && typeof x === "object" && !(x instanceof Tensor) && typeof (x as { apply?: unknown }).apply === "function");

const isOptions = (x: unknown): x is VariableOptions =>
  x !== null && typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor) &&
  !isInitializerObject(x) && !((x as { value?: unknown }).value instanceof Tensor) && Object.getPrototypeOf(x) === Object.prototype;

/**
 * A variable: a named, mutable tensor value (Keras's `keras.Variable`).
 * Usable wherever a tensor is (`ops.add(v, 1)`); `assign` checks the shape
 * and casts to the variable's dtype, and never applies the constraint.
 *
 * @example
 * const v = new keras.Variable(new keras.initializers.Ones(), { shape: [2, 2], name: "w" });
 * v.assignAdd([[1, 2], [3, 4]]);
 * v.toArray(); // [[2, 3], [4, 5]]
 */
export class Variable {
  /** The Keras class name (errors, auto names), kept through minification. */
  static readonly className: string = "Variable";
  #value: Tensor;
  #name: string;
  #path: string;
  #dtype: DType;
  #shape: number[];
  #trainable: boolean;
  #autocast: boolean;
  #aggregation: Aggregation;
  #synchronization: string;
  #regularizer: Penalty | null = null;
  #constraint: Projection | null = null;
  #overwriteWithGradient = false;
  // True while the value was made by the library (an optimizer update) and
  // never handed out (read only through a tape's views, see `value`): then
  // nothing outside the step can hold it, and an optimizer may free its
  // block as soon as it replaces it (no spill, no GC wait).
  #owned = false;

  constructor(initializer: VariableInitializer | VariableOptions, options: VariableOptions = {}) {
    if (isOptions(initializer)) {
      options = { ...initializer, ...options };
      initializer = options.initializer as VariableInitializer;
    }
    for (const k of Object.keys(options)) {
      if (!OPTION_KEYS.has(k)) throw new ValueError(`Variable: unrecognized option '${k}'. Expected one of ${[...OPTION_KEYS].join(", ")}`);
    }
    const name = options.name ?? autoName("Variable");
    if (typeof name !== "string" || name.includes("/")) {
      throw new ValueError(`Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${describe(name)}`);
    }
    if (!AGGREGATIONS.includes(options.aggregation)) {
      throw new ValueError(
        "Invalid value for argument `aggregation`. Expected one of `None`, `'none'`, `'mean'`, `'sum'`, " +
          `\`'only_first_replica'\`. Received: aggregation=${describe(options.aggregation)}`,
      );
    }
    if (!SYNCHRONIZATIONS.includes(options.synchronization)) {
      throw new ValueError(
        "Invalid value for argument `synchronization`. Expected one of `None`, `'none'`, `'on_read'`, `'on_write'`, " +
          `\`'auto'\`. Received: synchronization=${describe(options.synchronization)}`,
      );
    }
    this.#name = name;
    const parent = currentPath();
    this.#path = parent ? `${parent}/${name}` : name;
    this.#trainable = Boolean(options.trainable ?? true);
    this.#autocast = Boolean(options.autocast ?? true);
    this.#aggregation = options.aggregation ?? "none";
    this.#synchronization = options.synchronization ?? "none";

    let init: unknown = initializer;
    if (typeof init === "string") {
      if (lookupInitializer === null) throw new Error("internal: keras.initializers is not loaded, so an initializer name cannot be resolved");
      init = lookupInitializer(init);
    }
    if (isInitializerObject(init) || typeof init === "function") {
      if (options.shape === null || options.shape === undefined) {
        throw new ValueError(
          "When creating a Variable from an initializer, the `shape` argument should be specified. " +
            `Received: initializer=${describe(init)} and shape=${describe(options.shape)}`,
        );
      }
      this.#dtype = standardizeDtype(options.dtype ?? floatx());
      this.#shape = this.#validateShape(options.shape);
      const raw = isInitializerObject(init) ? init.apply(this.#shape, this.#dtype) : (init as InitializerFn)(this.#shape.slice(), this.#dtype);
      this.#value = this.#convert(raw, "initializer");
      escape(this.#value.storage);
    } else {
      const t = tensor(init as TensorLike, null, options.dtype == null ? null : standardizeDtype(options.dtype));
      this.#dtype = t.dtype;
      this.#shape = this.#validateShape(t.shape);
      this.#value = t;
      escape(t.storage);
    }
  }

  #validateShape(shape: readonly number[]): number[] {
    const s = standardizeShape(shape);
    if (s.includes(null)) {
      throw new ValueError(
        "Shapes used to initialize variables must be fully-defined (no `None` dimensions). " +
          `Received: shape=${formatShape(s)} for variable path='${this.#path}'`,
      );
    }
    return s as number[];
  }

  /** `value` as a tensor of this variable's dtype and shape, or a Keras error. */
  #convert(value: unknown, what: "initializer" | "assign"): Tensor {
    const v = value instanceof Variable ? value.value : value;
    const t = v instanceof Tensor && v.dtype === this.#dtype ? v : tensor(v as TensorLike, null, this.#dtype);
    if (!sameShape(t.shape, this.#shape)) {
      if (what === "initializer") {
        throw new ValueError(
          `The initializer of variable '${this.#path}' returned a value of shape ${formatShape(t.shape)}; ` +
            `expected shape=${formatShape(this.#shape)}`,
        );
      }
      throw new ValueError(
        "The shape of the target variable and the shape of the target value in `variable.assign(value)` must match. " +
          `variable.shape=${formatShape(this.#shape)}, Received: value.shape=${formatShape(t.shape)}. Target variable: ${this}`,
      );
    }
    return t;
  }

  /** The name given at creation (or generated). */
  get name(): string { return this.#name; }
  /** `"layer/name"` once a layer owns the variable; the name alone otherwise. */
  get path(): string { return this.#path; }
  /** The shape (a copy). */
  get shape(): number[] { return this.#shape.slice(); }
  /** The number of dimensions. */
  get ndim(): number { return this.#shape.length; }
  /** The dtype, or inside an autocast scope (a mixed-precision layer's call) the dtype it reads as. */
  get dtype(): DType { return this.#autocastTo() ?? this.#dtype; }
  /** The value; inside an autocast scope, cast to the scope's dtype (float variables with `autocast`). */
  get value(): Tensor {
    // While valueAndGrad records, a watched variable reads as a view its tape
    // tracks. That view lives with the step (the tape and the ops that read
    // it): the value stays owned, so the optimizer can free it when it
    // replaces it; a view kept past the update then reads as released.
    const v = variableRead(this, this.#value);
    if (v === this.#value) this.#owned = false;
    const to = this.#autocastTo();
    return to === null ? v : cast(v, to);
  }

  #autocastTo(): DType | null {
    const scope = getAutocastScope();
    if (scope === null || scope.dtype === null || !this.#autocast || !isFloat(this.#dtype)) return null;
    return scope.dtype === this.#dtype ? null : scope.dtype;
  }
  /** Whether a mixed-precision layer reads it in its compute dtype. */
  get autocast(): boolean { return this.#autocast; }
  /** How replicas' values combine. */
  get aggregation(): Aggregation { return this.#aggregation; }
  /** When replicas synchronise. */
  get synchronization(): string { return this.#synchronization; }

  /** Whether gradients update the variable (a layer's `trainableWeights` lists it). */
  get trainable(): boolean { return this.#trainable; }
  /** Marks the variable trainable or not. */
  set trainable(value: boolean) { this.#trainable = Boolean(value); }

  /** Whether an optimizer replaces the value with its gradient instead of applying an update (Keras uses it for float8 scaling factors). */
  get overwriteWithGradient(): boolean { return this.#overwriteWithGradient; }
  /** Sets `overwriteWithGradient`; only float variables accept true. */
  set overwriteWithGradient(value: boolean) {
    if (typeof value !== "boolean") throw new KerasTypeError(`\`overwriteWithGradient\` must be a boolean. Received: ${describe(value)}`);
    this.#overwriteWithGradient = value;
  }

  /** The penalty this weight adds to its layer's `losses`, or null. */
  get regularizer(): Penalty | null { return this.#regularizer; }
  /** Sets the regularizer (a `Regularizer`, a function, or null). */
  set regularizer(value: Penalty | null) {
    if (value != null && !(value instanceof Regularizer) && typeof value !== "function") {
      throw new ValueError(
        "Invalid value for attribute `regularizer`. Expected an instance of `keras.regularizers.Regularizer`, " +
          `or \`None\`. Received: regularizer=${describe(value)}`,
      );
    }
    this.#regularizer = value ?? null;
  }

  /** The projection an optimizer applies after each update, or null. */
  get constraint(): Projection | null { return this.#constraint; }
  /** Sets the constraint (a `Constraint`, a function, or null). */
  set constraint(value: Projection | null) {
    if (value != null && !(value instanceof Constraint) && typeof value !== "function") {
      throw new ValueError(
        "Invalid value for attribute `constraint`. Expected an instance of `keras.constraints.Constraint`, " +
          `or \`None\`. Received: constraint=${describe(value)}`,
      );
    }
    this.#constraint = value ?? null;
  }

  /** @internal Places the variable under `prefix` (a layer's path): path becomes `prefix/name`. */
  _setPathPrefix(prefix: string | null): void {
    this.#path = prefix ? `${prefix}/${this.#name}` : this.#name;
  }

  /**
   * Replaces the value. The new value is cast to the variable's dtype and
   * must have its shape. The constraint is not applied (optimizers do that).
   */
  assign(value: TensorLike | Variable): this {
    this.#value = this.#convert(value, "assign");
    // A value made inside valueAndGrad (or a train step) outlives it.
    escape(this.#value.storage);
    this.#owned = false;
    return this;
  }

  /** @internal The stored value, read without handing it out (optimizers). */
  get _storedValue(): Tensor {
    return this.#value;
  }

  /**
   * @internal Replaces the value with `value` (same dtype and shape, made by
   * the library and not handed out). Returns the previous value if no one
   * outside can hold it (it was set this way and never read through
   * `value`), so the caller may free its block; else null.
   */
  _replaceOwned(value: Tensor): Tensor | null {
    const previous = this.#owned ? this.#value : null;
    this.#value = value;
    escape(value.storage); // outlives any valueAndGrad / train-step scope
    this.#owned = true;
    return previous;
  }

  /** `assign(value + delta)`. */
  assignAdd(delta: TensorLike | Variable): this {
    return this.assign(add(this.#value, delta));
  }

  /** `assign(value - delta)`. */
  assignSub(delta: TensorLike | Variable): this {
    return this.assign(subtract(this.#value, delta));
  }

  /** The value as nested JS arrays (a number for a scalar). */
  toArray(): ReturnType<Tensor["toArray"]> {
    return this.#value.toArray();
  }

  /** A readable summary: path, shape, dtype and value. */
  toString(): string {
    const v = this.#value.toString().split("\n").slice(1).join(" ");
    return `<Variable path=${this.#path}, shape=${formatShape(this.#shape)}, dtype=${this.#dtype}, value=${v}>`;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

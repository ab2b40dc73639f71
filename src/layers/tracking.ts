// Automatic tracking of a layer's state (Keras's utils/tracking.py): the
// sub-layers, variables, seed generators and metrics a layer holds, found
// wherever they are stored (properties, arrays, plain objects, Maps, Sets,
// at any depth), each once by identity, in the order they were stored.
//
// How it is wired (see Layer's constructor): the Layer constructor returns a
// Proxy of the instance whose `set` and `defineProperty` traps pass every
// stored value through `Tracker.track`. A Proxy is used rather than a scan
// after construction because JS runs a subclass's field initialisers *after*
// `super()` returns, and there is no hook after the whole constructor chain:
// only the Proxy sees `class X extends Layer { dense = new Dense(2) }`.
// Arrays and plain objects stored on a layer are wrapped in tracking Proxies
// too (like Keras's TrackedList / TrackedDict), so `this.blocks.push(layer)`
// in `build()` is tracked; Maps and Sets keep their identity and get their
// `set` / `add` patched on the instance. A scan (`rescan`) before the state
// is locked catches anything stored through a reference the Proxies never saw.
import { ValueError } from "../errors.js";
import { Variable } from "../variables.js";
import { SeedGenerator } from "../random/seed_generator.js";
import { Metric } from "../metrics/metric.js";
import { isPlainObject } from "./structure.js";

type Store = "layers" | "trainable" | "nonTrainable" | "metrics" | "seedGenerators";

const WRAPPED = new WeakSet<object>(); // container proxies already tracking
const PATCHED = Symbol("keras.tracked");

/** The stores of one layer. */
export class Tracker {
  readonly layers: object[] = [];
  readonly trainable: Variable[] = [];
  readonly nonTrainable: Variable[] = [];
  readonly metrics: Metric[] = [];
  readonly seedGenerators: SeedGenerator[] = [];
  readonly #ids = new Set<object>();
  locked = false;
  lockMessage = "";

  constructor(
    private readonly owner: () => object,
    private readonly isLayer: (x: unknown) => boolean,
  ) {}

  #storeOf(x: unknown): Store | null {
    if (x instanceof Variable) return x.trainable ? "trainable" : "nonTrainable";
    if (x instanceof Metric) return "metrics";
    if (x instanceof SeedGenerator) return "seedGenerators";
    if (this.isLayer(x) && x !== this.owner()) return "layers";
    return null;
  }

  /** Whether `x` is in one of the stores. */
  tracks(x: unknown): boolean {
    return typeof x === "object" && x !== null && this.#ids.has(x);
  }

  /** Adds one trackable; the Keras lock error once the layer is built. */
  add(x: object): void {
    const store = this.#storeOf(x);
    if (store === null || this.#ids.has(x)) return;
    if (this.locked) throw new ValueError(this.lockMessage);
    (this[store] as object[]).push(x);
    this.#ids.add(x);
  }

  untrack(x: object): void {
    if (!this.#ids.delete(x)) return;
    for (const s of ["layers", "trainable", "nonTrainable", "metrics", "seedGenerators"] as const) {
      const list = this[s] as object[];
      const i = list.indexOf(x);
      if (i >= 0) list.splice(i, 1);
    }
  }

  lock(message?: string): void {
    this.locked = true;
    if (message !== undefined) this.lockMessage = message;
  }

  unlock(): void {
    this.locked = false;
  }

  /** The trackables in `value` not tracked yet, in storage order. */
  #collectNew(value: unknown, seen: Set<object>, out: object[]): void {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (this.#storeOf(value) !== null) {
      if (!this.#ids.has(value)) out.push(value);
      return;
    }
    for (const v of children(value)) this.#collectNew(v, seen, out);
  }

  /**
   * Keras's `Tracker.track`: records the trackables in `value` and returns
   * the value to store (arrays and plain objects wrapped for tracking).
   * Throws before changing anything when the layer is locked.
   */
  track(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    const fresh: object[] = [];
    this.#collectNew(value, new Set(), fresh);
    if (fresh.length > 0 && this.locked) throw new ValueError(this.lockMessage);
    for (const x of fresh) this.add(x);
    return this.#wrap(value, new Set());
  }

  #wrap(value: unknown, seen: Set<object>): unknown {
    if (value === null || typeof value !== "object" || seen.has(value) || this.#storeOf(value) !== null) return value;
    seen.add(value);
    if (Array.isArray(value) || isPlainObject(value)) {
      if (WRAPPED.has(value)) return value;
      const target = value as Record<string | number, unknown>;
      for (const k of Object.keys(target)) target[k] = this.#wrap(target[k], seen);
      const proxy = new Proxy(target, this.#containerTraps());
      WRAPPED.add(proxy);
      return proxy;
    }
    if ((value instanceof Map || value instanceof Set) && !(value as unknown as Record<symbol, unknown>)[PATCHED]) {
      if (value instanceof Map) {
        for (const [k, v] of value) Map.prototype.set.call(value, k, this.#wrap(v, seen));
        const set = Map.prototype.set;
        Object.defineProperty(value, "set", { value: (k: unknown, v: unknown) => set.call(value, k, this.track(v)), configurable: true });
      } else {
        const add = Set.prototype.add;
        Object.defineProperty(value, "add", { value: (v: unknown) => add.call(value, this.track(v)), configurable: true });
      }
      Object.defineProperty(value, PATCHED, { value: true });
    }
    return value;
  }

  #containerTraps(): ProxyHandler<Record<string | number, unknown>> {
    return {
      set: (target, key, value) => {
        if (typeof key === "symbol" || (Array.isArray(target) && key === "length")) return Reflect.set(target, key, value);
        return Reflect.set(target, key, this.track(value));
      },
      defineProperty: (target, key, desc) => {
        if (typeof key !== "symbol" && "value" in desc && !(Array.isArray(target) && key === "length")) {
          desc = { ...desc, value: this.track(desc.value) };
        }
        return Reflect.defineProperty(target, key, desc);
      },
    };
  }

  /** Tracks whatever `root`'s own properties hold that was missed (before locking). */
  rescan(root: object): void {
    if (this.locked) return;
    const keys = Object.keys(root);
    if (keys.length === 0) return; // models keep their state out of sight: nothing to walk
    const fresh: object[] = [];
    const seen = new Set<object>([root]);
    for (const k of keys) this.#collectNew((root as Record<string, unknown>)[k], seen, fresh);
    for (const x of fresh) this.add(x);
  }

  /** Store lengths, to undo what a failed build added. */
  snapshot(): Record<Store, number> {
    return {
      layers: this.layers.length, trainable: this.trainable.length, nonTrainable: this.nonTrainable.length,
      metrics: this.metrics.length, seedGenerators: this.seedGenerators.length,
    };
  }

  restore(snap: Record<Store, number>): void {
    for (const s of Object.keys(snap) as Store[]) {
      const list = this[s] as object[];
      for (const x of list.splice(snap[s])) this.#ids.delete(x);
    }
  }
}

/** The values a container holds (arrays, plain objects, Maps, Sets); none otherwise. */
function children(value: object): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return Object.values(value);
  if (value instanceof Map) return [...value.values()];
  if (value instanceof Set) return [...value];
  return [];
}

/** Whether `target` is reachable from `root`'s properties other than `skip`. */
export function referencedElsewhere(root: object, target: object, skip: string | symbol): boolean {
  const seen = new Set<object>();
  const visit = (v: unknown): boolean => {
    if (v === target) return true;
    if (v === null || typeof v !== "object" || seen.has(v)) return false;
    seen.add(v);
    return children(v).some(visit);
  };
  return Object.keys(root).some((k) => k !== skip && visit((root as Record<string, unknown>)[k]));
}

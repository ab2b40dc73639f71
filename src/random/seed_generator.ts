// keras.random.SeedGenerator: the state [seed, counter] of a random stream,
// held in a non-trainable int32 Variable so a layer tracks it.
import { ValueError, describe } from "../errors.js";
import { tensor } from "../ops/convert.js";
import { Variable } from "../variables.js";
import { autoName, nameScope } from "../utils/naming.js";
import { registerBuiltin } from "../saving/serialization.js";

// The host-side random stream: what Keras draws from Python's `random`
// (default seeds, the order of shuffled samples). Math.random until
// `keras.utils.setRandomSeed` seeds it; then mulberry32 (a 32-bit state, a
// period of 2^32: plenty for seeds and shuffles), so two runs from one seed
// draw the same numbers on every runtime.
let hostState: number | null = null;

/** A float in [0, 1) from the host stream. */
export function hostRandom(): number {
  if (hostState === null) return Math.random();
  hostState = (hostState + 0x6d2b79f5) | 0;
  let t = Math.imul(hostState ^ (hostState >>> 15), hostState | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Seeds the host stream (null: back to Math.random). */
export function seedHostRandom(seed: number | null): void {
  hostState = seed === null ? null : Number(BigInt.asIntN(32, BigInt(seed)));
}

/** Keras's `make_default_seed`: a fresh random integer in [1, 1e9]. */
export function makeDefaultSeed(): number {
  return 1 + Math.floor(hostRandom() * 1e9);
}

/** The config of a `SeedGenerator`. */
export interface SeedGeneratorConfig {
  /** The initial seed. */
  seed: number | null;
  /** The generator's name. */
  name: string;
}

/** Options of `new SeedGenerator(seed)` in object form. */
export interface SeedGeneratorOptions {
  /** The initial seed (an integer); null picks one at random. */
  seed?: number | null;
  /** The generator's name (default `seed_generator`, numbered). */
  name?: string | null;
}

/**
 * Generates a new seed on each call of a random function that uses it, so
 * repeated calls give different values while the whole sequence stays
 * reproducible from the initial seed. Its `state` variable holds
 * `[seed, counter]` (int32); `next()` returns the current state and
 * advances the counter.
 *
 * @example
 * const gen = new keras.random.SeedGenerator(1337);
 * const a = keras.random.normal([2, 3], { seed: gen });
 * const b = keras.random.normal([2, 3], { seed: gen });
 * ops.sum(ops.equal(a, b)).item(); // 0 (no draw repeats)
 */
export class SeedGenerator {
  /** The generator's name. */
  readonly name: string;
  /** `[seed, counter]`, int32, not trainable. */
  readonly state: Variable;
  readonly #initialSeed: number | null;

  constructor(seed?: number | null | SeedGeneratorOptions, options: SeedGeneratorOptions = {}) {
    if (seed !== null && typeof seed === "object") {
      options = { ...seed, ...options };
      seed = options.seed;
    }
    for (const k of Object.keys(options)) {
      if (k !== "seed" && k !== "name") throw new ValueError(`Unrecognized keyword arguments: {'${k}': ${describe((options as Record<string, unknown>)[k])}}`);
    }
    this.name = options.name ?? autoName("SeedGenerator");
    this.#initialSeed = seed ?? null;
    const s = seed ?? makeDefaultSeed();
    if (typeof s !== "number" || !Number.isSafeInteger(s)) {
      throw new ValueError(`Argument \`seed\` must be an integer. Received: seed=${describe(s)}`);
    }
    // The state is 32 bits: Keras keeps it as uint32 (numpy and JAX
    // backends), which refuse other seeds with OverflowError. Refused here
    // too rather than reduced mod 2^32 (SeedGenerator(2 ** 40) was
    // SeedGenerator(0)).
    if (s < 0 || s > 0xffffffff) {
      throw new ValueError(
        `Argument \`seed\` must be an integer in [0, 4294967295] (the seed state is uint32, as in Keras). Received: seed=${s}`,
      );
    }
    this.state = nameScope(this.name, () =>
      new Variable(() => tensor(new Int32Array([s | 0, 0])), {
        shape: [2], dtype: "int32", trainable: false, name: "seed_generator_state",
      }),
    );
  }

  /**
   * Returns the current state `[seed, counter]` and advances it: the
   * counter by one (`ordered`, the default), or, for the global generator,
   * to `((state + 1) * 5387) % 933199` as Keras does.
   */
  next(ordered = true): [number, number] {
    const cur = this.state.value.data;
    const out: [number, number] = [cur[0]!, cur[1]!];
    if (ordered) this.state.assign(new Int32Array([out[0], (out[1] + 1) | 0]));
    else this.state.assign(new Int32Array(out.map((v) => ((v + 1) * 5387) % 933199)));
    return out;
  }

  /** The initial seed and the name: enough to rebuild the generator's sequence. */
  getConfig(): SeedGeneratorConfig {
    return { seed: this.#initialSeed, name: this.name };
  }

  /** Rebuilds a generator from `getConfig()`'s output. */
  static fromConfig(config: SeedGeneratorOptions): SeedGenerator {
    return new SeedGenerator(config);
  }
}
registerBuiltin(SeedGenerator, "keras.random", ["SeedGenerator"]);

let globalGenerator: SeedGenerator | null = null;

/** The generator unseeded random calls draw from. */
export function globalSeedGenerator(): SeedGenerator {
  globalGenerator ??= new SeedGenerator(null, { name: "global_seed_generator" });
  return globalGenerator;
}

/** @internal Replaces the global generator (`keras.utils.setRandomSeed`). */
export function setGlobalSeedGenerator(generator: SeedGenerator): void {
  globalGenerator = generator;
}

/** Forgets the global generator (part of `clearSession()`). */
export function resetGlobalSeedGenerator(): void {
  globalGenerator = null;
}

/** A random-function `seed` argument. */
export type Seed = number | SeedGenerator | null | undefined;

/**
 * Keras's `draw_seed`: the key for one random call. An integer gives
 * `[seed, 0]` every time; a SeedGenerator gives its next state; none draws
 * from the global generator.
 */
export function drawSeed(seed: Seed): [number, number] {
  if (seed instanceof SeedGenerator) return seed.next();
  if (typeof seed === "number" && Number.isSafeInteger(seed)) return [seed | 0, Math.floor(seed / 4294967296) | 0];
  if (seed === null || seed === undefined) return globalSeedGenerator().next(false);
  throw new ValueError(
    `Argument \`seed\` must be either an integer or an instance of \`SeedGenerator\`. Received: seed=${describe(seed)}`,
  );
}

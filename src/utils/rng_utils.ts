// keras.utils.set_random_seed (keras/src/utils/rng_utils.py).
import { ValueError, describe } from "../errors.js";
import { SeedGenerator, seedHostRandom, setGlobalSeedGenerator } from "../random/seed_generator.js";

let globalRandomSeed: number | null = null;

/**
 * Seeds every random stream keras-wasm draws from, so a program runs the
 * same twice: the host stream (Keras's Python `random`: default seeds of
 * initializers and Dropout, the shuffling in `fit`) and the global
 * `SeedGenerator` (unseeded `keras.random` calls), as Keras does on JAX.
 *
 * @example
 * keras.utils.setRandomSeed(42);
 * const a = keras.random.uniform([3]).toArray();
 * keras.utils.setRandomSeed(42);
 * keras.random.uniform([3]).toArray().join() === a.join(); // true
 */
export function setRandomSeed(seed: number): void {
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new ValueError(`Expected \`seed\` argument to be an integer. Received: seed=${describe(seed)} (of type ${typeof seed})`);
  }
  // Built first: it checks the seed's range before anything is changed.
  const generator = new SeedGenerator(seed, { name: "seed_generator" });
  globalRandomSeed = seed;
  seedHostRandom(seed);
  setGlobalSeedGenerator(generator);
}

/** Keras's `get_random_seed`: the seed `setRandomSeed` set, or null. */
export function getRandomSeed(): number | null {
  return globalRandomSeed;
}

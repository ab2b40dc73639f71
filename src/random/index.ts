// keras.random
export { SeedGenerator, drawSeed, globalSeedGenerator, makeDefaultSeed, type Seed, type SeedGeneratorOptions } from "./seed_generator.js";
export { normal, uniform, truncatedNormal, dropout, type NormalOptions, type UniformOptions, type DropoutOptions } from "./random.js";

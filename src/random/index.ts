// keras.random
export { SeedGenerator, drawSeed, globalSeedGenerator, makeDefaultSeed, type Seed, type SeedGeneratorOptions, type SeedGeneratorConfig } from "./seed_generator.js";
export { normal, uniform, truncatedNormal, dropout, type NormalOptions, type UniformOptions, type DropoutOptions } from "./random.js";

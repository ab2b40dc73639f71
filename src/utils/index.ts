// keras.utils (what exists so far).
export { clearSession } from "./session.js";
export { setRandomSeed } from "./rng_utils.js";

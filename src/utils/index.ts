// keras.utils (what exists so far).
export { clearSession } from "./session.js";

// keras.backend (the public namespace; the kernel backend lives in src/backend/).
export { clearSession } from "./session.js";

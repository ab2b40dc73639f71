// keras.models: the functional model (Model, Sequential and training come
// with the models work beside it).
export { Functional, type FunctionalOptions } from "./functional.js";
export { type SummaryOptions } from "./summary_table.js";

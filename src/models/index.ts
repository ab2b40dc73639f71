// keras.Model and keras.Sequential, with training (compile / fit / evaluate / predict) and summary(),
// and the functional model (`new Model({ inputs, outputs })` returns a Functional).
export { Model, type ModelOptions, type CompileOptions } from "./model.js";
export { Sequential, type SequentialOptions } from "./sequential.js";
export { Functional, type FunctionalOptions } from "./functional.js";
export type { FitOptions, EvaluateOptions, PredictOptions } from "./trainer.js";
export type { SummaryOptions } from "./summary.js";

// keras.ops, spelled in camelCase. Each op validates its arguments,
// computes the output shape and dtype, then runs one kernel.
export { convertToTensor } from "./convert.js";
export { cast } from "./core.js";
export {
  add, subtract, multiply, divide, power, maximum, minimum,
  equal, notEqual, greater, greaterEqual, less, lessEqual,
} from "./elementwise.js";

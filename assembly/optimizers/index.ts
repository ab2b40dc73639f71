// The fused optimizer updates, one kernel per optimizer (common.ts has the
// shared signature). Twins: src/backend/reference/optimizers.ts.
export { sgd_f32 } from "./sgd";
export { adam_f32 } from "./adam";
export { rmsprop_f32 } from "./rmsprop";
export { adagrad_f32 } from "./adagrad";
export { adamax_f32 } from "./adamax";
export { nadam_f32 } from "./nadam";

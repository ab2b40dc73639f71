// Every export of the kernel module. One file per op family; the
// TypeScript twins of each kernel live in src/backend/reference/.
export * from "./memory";
export * from "./elementwise/binary";
export * from "./elementwise/cast";
export * from "./reduce/reduce";
export * from "./reduce/moments";
export * from "./layout/copy";
export * from "./layout/create";
export * from "./elementwise/unary";
export * from "./elementwise/select";
export * from "./elementwise/softmax";
export * from "./elementwise/crossentropy";
export * from "./linalg/matmul";
export * from "./linalg/dense";
export * from "./elementwise/half";
export * from "./optimizers/index";

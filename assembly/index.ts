// Every export of the kernel module. One file per op family; the
// TypeScript twins of each kernel live in src/backend/reference/.
export * from "./memory";
export * from "./elementwise/binary";
export * from "./elementwise/cast";

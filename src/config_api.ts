// keras.config, the public namespace: the default float dtype (config/, a
// leaf that dtypes and ops read) and the global dtype policy (which lives
// with the policies, above config/). Only src/index.ts imports this file,
// so config/ itself never imports upward.
export { floatx, setFloatx } from "./config/floatx.js";
export { dtypePolicy, setDtypePolicy } from "./dtype_policies/dtype_policy.js";
export { setThreads, threads } from "./backend/threads.js";

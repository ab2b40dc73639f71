// keras.config: the default float dtype and the global dtype policy.
export { floatx, setFloatx } from "./floatx.js";
export { dtypePolicy, setDtypePolicy } from "../dtype_policies/dtype_policy.js";

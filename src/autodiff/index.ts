// Gradients: valueAndGrad / grad (the tape and the backward pass); the
// rules live beside their ops, registered through ./registry.ts.
export { valueAndGrad, grad, type ValueAndGrad } from "./value_and_grad.js";

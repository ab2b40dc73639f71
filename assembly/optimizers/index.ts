// The fused optimizer updates: one loop (the signature is in common.ts),
// one exported kernel per optimizer, each a compile-time op code so that
// inlining leaves a straight f32x4 loop. The last n % 4 elements go
// through the same vector code on a zero-padded vector, so every element
// gets the same formula. Twins: src/backend/reference/optimizers.ts.
import { decayed, loadK, param, storeK } from "./common";
import { sgdStep } from "./sgd";
import { adamStep } from "./adam";
import { rmspropStep } from "./rmsprop";
import { adagradStep } from "./adagrad";
import { adamaxStep } from "./adamax";
import { nadamStep } from "./nadam";

const SGD = 0;
const ADAM = 1;
const RMSPROP = 2;
const ADAGRAD = 3;
const ADAMAX = 4;
const NADAM = 5;

@inline function update(op: i32, w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void {
  const lr = param(p, 0), wd = param(p, 1), decay = load<f32>(p, 8) != 0;
  const p3 = param(p, 3), p4 = param(p, 4), p5 = param(p, 5), p6 = param(p, 6);
  const p7 = param(p, 7), p8 = param(p, 8), p9 = param(p, 9), p10 = param(p, 10);
  for (let i: usize = 0; i < n; i += 4) {
    const k = min<usize>(n - i, 4);
    const o = i << 2;
    const x = decayed(loadK(w + o, k), decay, wd, lr);
    const gv = loadK(g + o, k);
    let y: v128;
    if (op == SGD) y = sgdStep(x, gv, s0 + o, s0o + o, k, lr, p3, p4, p5);
    else if (op == ADAM) y = adamStep(x, gv, s0 + o, s1 + o, s2 + o, s0o + o, s1o + o, s2o + o, k, p3, p4, p5, p6, p7);
    else if (op == RMSPROP) y = rmspropStep(x, gv, s0 + o, s1 + o, s2 + o, s0o + o, s1o + o, s2o + o, k, lr, p3, p4, p5, p6, p7);
    else if (op == ADAGRAD) y = adagradStep(x, gv, s0 + o, s0o + o, k, lr, p3);
    else if (op == ADAMAX) y = adamaxStep(x, gv, s0 + o, s1 + o, s0o + o, s1o + o, k, lr, p3, p4, p5, p6);
    else y = nadamStep(x, gv, s0 + o, s1 + o, s0o + o, s1o + o, k, lr, p3, p4, p5, p6, p7, p8, p9, p10);
    storeK(wo + o, y, k);
  }
}

export function sgd_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(SGD, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }
export function adam_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(ADAM, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }
export function rmsprop_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(RMSPROP, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }
export function adagrad_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(ADAGRAD, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }
export function adamax_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(ADAMAX, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }
export function nadam_f32(w: usize, g: usize, s0: usize, s1: usize, s2: usize, wo: usize, s0o: usize, s1o: usize, s2o: usize, n: usize, p: usize): void { update(NADAM, w, g, s0, s1, s2, wo, s0o, s1o, s2o, n, p); }

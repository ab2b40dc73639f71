// Activations and softmax against Keras/NumPy semantics, on the WASM
// kernels and on the reference kernels.
import { expect, test } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/ops/convert.js";
import { throws, onBothKernels } from "../helpers/expect.js";
import { KerasTypeError, NotImplementedError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor.js";

const f = Math.fround;
const values = (t: Tensor): number[] => Array.from(t.data);

function expectNear(got: number[], want: number[], rel = 3e-7, abs = 1e-30): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    if (!Number.isFinite(want[i]!)) expect(got[i]).toBe(want[i]);
    else expect(Math.abs(got[i]! - want[i]!), `element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(abs + rel * Math.abs(want[i]!));
  }
}

/** NumPy-style softmax of a nested array along `axis`, in f64. */
function softmaxRef(x: number[][], axis: 0 | 1): number[][] {
  const rows = axis === 1 ? x : x[0]!.map((_, j) => x.map((r) => r[j]!));
  const sm = rows.map((r) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  return axis === 1 ? sm : x.map((r, i) => r.map((_, j) => sm[j]![i]!));
}

const XS = [-200, -20, -3, -0.5, 0, 0.5, 3, 20, 200];

onBothKernels("nn ops", () => {

  test("relu / sigmoid / softplus values", () => {
    const x = tensor(XS, null, "float32");
    // np.maximum(x, 0): NaN stays NaN, -0 stays -0.
    expect(values(ops.relu(x))).toEqual(XS.map((v) => (v < 0 ? 0 : v)));
    expectNear(values(ops.sigmoid(x)), XS.map((v) => 1 / (1 + Math.exp(-v))));
    expectNear(values(ops.softplus(x)), XS.map((v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))));
    const sp = tensor([NaN, Infinity, -Infinity], null, "float32");
    expect(values(ops.relu(sp))).toEqual([NaN, Infinity, 0]);
    expect(values(ops.sigmoid(sp))).toEqual([NaN, 1, 0]);
    expect(values(ops.softplus(sp))).toEqual([NaN, Infinity, 0]);
  });

  test("dtypes: relu keeps int32 (and bool); sigmoid/softplus/softmax give float32", () => {
    const i = tensor([-2, 0, 3], null, "int32");
    expect(ops.relu(i).dtype).toBe("int32");
    expect(values(ops.relu(i))).toEqual([0, 0, 3]);
    expect(ops.relu(tensor([true, false], null, "bool")).dtype).toBe("bool");
    expect(ops.sigmoid(i).dtype).toBe("float32");
    expect(values(ops.sigmoid(i))[1]).toBe(0.5);
    expect(ops.softplus(i).dtype).toBe("float32");
    expect(ops.softmax(i).dtype).toBe("float32");
    expect(ops.logSoftmax(tensor([true, false], null, "bool")).dtype).toBe("float32");
  });

  test("softmax along each axis matches NumPy; rows sum to 1", () => {
    const x = [[1, 2, 3, 4, 5], [-1, 0, 1, 100, -100], [0.5, 0.5, 0.5, 0.5, 0.5]];
    const t = tensor(x, null, "float32");
    for (const axis of [0, 1, -1, -2] as const) {
      const a = (axis < 0 ? axis + 2 : axis) as 0 | 1;
      const y = ops.softmax(t, axis);
      expect(y.shape).toEqual([3, 5]);
      expectNear(values(y), softmaxRef(x, a).flat(), 1e-6, 1e-37);
      const ly = ops.logSoftmax(t, axis);
      // logSoftmax = log(softmax) where softmax is not tiny.
      const want = softmaxRef(x, a).flat().map(Math.log);
      values(ly).forEach((v, k) => {
        if (want[k]! > -80) expect(Math.abs(v - want[k]!)).toBeLessThan(1e-5 * (1 + Math.abs(want[k]!)));
      });
    }
    const rows = ops.softmax(tensor(Array.from({ length: 4 * 37 }, (_, k) => Math.sin(k) * 10), [4, 37], "float32")).toArray() as number[][];
    for (const r of rows) expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  test("softmax over adjacent axes, rank 3", () => {
    const data = Array.from({ length: 2 * 3 * 4 }, (_, k) => (k * 7) % 11 - 5);
    const t = tensor(data, [2, 3, 4], "float32");
    const y = values(ops.softmax(t, [1, 2]));
    for (let b = 0; b < 2; b++) {
      const blk = data.slice(b * 12, b * 12 + 12);
      const want = softmaxRef([blk], 1)[0]!;
      expectNear(y.slice(b * 12, b * 12 + 12), want, 1e-6);
    }
    // axis 1 of a rank-3 tensor: a strided (inner = 4) reduction.
    const y1 = ops.softmax(t, 1).toArray() as number[][][];
    for (let b = 0; b < 2; b++) {
      for (let j = 0; j < 4; j++) {
        const col = [0, 1, 2].map((r) => data[b * 12 + r * 4 + j]!);
        expectNear([0, 1, 2].map((r) => y1[b]![r]![j]!), softmaxRef([col], 1)[0]!, 1e-6);
      }
    }
  });

  test("NaN rows, +Inf, all -Inf and size 0", () => {
    expect(values(ops.softmax(tensor([[NaN, 1], [-Infinity, -Infinity], [Infinity, 0], [-Infinity, 0]], null, "float32")))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, 0, 1]);
    expect(values(ops.logSoftmax(tensor([1000, 1000], null, "float32")))).toEqual([f(-Math.LN2), f(-Math.LN2)]);
    for (const shape of [[0, 3], [3, 0], [2, 0, 4]]) {
      const y = ops.softmax(tensor([], shape, "float32"), 1);
      expect(y.shape).toEqual(shape);
      expect(y.size).toBe(0);
    }
  });

  test("errors: bad axis, scalar input, non-adjacent axes", () => {
    const t = tensor([[1, 2], [3, 4]], null, "float32");
    throws(() => ops.softmax(t, 2), ValueError, "ops.softmax", "axis");
    throws(() => ops.logSoftmax(t, -3), ValueError, "ops.logSoftmax", "axis");
    throws(() => ops.softmax(t, 0.5), ValueError, "ops.softmax", "axis");
    throws(() => ops.softmax(t, [0, 0]), ValueError, "repeated");
    throws(() => ops.softmax(tensor(1, null, "float32")), ValueError, "ops.softmax", "scalar");
    throws(() => ops.softmax(tensor([1, 2, 3, 4, 5, 6], [1, 2, 3], "float32"), [0, 2]), NotImplementedError, "adjacent");
    throws(() => ops.sigmoid({} as never), KerasTypeError, "ops.sigmoid");
  });
});

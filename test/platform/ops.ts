// Op values against hand-derived results (NumPy / Keras semantics), on
// whatever kernels are active: every runtime must give exactly these.
import { assertTensor, assertThrows, assertValues, group } from "./harness.js";

const { check, checks } = group();
export default checks;

check("values: the README example (matmul, transpose, softmax)", (k) => {
  const { ops } = k;
  const x = k.tensor([[1, 2], [3, 4]]);
  const xxT = ops.matmul(x, ops.transpose(x)); // [[5, 11], [11, 25]]
  assertTensor("matmul(x, x.T)", xxT, [2, 2], "float32", [5, 11, 11, 25]);
  const y = ops.softmax(xxT);
  // softmax([5, 11]) = [1, e^6] / (1 + e^6); softmax([11, 25]) = [1, e^14] / (1 + e^14)
  const e6 = Math.exp(6);
  const e14 = Math.exp(14);
  assertTensor("softmax", y, [2, 2], "float32", [1 / (1 + e6), e6 / (1 + e6), 1 / (1 + e14), e14 / (1 + e14)], 1e-6);
  const ones = ops.matmul(ops.ones([2, 3]), ops.ones([3, 4]));
  assertTensor("ones @ ones", ones, [2, 4], "float32", new Array(8).fill(3));
});

check("values: broadcasting, IEEE specials and type promotion", (k) => {
  const { ops } = k;
  const s = ops.add(k.tensor([[1, 2, 3]]), k.tensor([[10], [20]]));
  assertTensor("add broadcast", s, [2, 3], "float32", [11, 12, 13, 21, 22, 23]);
  assertTensor("divide by zero", ops.divide(k.tensor([1, -1, 0, -0]), 0), [4], "float32", [Infinity, -Infinity, NaN, NaN]);
  assertTensor("multiply -0", ops.multiply(k.tensor([-0, 0, -2]), k.tensor([1, -1, 0])), [3], "float32", [-0, -0, -0]);
  assertTensor("maximum NaN", ops.maximum(k.tensor([NaN, 1, -1]), k.tensor([0, NaN, 2])), [3], "float32", [NaN, NaN, 2]);
  const i = k.tensor([1, 2, 3], null, "int32");
  assertTensor("int32 + 1 stays int32", ops.add(i, 1), [3], "int32", [2, 3, 4]);
  assertTensor("int32 + 0.5 lifts to float32", ops.add(i, 0.5), [3], "float32", [1.5, 2.5, 3.5]);
  assertTensor("int32 wraps", ops.add(k.tensor([2147483647], null, "int32"), 1), [1], "int32", [-2147483648]);
  assertTensor("greater", ops.greater(k.tensor([1, 2, NaN]), 1.5), [3], "bool", [0, 1, 0]);
  // A large operand (> 4 KiB) takes the resident path in WASM memory.
  const big = ops.multiply(ops.full([3000], 1.5), ops.arange(3000, null, 1, "float32"));
  const want = Float32Array.from({ length: 3000 }, (_, j) => 1.5 * j);
  assertTensor("large multiply", big, [3000], "float32", want);
});

check("values: unary math at exactly known points", (k) => {
  const { ops } = k;
  assertTensor("sqrt", ops.sqrt(k.tensor([4, 0, -0, -1, Infinity])), [5], "float32", [2, 0, -0, NaN, Infinity]);
  assertTensor("exp", ops.exp(k.tensor([0, -Infinity, Infinity, NaN, 1])), [5], "float32", [1, 0, Infinity, NaN, Math.E], 5e-7);
  assertTensor("log", ops.log(k.tensor([1, 0, -1, Infinity, Math.E])), [5], "float32", [0, -Infinity, NaN, Infinity, 1], 2.5e-7);
  assertTensor("tanh", ops.tanh(k.tensor([0, -0, 20, -20, Infinity])), [5], "float32", [0, -0, 1, -1, 1]);
  assertTensor("relu", ops.relu(k.tensor([-1, 0, 2.5, -Infinity])), [4], "float32", [0, 0, 2.5, 0]);
  assertTensor("sigmoid", ops.sigmoid(k.tensor([0, 40, -Infinity])), [3], "float32", [0.5, 1, 0]);
  assertTensor("abs, negative", ops.negative(ops.abs(k.tensor([-3, 3, -0]))), [3], "float32", [-3, -3, -0]);
  assertTensor("clip", ops.clip(k.tensor([-2, 0.5, 3]), 0, 1), [3], "float32", [0, 0.5, 1]);
  assertTensor("where", ops.where(k.tensor([true, false, true], null, "bool"), k.tensor([1, 2, 3]), k.tensor([-1, -2, -3])), [3], "float32", [1, -2, 3]);
});

check("values: reductions", (k) => {
  const { ops } = k;
  assertTensor("sum 1..100", ops.sum(ops.arange(1, 101, 1, "float32")), [], "float32", [5050]);
  const m = k.tensor([[1, 5, 2], [7, 0, 7]]);
  assertTensor("sum axis 0", ops.sum(m, 0), [3], "float32", [8, 5, 9]);
  assertTensor("max keepdims", ops.max(m, -1, true), [2, 1], "float32", [5, 7]);
  assertTensor("argmax first of ties", ops.argmax(m, -1), [2], "int32", [1, 0]);
  assertTensor("mean", ops.mean(m), [], "float32", [22 / 6], 1e-6);
  assertTensor("std", ops.std(k.tensor([1, 2, 3, 4])), [], "float32", [Math.sqrt(1.25)], 1e-6);
  assertTensor("prod", ops.prod(k.tensor([[1, 2], [3, 4]]), 1), [2], "float32", [2, 12]);
  assertTensor("sum of an empty axis", ops.sum(ops.zeros([0, 3]), 0), [3], "float32", [0, 0, 0]);
  assertTensor("sum of 100000 ones (resident)", ops.sum(ops.ones([100000])), [], "float32", [100000]);
});

check("values: shape ops and creation", (k) => {
  const { ops } = k;
  const x = ops.reshape(ops.arange(6, null, 1, "float32"), [2, 3]);
  assertTensor("transpose", ops.transpose(x), [3, 2], "float32", [0, 3, 1, 4, 2, 5]);
  assertTensor("concatenate", ops.concatenate([x, x], 1), [2, 6], "float32", [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]);
  assertTensor("stack", ops.stack([k.tensor([1, 2]), k.tensor([3, 4])], 1), [2, 2], "float32", [1, 3, 2, 4]);
  assertTensor("slice", ops.slice(x, [1, 1], [1, 2]), [1, 2], "float32", [4, 5]);
  assertTensor("take", ops.take(x, k.tensor([2, 0], null, "int32"), 1), [2, 2], "float32", [2, 0, 5, 3]);
  assertTensor("oneHot", ops.oneHot(k.tensor([1, 0], null, "int32"), 3), [2, 3], "float32", [0, 1, 0, 1, 0, 0]);
  assertTensor("eye", ops.eye(2, 3, 1), [2, 3], "float32", [0, 1, 0, 0, 0, 1]);
  assertTensor("expandDims, squeeze", ops.squeeze(ops.expandDims(x, 0)), [2, 3], "float32", [0, 1, 2, 3, 4, 5]);
  assertTensor("cast", ops.cast(k.tensor([1.7, -1.7, 0]), "int32"), [3], "int32", [1, -1, 0]);
  assertValues("toArray", (x.toArray() as number[][]).flat(), [0, 1, 2, 3, 4, 5]);
});

check("values: errors name the op and are the Keras classes", (k) => {
  const { ops } = k;
  assertThrows("matmul shapes", () => ops.matmul(ops.ones([2, 3]), ops.ones([4, 5])), k.ValueError, "matmul");
  assertThrows("add shapes", () => ops.add(ops.ones([2, 3]), ops.ones([4])), k.ValueError, "");
  assertThrows("reshape size", () => ops.reshape(ops.ones([6]), [4]), k.ValueError, "");
});

check("values: error classes keep their names and types through bundlers and minifiers", (k) => {
  // `name` is set explicitly (an app's minifier may rename the classes themselves).
  assertValues("error names", [new k.ValueError("x").name === "ValueError", new k.KerasTypeError("x").name === "TypeError"].map(Number), [1, 1]);
  assertThrows("KerasTypeError is a TypeError", () => {
    throw new k.KerasTypeError("x");
  }, TypeError, "x");
});

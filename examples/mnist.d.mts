// Types of examples/mnist.mjs, for the test that runs it (test/examples).
// The types come from src/ (the same declarations the build emits), so the
// type check needs no build.
import type { Layer, Sequential, Tensor } from "../src/index.js";

export declare class ActivityL2Dense extends Layer {
  constructor(units: number, options?: { rate?: number; name?: string });
  units: number;
  rate: number;
}

export interface DigitSet { x: Tensor; y: Tensor; pixels: Float32Array; labels: Int32Array; count: number }
export declare function loadDigits(trainCount?: number, testCount?: number): { train: DigitSet; test: DigitSet };
export declare function buildModel(options?: { learningRate?: number; activityRate?: number }): Sequential;
export declare function renderDigit(pixels: ArrayLike<number>): string;

export interface TrainMnistOptions {
  trainCount?: number;
  testCount?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  verbose?: "auto" | 0 | 1 | 2;
  showCount?: number;
  print?: (text: string) => void;
}
export declare function trainMnist(options?: TrainMnistOptions): Promise<{
  model: Sequential;
  history: { history: Record<string, number[]> };
  summary: string;
  regularizerLosses: number[];
  testLoss: number;
  testAccuracy: number;
  /** The accuracy of the model saved as .keras and loaded back, on the same test digits. */
  reloadedAccuracy: number;
  trainSeconds: number;
  predictions: { predicted: number; label: number }[];
  testCount: number;
}>;

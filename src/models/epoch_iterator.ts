// Keras's trainers/epoch_iterator.py: the batches of each epoch, `steps` at a
// time. With `steps` (fit's stepsPerEpoch, validationSteps, evaluate's and
// predict's `steps`) one pass over the data is continued across epochs and
// restarted (reshuffled) only once it is used up; an epoch that runs out of
// data ends early with Keras's warning. Without, an epoch is one pass.
import { ValueError } from "../errors.js";

/** One pass of batches `[x, y, sampleWeight]`. */
export type Batches = AsyncIterator<[unknown, unknown, unknown]> | Iterator<[unknown, unknown, unknown]>;

/** The data of a loop: `steps` batches per pass (null: unknown, an iterable), `epoch()` starts a pass. */
export interface Source {
  steps: number | null;
  epoch(): Batches;
  firstX(): unknown;
}

/** Runs `step` on the next batch of `batches` (in the loop's memory scope); null when they end. */
export type RunStep = <T>(batches: Batches, step: (batch: [unknown, unknown, unknown]) => T, keep?: (r: T) => unknown) => Promise<T | null>;

const OUT_OF_DATA =
  "Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least " +
  "`steps_per_epoch * epochs` batches. You may need to use the `.repeat()` function when building your dataset.";

/** Checks a `steps`-like option: null/undefined or a positive integer. */
export function checkSteps(value: unknown, arg: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`\`${arg}\` must be a positive integer or None. Received: ${arg}=${String(value)}`);
  }
  return value;
}

export class EpochIterator {
  #current: Batches | null = null;
  #seen = 0;
  #step = 0;
  #numBatches: number | null;

  constructor(readonly source: Source, readonly steps: number | null, readonly run: RunStep) {
    this.#numBatches = source.steps;
  }

  /** The batches per epoch as the progress bar shows them (unknown: null). */
  get numBatches(): number | null {
    return this.steps ?? this.#numBatches;
  }

  /** Starts an epoch: a fresh pass unless `steps` continues the current one. */
  beginEpoch(): void {
    const usedUp = this.#numBatches !== null && this.#seen >= this.#numBatches;
    if (this.#current === null || this.steps === null || usedUp) {
      this.#current = this.source.epoch();
      this.#seen = 0;
    }
    this.#step = 0;
  }

  /** The next batch of this epoch through `step` (see trainer.ts's runStep); null when the epoch ends. */
  async next<T>(step: (batch: [unknown, unknown, unknown]) => T, keep?: (r: T) => unknown): Promise<T | null> {
    if (this.#step >= (this.steps ?? this.#numBatches ?? Infinity)) return null;
    if (this.#numBatches !== null && this.#seen >= this.#numBatches) {
      if (this.steps !== null) console.warn(OUT_OF_DATA);
      return null;
    }
    const result = await this.run(this.#current!, step, keep);
    if (result === null) {
      // Running out of data is how an iterable's length is learned.
      if (this.#numBatches === null) this.#numBatches = this.#seen;
      if (this.steps !== null) console.warn(OUT_OF_DATA);
      this.#current = null;
      return null;
    }
    this.#seen++;
    this.#step++;
    return result;
  }
}

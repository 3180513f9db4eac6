/**
 * The recent history of a series as means over fixed steps aligned to the clock (a step of
 * 15 minutes holds the samples of 00:00–00:15, 00:15–00:30 …), which is what a season is looked
 * for in and a seasonal model is started from. Bounded: at most CAPACITY steps. When it is full,
 * or when most steps come out empty because samples are sparser than the step, pairs of steps
 * merge and the step doubles (15 min → 30 min → 1 h → 2 h), so the buffer covers 5 days at
 * 15 minutes and 6 weeks at 2 hours; beyond 2 hours the oldest steps are dropped instead.
 */
export interface StepBufferState {
  stepMs: number;
  /** Absolute index (time / stepMs) of values[0]. */
  firstIndex: number;
  /** Step means, NaN where no sample fell. */
  values: number[];
  openIndex: number;
  openSum: number;
  openCount: number;
}

export const MIN_STEP_MS = 15 * 60_000;
export const MAX_STEP_MS = 2 * 3_600_000;
const CAPACITY = 512;
const SPARSE_WINDOW = 32;

export class StepBuffer {
  private s: StepBufferState;

  constructor(state?: StepBufferState) {
    this.s = state ?? { stepMs: MIN_STEP_MS, firstIndex: Number.NaN, values: [], openIndex: Number.NaN, openSum: 0, openCount: 0 };
  }

  add(time: number, value: number): void {
    const s = this.s;
    const index = Math.floor(time / s.stepMs);
    if (Number.isNaN(s.openIndex)) {
      s.openIndex = index;
      s.firstIndex = index;
    }
    if (index < s.openIndex) return; // the gate only lets time move forward; a coarser step may fold it back
    if (index > s.openIndex) this.closeUntil(index);
    s.openSum += value;
    s.openCount += 1;
  }

  get stepMs(): number {
    return this.s.stepMs;
  }

  /** Closed step means, oldest first, and the absolute index of the first. */
  closed(): { firstIndex: number; values: readonly number[] } {
    return { firstIndex: this.s.firstIndex, values: this.s.values };
  }

  snapshot(): StepBufferState {
    return { ...this.s, values: this.s.values.slice() };
  }

  get bytes(): number {
    return 8 * (this.s.values.length + 6);
  }

  private closeUntil(index: number): void {
    const s = this.s;
    s.values.push(s.openCount > 0 ? s.openSum / s.openCount : Number.NaN);
    // A gap longer than the buffer leaves nothing worth keeping: start again after it.
    const missing = index - s.openIndex - 1;
    if (missing >= CAPACITY) {
      s.values = [];
      s.firstIndex = index;
    } else {
      for (let i = 0; i < missing; i++) s.values.push(Number.NaN);
    }
    s.openIndex = index;
    s.openSum = 0;
    s.openCount = 0;
    if (s.values.length > CAPACITY || this.mostlyEmpty()) this.coarsen();
  }

  private mostlyEmpty(): boolean {
    const values = this.s.values;
    if (values.length < SPARSE_WINDOW || this.s.stepMs >= MAX_STEP_MS) return false;
    let empty = 0;
    for (let i = values.length - SPARSE_WINDOW; i < values.length; i++) if (Number.isNaN(values[i])) empty++;
    return empty >= 0.4 * SPARSE_WINDOW;
  }

  private coarsen(): void {
    const s = this.s;
    if (s.stepMs >= MAX_STEP_MS) {
      s.values.splice(0, s.values.length - CAPACITY);
      s.firstIndex = s.openIndex - s.values.length;
      return;
    }
    // Align pairs to the doubled step: an odd first index starts a pair alone.
    const merged: number[] = [];
    let i = 0;
    if (s.firstIndex % 2 !== 0) {
      merged.push(s.values[0] as number);
      i = 1;
    }
    for (; i < s.values.length; i += 2) merged.push(meanOf(s.values[i] as number, s.values[i + 1]));
    s.values = merged;
    s.firstIndex = Math.floor(s.firstIndex / 2);
    s.stepMs *= 2;
    // The open step folds into its doubled step; its partial sums carry over.
    s.openIndex = Math.floor(s.openIndex / 2);
    const closedEnd = s.firstIndex + s.values.length;
    if (closedEnd > s.openIndex) {
      // The last merged value shares the open doubled step: fold it back into the open sums.
      const last = s.values.pop() as number;
      if (!Number.isNaN(last)) {
        s.openSum += last;
        s.openCount += 1;
      }
    }
  }
}

function meanOf(a: number, b: number | undefined): number {
  if (b === undefined || Number.isNaN(b)) return a;
  if (Number.isNaN(a)) return b;
  return (a + b) / 2;
}

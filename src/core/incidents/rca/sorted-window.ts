/**
 * The last `size` values of a series as it is walked forward, kept in ascending order: each step
 * is one binary-search insert and one removal, where sorting the window again at every position
 * costs size·log(size) and a copy. The ranking walks every series of every service this way at
 * each pass (own-baseline.ts), so the walk is most of a ranking's cost.
 *
 * Values compare as numbers; a series holding NaN has no order (Array.sort leaves it wherever
 * its comparisons happen to put it), so callers sort such a window themselves.
 */
export class SortedWindow {
  private readonly sorted: number[] = [];
  /** The values[from, to) held. */
  private from = 0;
  private to = 0;

  constructor(
    private readonly values: readonly number[],
    private readonly size: number,
  ) {}

  /** values[max(0, end - size), end) in ascending order; `end` only moves forward. */
  endingAt(end: number): readonly number[] {
    const from = Math.max(0, end - this.size);
    if (from >= this.to) {
      // No overlap with what is held (the first call, or a jump): start afresh.
      this.sorted.length = 0;
      this.from = from;
      this.to = from;
    }
    for (; this.to < end; this.to++) insert(this.sorted, this.values[this.to] as number);
    for (; this.from < from; this.from++) remove(this.sorted, this.values[this.from] as number);
    return this.sorted;
  }
}

/** The first index whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insert(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

function remove(sorted: number[], value: number): void {
  const at = lowerBound(sorted, value);
  if (sorted[at] === value) sorted.splice(at, 1);
}

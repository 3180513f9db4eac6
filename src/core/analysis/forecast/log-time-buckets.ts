/**
 * A bounded summary of a series' whole history with fine resolution near now and coarse far back
 * (an exponential histogram, as in Datar et al.'s sliding-window sketches): every sample starts
 * as its own bucket; when more than `perLevel` buckets share a size, the two oldest of that size
 * merge into one twice as large. A history of N samples is held in about perLevel·log2(N/perLevel)
 * buckets, so the points a fit sees thin out with age: recent behaviour weighs more without
 * choosing a half-life, and the same parameters suit a series sampled every second or every hour.
 * Beyond `levels` sizes the oldest bucket is forgotten, which bounds memory.
 */
export interface BucketPoint {
  /** Mean time of the bucket's samples (ms). */
  t: number;
  /** Mean value of the bucket's samples. */
  v: number;
  /** Samples in the bucket. */
  n: number;
}

export interface LogTimeBucketsState {
  t: number[];
  v: number[];
  n: number[];
  level: number[];
}

export class LogTimeBuckets {
  private t: number[];
  private v: number[];
  private n: number[];
  private level: number[];

  constructor(
    private readonly perLevel = 4,
    private readonly levels = 16,
    state?: LogTimeBucketsState,
  ) {
    this.t = state?.t.slice() ?? [];
    this.v = state?.v.slice() ?? [];
    this.n = state?.n.slice() ?? [];
    this.level = state?.level.slice() ?? [];
  }

  add(time: number, value: number): void {
    this.t.push(time);
    this.v.push(value);
    this.n.push(1);
    this.level.push(0);
    // Buckets run oldest to newest with sizes never growing towards now, so the buckets of one
    // size are contiguous: merge the oldest pair of a size that has too many, then look one size up.
    let first = this.level.length - 1;
    for (let size = 0; ; size++) {
      while (first > 0 && this.level[first - 1] === size) first--;
      const count = this.countFrom(first, size);
      if (count <= this.perLevel) return;
      if (size + 1 >= this.levels) {
        this.removeAt(first);
        return;
      }
      this.mergeInto(first, first + 1);
      this.level[first] = size + 1;
    }
  }

  /** Adds `delta` to every value at or after `fromTime`: a level shift found after the fact. */
  shiftFrom(fromTime: number, delta: number): void {
    for (let i = this.t.length - 1; i >= 0 && (this.t[i] as number) >= fromTime; i--) this.v[i] = (this.v[i] as number) + delta;
  }

  get size(): number {
    return this.t.length;
  }

  /** Total samples summarised. */
  get samples(): number {
    let total = 0;
    for (const n of this.n) total += n;
    return total;
  }

  point(i: number): BucketPoint {
    return { t: this.t[i] as number, v: this.v[i] as number, n: this.n[i] as number };
  }

  /** The buckets whose mean time is at or after `since`, oldest first. */
  pointsSince(since: number): BucketPoint[] {
    const out: BucketPoint[] = [];
    for (let i = 0; i < this.t.length; i++) if ((this.t[i] as number) >= since) out.push(this.point(i));
    return out;
  }

  get firstTime(): number {
    return this.t.length === 0 ? Number.NaN : (this.t[0] as number);
  }

  get lastTime(): number {
    return this.t.length === 0 ? Number.NaN : (this.t[this.t.length - 1] as number);
  }

  snapshot(): LogTimeBucketsState {
    return { t: this.t.slice(), v: this.v.slice(), n: this.n.slice(), level: this.level.slice() };
  }

  /** Bytes of numbers held (8 per number; the level is a small integer counted as one byte). */
  get bytes(): number {
    return this.t.length * 25;
  }

  private countFrom(first: number, size: number): number {
    let count = 0;
    for (let i = first; i < this.level.length && this.level[i] === size; i++) count++;
    return count;
  }

  private mergeInto(target: number, other: number): void {
    const na = this.n[target] as number;
    const nb = this.n[other] as number;
    const total = na + nb;
    this.t[target] = ((this.t[target] as number) * na + (this.t[other] as number) * nb) / total;
    this.v[target] = ((this.v[target] as number) * na + (this.v[other] as number) * nb) / total;
    this.n[target] = total;
    this.removeAt(other);
  }

  private removeAt(i: number): void {
    this.t.splice(i, 1);
    this.v.splice(i, 1);
    this.n.splice(i, 1);
    this.level.splice(i, 1);
  }
}

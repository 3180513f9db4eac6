import { type StateReader, type StateWriter, varintLength } from './state-codec';

/**
 * What the series has looked like lately: every 8th value of the last ~2,000, kept sorted, so
 * the median and any quantile are one lookup. Subsampling stretches 256 slots over a day of
 * 5-minute samples (or 6 hours of 10-second ones) at 2 KB. Values are stored as float32, and
 * callers compare `Math.fround` of new values, so a flat series stays exactly flat.
 */
const DECILES_PER_SIGMA = 2.563;
/** The median absolute deviation of normal data is 1 / 1.4826 standard deviations. */
const MAD_TO_SIGMA = 1.4826;
/** How the stored values are written (version 6 of the detector's state). */
const VALUES_AS_FLOAT32 = 0;
const VALUES_AS_VARINTS = 1;

export class ReferenceWindow {
  static readonly capacity = 256;
  static readonly every = 8;

  private readonly ring = new Float32Array(ReferenceWindow.capacity);
  private readonly sorted = new Float32Array(ReferenceWindow.capacity);
  private size = 0;
  private head = 0;
  private offered = 0;
  /** The median and spread change only when a value is stored (1 sample in 8) but are read several times a sample. */
  private medianNow = Number.NaN;
  private spreadNow = Number.NaN;
  private bulkSpreadNow = Number.NaN;

  get count(): number {
    return this.size;
  }

  /** Takes every 8th value offered (the first included). */
  offer(value: number): void {
    if (this.offered++ % ReferenceWindow.every === 0) this.insert(Math.fround(value));
  }

  /** quantile(0.5); NaN while empty. */
  median(): number {
    return this.medianNow;
  }

  /**
   * A robust standard deviation: the inter-decile range / 2.563 (exact for normal data), never
   * below the float32 resolution of the median (or 1e-12), so a flat series still has a unit.
   */
  spread(): number {
    return this.spreadNow;
  }

  /**
   * A robust standard deviation of the series' bulk: 1.4826 × the median absolute deviation from
   * the median; NaN when that is no wider than `spread()`'s floor (half the values or more are
   * equal: the bulk has no width to measure in). Unlike the inter-decile spread it ignores values in up to
   * half the samples: on a series that is ~1 ms with 300-700 ms blips in 10-30 % of its samples it
   * stays the width of the ~1 ms, where the inter-decile range spans the blips.
   */
  bulkSpread(): number {
    return this.bulkSpreadNow;
  }

  /** Linear interpolation between order statistics; NaN while empty. */
  quantile(p: number): number {
    if (this.size === 0) return Number.NaN;
    const position = p * (this.size - 1);
    const below = Math.floor(position);
    const above = Math.min(below + 1, this.size - 1);
    const low = this.sorted[below] as number;
    return low + ((this.sorted[above] as number) - low) * (position - below);
  }

  /** How many stored values are < value. */
  countBelow(value: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many stored values are <= value. */
  countAtMost(value: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The values in storage order; before the ring is full only the stored ones (the rest are 0).
   * A series of whole numbers (a 0/1 probe, counts) as varints when that is shorter.
   */
  write(out: StateWriter): void {
    out.varint(this.size);
    out.varint(this.head);
    out.uint8(this.offered % ReferenceWindow.every);
    const live = this.ring.subarray(0, this.size);
    let varintBytes = 0;
    for (const value of live) {
      if (!isVarint(value)) {
        varintBytes = Number.POSITIVE_INFINITY;
        break;
      }
      varintBytes += varintLength(value);
    }
    if (varintBytes < 4 * live.length) {
      out.uint8(VALUES_AS_VARINTS);
      for (const value of live) out.varint(value);
    } else {
      out.uint8(VALUES_AS_FLOAT32);
      out.float32Array(live);
    }
  }

  read(input: StateReader): void {
    this.size = input.varint();
    this.head = input.varint();
    this.offered = input.uint8();
    const capacity = ReferenceWindow.capacity;
    // Before the ring is full, the next slot is the one after the last stored.
    const headFits = this.size < capacity ? this.head === this.size : this.size === capacity && this.head < capacity;
    if (!headFits || this.offered >= ReferenceWindow.every) throw new Error('anomaly state: bad reference window');
    const live = this.ring.subarray(0, this.size);
    const layout = input.uint8();
    if (layout === VALUES_AS_VARINTS) for (let i = 0; i < live.length; i++) live[i] = input.varint();
    else if (layout === VALUES_AS_FLOAT32) input.float32Array(live);
    else throw new Error(`anomaly state: reference values in an unknown layout ${layout}`);
    this.rebuild();
  }

  /** As versions 1-5 of the detector's state wrote it: every slot as float32, counts as uint32. */
  readFixedWidth(input: StateReader): void {
    this.size = input.uint32();
    this.head = input.uint32();
    this.offered = input.uint32();
    if (this.size > ReferenceWindow.capacity || this.head >= ReferenceWindow.capacity) throw new Error('anomaly state: bad reference window');
    input.float32Array(this.ring);
    this.rebuild();
  }

  private rebuild(): void {
    // The sorted copy is derived: rebuilt rather than stored, halving the bytes.
    const start = this.size < ReferenceWindow.capacity ? 0 : this.head;
    const live = Array.from({ length: this.size }, (_, i) => this.ring[(start + i) % ReferenceWindow.capacity] as number);
    live.sort((a, b) => a - b);
    this.sorted.set(live);
    this.summarise();
  }

  private insert(value: number): void {
    const capacity = ReferenceWindow.capacity;
    if (this.size === capacity) {
      const oldest = this.ring[this.head] as number;
      const at = this.countBelow(oldest);
      this.sorted.copyWithin(at, at + 1, this.size);
      this.size--;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % capacity;
    const at = this.countBelow(value);
    this.sorted.copyWithin(at + 1, at, this.size);
    this.sorted[at] = value;
    this.size++;
    this.summarise();
  }

  private summarise(): void {
    const median = this.quantile(0.5);
    this.medianNow = median;
    const floor = Math.max(1e-6 * Math.abs(median), 1e-12);
    this.spreadNow = Math.max((this.quantile(0.9) - this.quantile(0.1)) / DECILES_PER_SIGMA, floor);
    const bulk = MAD_TO_SIGMA * this.medianDeviation(median);
    this.bulkSpreadNow = bulk > floor ? bulk : Number.NaN;
  }

  /**
   * The median of |value - median| over the sorted values, without sorting the deviations: they
   * fall towards the median on its left and rise away from it on its right, so walking outwards
   * from the median and taking the nearer side each step visits them in ascending order.
   */
  private medianDeviation(median: number): number {
    const size = this.size;
    if (size === 0) return Number.NaN;
    let right = this.countBelow(median);
    let left = right - 1;
    let deviation = 0;
    for (let taken = 0; taken <= size >> 1; taken++) {
      const leftDeviation = left >= 0 ? median - (this.sorted[left] as number) : Number.POSITIVE_INFINITY;
      const rightDeviation = right < size ? (this.sorted[right] as number) - median : Number.POSITIVE_INFINITY;
      if (leftDeviation <= rightDeviation) {
        deviation = leftDeviation;
        left--;
      } else {
        deviation = rightDeviation;
        right++;
      }
    }
    return deviation;
  }
}

/** A whole number from 0 up that a varint of at most 5 bytes holds (-0 is not: it would come back as 0). */
function isVarint(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** 35 && !Object.is(value, -0);
}

import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * Whether the last ~16 values are distributed like the series usually is: the G statistic
 * (2 W · relative entropy) of their bin occupancy against the reference window's, with bins cut
 * at the reference's quantiles (tails included down to 1 in 1,000). It sees what no single value
 * shows: a burst of moderately high values, a change of spread, values piling up where they
 * rarely go. Equal quantiles (a series that is often exactly 0) merge into one bin, whose
 * expected share is then counted from the reference rather than assumed.
 */
const CUT_QUANTILES = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999];
const MAX_BINS = CUT_QUANTILES.length + 1;
const RECENT = 16;
/** Bins follow the reference as it moves, recut every 16 values. */
const RECUT_EVERY = 16;
const MIN_REFERENCE = 32;

export class DistributionShift {
  private readonly recent = new Float32Array(MAX_BINS);
  private readonly cuts = new Float64Array(MAX_BINS - 1);
  private readonly expected = new Float64Array(MAX_BINS);
  /**
   * The reference's values in each bin at the last recut, from which `expected` is worked out: the
   * state keeps these small counts rather than the shares (unknown after reading a version-5 state,
   * until the next recut).
   */
  private readonly referenceCounts = new Uint16Array(MAX_BINS);
  private countsKnown = true;
  private binCount = 0;
  private sinceRecut = RECUT_EVERY;

  /**
   * `value` as stored by the reference (float32), so ties with its quantiles stay ties. NaN until
   * the reference is large enough: "not yet" must not be learned as "nothing unusual".
   */
  statistic(value: number, reference: ReferenceWindow): number {
    if (reference.count < MIN_REFERENCE) return Number.NaN;
    if (this.sinceRecut++ >= RECUT_EVERY) this.recut(reference);
    let bin = 0;
    const cutCount = this.binCount - 1;
    while (bin < cutCount && value > (this.cuts[bin] as number)) bin++;
    const keep = 1 - 1 / RECENT;
    let total = 0;
    for (let i = 0; i < this.binCount; i++) {
      const share = (this.recent[i] as number) * keep + (i === bin ? 1 / RECENT : 0);
      this.recent[i] = share;
      total += share;
    }
    let divergence = 0;
    for (let i = 0; i < this.binCount; i++) {
      const observed = (this.recent[i] as number) / total;
      if (observed > 1e-12) divergence += observed * Math.log(observed / (this.expected[i] as number));
    }
    return Math.max(0, 2 * RECENT * divergence);
  }

  /** Only the bins in use (the rest are 0 or unused), and the reference's counts behind the expected shares. */
  write(out: StateWriter): void {
    out.uint8(this.binCount);
    out.uint8(this.sinceRecut);
    out.float32Array(this.recent.subarray(0, this.binCount));
    for (const cut of this.cuts.subarray(0, Math.max(0, this.binCount - 1))) out.float64(cut);
    out.uint8(this.countsKnown ? 1 : 0);
    if (this.countsKnown) for (const count of this.referenceCounts.subarray(0, this.binCount)) out.varint(count);
    else for (const share of this.expected.subarray(0, this.binCount)) out.float64(share);
  }

  read(input: StateReader): void {
    this.binCount = input.uint8();
    this.sinceRecut = input.uint8();
    if (this.binCount > MAX_BINS) throw new Error('anomaly state: bad distribution bins');
    input.float32Array(this.recent.subarray(0, this.binCount));
    for (let i = 0; i < this.binCount - 1; i++) this.cuts[i] = input.float64();
    this.countsKnown = input.uint8() === 1;
    if (this.countsKnown) {
      let n = 0;
      for (let i = 0; i < this.binCount; i++) {
        const count = input.varint();
        if (count > 0xffff) throw new Error('anomaly state: bad distribution counts');
        this.referenceCounts[i] = count;
        n += count;
      }
      // As `recut` works them out.
      const denominator = n + 0.5 * this.binCount;
      for (let i = 0; i < this.binCount; i++) this.expected[i] = ((this.referenceCounts[i] as number) + 0.5) / denominator;
    } else for (let i = 0; i < this.binCount; i++) this.expected[i] = input.float64();
  }

  /** As versions 1-5 of the detector's state wrote it: every bin, the expected shares as float64. */
  readFixedWidth(input: StateReader): void {
    this.binCount = input.uint8();
    this.sinceRecut = input.uint8();
    if (this.binCount > MAX_BINS) throw new Error('anomaly state: bad distribution bins');
    input.float32Array(this.recent);
    for (let i = 0; i < this.cuts.length; i++) this.cuts[i] = input.float64();
    for (let i = 0; i < this.expected.length; i++) this.expected[i] = input.float64();
    this.countsKnown = false;
  }

  private recut(reference: ReferenceWindow): void {
    this.sinceRecut = 1;
    let cuts = 0;
    for (const q of CUT_QUANTILES) {
      const cut = reference.quantile(q);
      if (cuts === 0 || cut > (this.cuts[cuts - 1] as number)) this.cuts[cuts++] = cut;
    }
    const bins = cuts + 1;
    const n = reference.count;
    // Add-half smoothing: a bin the reference never filled is rare, not impossible.
    const denominator = n + 0.5 * bins;
    let below = 0;
    for (let i = 0; i < cuts; i++) {
      const atMost = reference.countAtMost(this.cuts[i] as number);
      const count = atMost - below;
      this.referenceCounts[i] = count;
      this.expected[i] = (count + 0.5) / denominator;
      below = atMost;
    }
    this.referenceCounts[cuts] = n - below;
    this.expected[cuts] = (n - below + 0.5) / denominator;
    this.countsKnown = true;
    // Recent shares only carry over while the bins mean the same thing.
    if (bins !== this.binCount) this.recent.fill(0);
    this.binCount = bins;
  }
}

import { type StateReader, type StateWriter } from './state-codec';

/**
 * Turns a statistic (>= 0, larger = stranger) into a surprisal: -ln of how often this series has
 * produced a value at least as large. The body comes from a log-binned histogram with slow
 * forgetting; above a high percentile (the 99.5th by default) the tail is a generalised Pareto
 * distribution fitted to the excesses (peaks over threshold, as in extreme value theory: Siffer
 * et al., "Anomaly detection in streams with extreme value theory", KDD 2017). So a series with heavy tails
 * (tweet counts) needs a much larger excursion to surprise than a quiet one, and a value beyond
 * everything seen is scored by extrapolation rather than capped at "rarer than 1 in n".
 */
const BINS = 128;
const LOG_LOW = Math.log(1e-3);
const LOG_HIGH = Math.log(1e6);
const BIN_WIDTH = (LOG_HIGH - LOG_LOW) / BINS;
/** ~30,000 samples of memory: months of 5-minute data, days of 10-second data. */
const FORGET = 1 / 30_000;
/** Forgetting is applied in batches, so updates stay O(1) for all but one in 32. */
const DECAY_EVERY = 32;
const DECAY_BATCH = (1 - FORGET) ** DECAY_EVERY;
/** Too few values to say what is rare. */
const MIN_TOTAL = 10;
/** Excesses needed before the Pareto tail is trusted. */
const MIN_EXCESSES = 2;

export class TailCalibrator {
  private readonly tailSurprisalAtThreshold: number;
  private readonly counts = new Float32Array(BINS);
  private total = 0;
  private excessCount = 0;
  private excessSum = 0;
  private excessSquares = 0;
  private sinceDecay = 0;
  private threshold = Number.POSITIVE_INFINITY;
  /** Highest bin ever filled: scans start there rather than at z = 1e6. */
  private highestBin = 0;

  /** `tailQuantile`: where the tail model takes over from the histogram. */
  constructor(private readonly tailQuantile: number) {
    this.tailSurprisalAtThreshold = -Math.log(1 - tailQuantile);
  }

  surprisal(statistic: number): number {
    const z = statistic > 0 ? statistic : 0;
    // z's place among the bins, worked out once for the lookups and the learning (a logarithm each).
    const position = positionOf(z);
    let surprise = 0;
    const threshold = this.threshold;
    if (this.total > MIN_TOTAL && Number.isFinite(threshold)) {
      if (z > threshold && this.excessCount > MIN_EXCESSES) {
        surprise = this.tailSurprisalAtThreshold + this.tailSurprisal(z - threshold);
        // Never rarer than observed: where values this large have been seen (k times), their
        // frequency k/n bounds the fitted tail, which a cluster of similar spikes would otherwise
        // make look rarer than it is; and each repeat makes it less news (a further ln(1 + k)),
        // so a daily backup spike stops alarming after a few days at any sampling rate.
        const seen = this.countAtLeast(position);
        if (seen >= 1) surprise = Math.min(surprise, -Math.log(seen / this.total) - Math.log1p(seen));
      } else surprise = Math.min(this.bodySurprisal(position), this.tailSurprisalAtThreshold);
    }
    this.learn(z, position, threshold);
    return surprise;
  }

  /**
   * Bins nothing reached as runs of zeros; sums that are still 0 (no excess yet) in a byte each.
   * The threshold is not written: it is the counts' upper quantile, worked out again on reading.
   */
  write(out: StateWriter): void {
    out.sparseFloat32Array(this.counts);
    out.float64(this.total);
    out.number(this.excessCount);
    out.number(this.excessSum);
    out.number(this.excessSquares);
    out.uint8(this.sinceDecay);
    out.uint8(this.highestBin);
  }

  read(input: StateReader): void {
    input.sparseFloat32Array(this.counts);
    this.total = input.float64();
    this.excessCount = input.number();
    this.excessSum = input.number();
    this.excessSquares = input.number();
    this.sinceDecay = input.uint8();
    this.highestBin = input.uint8();
    // As `learn` left it: from the counts, the total and the highest bin, all restored exactly.
    this.threshold = this.total > MIN_TOTAL ? this.upperQuantile() : Number.POSITIVE_INFINITY;
  }

  /** As versions 1-5 of the detector's state wrote it: every bin, the sums and the threshold as float64. */
  readFixedWidth(input: StateReader): void {
    input.float32Array(this.counts);
    this.total = input.float64();
    this.excessCount = input.float64();
    this.excessSum = input.float64();
    this.excessSquares = input.float64();
    this.sinceDecay = input.uint8();
    this.threshold = input.float64();
    this.highestBin = input.uint8();
  }

  /** -ln survival of the fitted GPD; method-of-moments fit, shape kept in [0, 1] (no finite end). */
  private tailSurprisal(excess: number): number {
    const mean = this.excessSum / this.excessCount;
    const variance = Math.max(this.excessSquares / this.excessCount - mean * mean, 1e-24);
    const ratio = (mean * mean) / variance;
    const shape = Math.min(1, Math.max(0, 0.5 * (1 - ratio)));
    const scale = Math.max(0.5 * mean * (1 + ratio), 1e-12);
    return shape > 1e-6 ? Math.log1p((shape * excess) / scale) / shape : excess / scale;
  }

  /** At z's `position` (positionOf). */
  private bodySurprisal(position: number): number {
    return -Math.log(Math.min(1, (this.countAtLeast(position) + 0.5) / this.total));
  }

  /**
   * Values seen in the bin at `position` (positionOf) or above (forgetting applied). The whole bin
   * counts: values are often exactly equal (a flat series, a statistic stuck at one value), and
   * interpolating within the bin would call the most common value rare.
   */
  private countAtLeast(position: number): number {
    if (position < 0) return this.total;
    let above = 0;
    for (let i = Math.min(Math.floor(position), BINS - 1); i <= this.highestBin; i++) above += this.counts[i] as number;
    return above;
  }

  /** The value with (1 - tailQuantile) of the mass above it, interpolated in log space. */
  private upperQuantile(): number {
    const target = (1 - this.tailQuantile) * this.total;
    let above = 0;
    for (let bin = this.highestBin; bin >= 0; bin--) {
      const count = this.counts[bin] as number;
      if (above + count >= target) {
        const fraction = count > 0 ? (target - above) / count : 0;
        return Math.exp(LOG_LOW + (bin + 1 - fraction) * BIN_WIDTH);
      }
      above += count;
    }
    return Math.exp(LOG_LOW);
  }

  private learn(z: number, position: number, threshold: number): void {
    if (++this.sinceDecay >= DECAY_EVERY) {
      this.sinceDecay = 0;
      for (let i = 0; i < BINS; i++) this.counts[i] = (this.counts[i] as number) * DECAY_BATCH;
      this.total *= DECAY_BATCH;
      this.excessCount *= DECAY_BATCH;
      this.excessSum *= DECAY_BATCH;
      this.excessSquares *= DECAY_BATCH;
    }
    const bin = position < 0 ? 0 : Math.min(Math.floor(position), BINS - 1);
    this.counts[bin] = (this.counts[bin] as number) + 1;
    if (bin > this.highestBin) this.highestBin = bin;
    this.total += 1;
    if (z > threshold && Number.isFinite(threshold)) {
      const excess = z - threshold;
      this.excessCount += 1;
      this.excessSum += excess;
      this.excessSquares += excess * excess;
    }
    // For the next sample: the threshold from everything seen so far, this value included.
    this.threshold = this.total > MIN_TOTAL ? this.upperQuantile() : Number.POSITIVE_INFINITY;
  }
}

function positionOf(z: number): number {
  return z <= 0 ? -1 : (Math.log(z) - LOG_LOW) / BIN_WIDTH;
}

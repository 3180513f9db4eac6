import { type StateReader, type StateWriter } from './state-codec';

/**
 * What the series usually does at this time of day (or of week): a mean and a typical deviation
 * per phase bin of wall-clock time, so a value normal at noon but not at 3 a.m., or a daily peak
 * that does not come, stands out. Bins are by timestamp, not by sample count, so gaps and any
 * sampling rate keep the phase right. It speaks only once it has seen two whole periods and
 * only while the profile explains the series (its residuals are under half the series' spread
 * around its median): on a series without that rhythm it would be one more source of noise.
 */
const MIN_VISITS = 3;
const MIN_PERIODS = 2;
/** The profile must halve the deviation around the median to count as a rhythm. */
const EXPLAINS = 0.5;
/** A bin's own deviation is noisy with few visits: never below this share of the pooled one. */
const POOLED_FLOOR = 0.1;
const POOLED_MEMORY = 1000;

export class SeasonalProfile {
  private readonly mean: Float32Array;
  private readonly deviation: Float32Array;
  private readonly visits: Uint8Array;
  private firstTime = Number.NaN;
  private pooledDeviation = 0;
  private pooledCount = 0;
  /** What the profile expected for the last value (its bin's mean); NaN when it did not speak. */
  private expectedNow = Number.NaN;

  /** `smoothing`: weight of each new visit in a bin's mean and deviation. */
  constructor(
    private readonly periodMs: number,
    private readonly bins: number,
    private readonly smoothing: number,
  ) {
    this.mean = new Float32Array(bins);
    this.deviation = new Float32Array(bins);
    this.visits = new Uint8Array(bins);
  }

  /**
   * The residual's size in typical deviations of its bin, then learns the value; NaN while the
   * profile may not speak (too young, or no rhythm), so its silence is not learned as normality.
   * `spreadAroundMedian` is the series' typical |value - median|.
   */
  statistic(timeMs: number, value: number, spreadAroundMedian: number): number {
    if (Number.isNaN(this.firstTime)) this.firstTime = timeMs;
    // One remainder, not two (a double's remainder is slow): before 1970 it is negative.
    const remainder = timeMs % this.periodMs;
    const phase = remainder < 0 ? remainder + this.periodMs : remainder;
    const bin = Math.min(this.bins - 1, Math.floor((phase / this.periodMs) * this.bins));
    const visits = this.visits[bin] as number;
    const mean = this.mean[bin] as number;
    let z = Number.NaN;
    this.expectedNow = Number.NaN;
    const ready = timeMs - this.firstTime >= MIN_PERIODS * this.periodMs && visits >= MIN_VISITS;
    if (ready && this.pooledDeviation < EXPLAINS * spreadAroundMedian) {
      const scale = Math.max(this.deviation[bin] as number, POOLED_FLOOR * this.pooledDeviation, 1e-12);
      z = Math.abs(value - mean) / scale;
      this.expectedNow = mean;
    }
    if (visits === 0) {
      this.mean[bin] = value;
      this.deviation[bin] = 0;
    } else {
      const residual = Math.abs(value - mean);
      this.pooledCount = Math.min(this.pooledCount + 1, POOLED_MEMORY);
      this.pooledDeviation += (residual - this.pooledDeviation) / this.pooledCount;
      this.deviation[bin] = (this.deviation[bin] as number) + this.smoothing * (residual - (this.deviation[bin] as number));
      this.mean[bin] = mean + this.smoothing * (value - mean);
    }
    if (visits < 255) this.visits[bin] = visits + 1;
    return z;
  }

  /** What the profile expected for the last value it was asked about (its phase's mean); NaN when it did not speak. */
  get expected(): number {
    return this.expectedNow;
  }

  /**
   * Visits as runs (they stop at 255: a 10-second series fills every bin in days); a bin never
   * visited has mean and deviation 0, so only visited bins' are written.
   */
  write(out: StateWriter): void {
    out.packedUint8Array(this.visits);
    for (let bin = 0; bin < this.bins; bin++) {
      if (this.visits[bin] === 0) continue;
      out.float32(this.mean[bin] as number);
      out.float32(this.deviation[bin] as number);
    }
    out.number(this.firstTime);
    out.float64(this.pooledDeviation);
    out.varint(this.pooledCount);
  }

  read(input: StateReader): void {
    input.packedUint8Array(this.visits);
    for (let bin = 0; bin < this.bins; bin++) {
      if (this.visits[bin] === 0) continue;
      this.mean[bin] = input.float32();
      this.deviation[bin] = input.float32();
    }
    this.firstTime = input.number();
    this.pooledDeviation = input.float64();
    this.pooledCount = input.varint();
  }

  /** As versions 1-5 of the detector's state wrote it: every bin. */
  readFixedWidth(input: StateReader): void {
    input.float32Array(this.mean);
    input.float32Array(this.deviation);
    input.uint8Array(this.visits);
    this.firstTime = input.float64();
    this.pooledDeviation = input.float64();
    this.pooledCount = input.uint32();
  }
}

import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * How rarely the series has been anywhere near this value: a histogram of past values (a
 * histogram-based outlier score, HBOS: Goldstein and Dengel, 2012), over the signed log-distance
 * from the median in robust spreads, slowly forgotten. It sees what the record does not: a spike
 * to 2,000 where values have been either below 800 or, once, at 2,900 lands where nothing has
 * ever been, though it breaks no record; a value at an unusual level inside the range, likewise.
 * Bins are 1/6 of a unit of ln(1 + |z|) wide (about 18% apart), as fine as the calibrators'.
 */
const BINS = 160;
const CENTRE = BINS / 2;
const BINS_PER_LOG_UNIT = 6;
/** Forgetting, in batches as the calibrators do it. */
const FORGET = 1 / 30_000;
const DECAY_EVERY = 32;
const DECAY_BATCH = (1 - FORGET) ** DECAY_EVERY;
const MIN_REFERENCE = 8;
/** Values placed before the neighbourhood counts mean anything. */
const MIN_TOTAL = 50;

export class DensityNovelty {
  private readonly counts = new Float32Array(BINS);
  private total = 0;
  private sinceDecay = 0;

  /**
   * ln(values seen / values seen near this one), near being this bin and half of each neighbour;
   * NaN while there is too little to go on. Then counts the value.
   */
  statistic(value: number, reference: ReferenceWindow): number {
    if (reference.count < MIN_REFERENCE) return Number.NaN;
    const z = (value - reference.median()) / reference.spread();
    const position = Math.sign(z) * Math.log1p(Math.abs(z)) * BINS_PER_LOG_UNIT;
    const bin = Math.max(0, Math.min(BINS - 1, CENTRE + Math.floor(position)));
    let statistic = Number.NaN;
    if (this.total > MIN_TOTAL) {
      const near = (this.counts[bin] as number) + 0.5 * ((this.counts[bin - 1] ?? 0) + (this.counts[bin + 1] ?? 0));
      statistic = Math.log((this.total + 1) / (near + 0.5));
    }
    this.learn(bin);
    return statistic;
  }

  /** Bins nothing reached (most of them: a series keeps within a few spreads) as runs of zeros. */
  write(out: StateWriter): void {
    out.sparseFloat32Array(this.counts);
    out.number(this.total);
    out.uint8(this.sinceDecay);
  }

  read(input: StateReader): void {
    input.sparseFloat32Array(this.counts);
    this.total = input.number();
    this.sinceDecay = input.uint8();
  }

  /** As versions 1-5 of the detector's state wrote it: every bin. */
  readFixedWidth(input: StateReader): void {
    input.float32Array(this.counts);
    this.total = input.float64();
    this.sinceDecay = input.uint8();
  }

  private learn(bin: number): void {
    if (++this.sinceDecay >= DECAY_EVERY) {
      this.sinceDecay = 0;
      for (let i = 0; i < BINS; i++) this.counts[i] = (this.counts[i] as number) * DECAY_BATCH;
      this.total *= DECAY_BATCH;
    }
    this.counts[bin] = (this.counts[bin] as number) + 1;
    this.total += 1;
  }
}

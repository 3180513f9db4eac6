import { CHAIN_KEEP, type ExcursionChain, type OneRateCounts } from './excursion-chain';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * A two-state chain of a series' excursions: a sample is far off with probability P(far), and a
 * far sample is followed by another on the same side with one probability `stay`, whatever the
 * run's length, so the k-th far sample in a row costs -ln(P(far) · stay^(k-1)). Right where far
 * samples come one at a time; the persistence view off the median uses it (counting by length
 * there scored NAB's shared half lower: 77.95 / 72.11 / 82.52 against 78.65 / 72.99 / 82.99).
 */
export class OneRateChain implements ExcursionChain {
  /** Samples seen, and those far off; far samples that could go on (within `maxRun`), and those that did. */
  private seen = 0;
  private far = 0;
  private chances = 0;
  private stayed = 0;

  constructor(private readonly maxRun: number) {}

  count(previousRun: number, far: boolean, continues: boolean): void {
    this.seen = this.seen * CHAIN_KEEP + 1;
    this.far *= CHAIN_KEEP;
    this.chances *= CHAIN_KEEP;
    this.stayed *= CHAIN_KEEP;
    const couldContinue = previousRun > 0 && previousRun < this.maxRun;
    if (couldContinue) this.chances += 1;
    if (couldContinue && continues) this.stayed += 1;
    if (far) this.far += 1;
  }

  judge(into: Float64Array): void {
    // Add-half priors: a series that never had a far sample, or never a second in a row, has not shown it never will.
    const farSurprisal = -Math.log((this.far + 0.5) / (this.seen + 1));
    const staySurprisal = -Math.log((this.stayed + 0.5) / (this.chances + 1));
    for (let k = 0; k < into.length; k++) into[k] = farSurprisal + k * staySurprisal;
  }

  write(out: StateWriter): void {
    out.float64(this.seen);
    out.float64(this.far);
    out.float64(this.chances);
    out.float64(this.stayed);
  }

  read(input: StateReader): void {
    this.adopt({ seen: input.float64(), far: input.float64(), chances: input.float64(), stayed: input.float64() });
  }

  /** The same four float64 as version 6 writes. */
  readFixedWidth(input: StateReader): void {
    this.read(input);
  }

  adopt(counts: OneRateCounts): void {
    ({ seen: this.seen, far: this.far, chances: this.chances, stayed: this.stayed } = counts);
  }
}

import { type StateReader, type StateWriter } from './state-codec';

/**
 * How a series' runs of far-off samples have gone (persistence.ts): counted sample by sample,
 * slowly forgotten, and read as what a run reaching k samples costs.
 */
export interface ExcursionChain {
  /**
   * Counts a sample: `previousRun` is the run the sample before was in (0 when it was not far off;
   * past `maxRun` when that run is no longer counted), `far` whether this one is far off, and
   * `continues` whether it carries that run on (same side).
   */
  count(previousRun: number, far: boolean, continues: boolean): void;
  /** Writes -ln P(a run reaches k samples) for k = 1..into.length to into[k - 1], from the counts so far. */
  judge(into: Float64Array): void;
  write(out: StateWriter): void;
  read(input: StateReader): void;
  /** As versions 4 and 5 of the detector's state wrote it. */
  readFixedWidth(input: StateReader): void;
  /** Takes over the counts of a state written when one rate of staying served every run length. */
  adopt(counts: OneRateCounts): void;
}

/** What a state stored before runs were counted by length kept (versions 2 and 3 of the detector's). */
export interface OneRateCounts {
  seen: number;
  far: number;
  chances: number;
  stayed: number;
}

/** Memory of the counts: ~30,000 samples, as the calibrators. */
export const CHAIN_KEEP = 1 - 1 / 30_000;

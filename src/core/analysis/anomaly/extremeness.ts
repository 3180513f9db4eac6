import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';
import { TailCalibrator } from './tail-calibrator';

/**
 * How far the value sits from the series' recent median, in two senses:
 * - its rarity: the distance in robust spreads (ReferenceWindow.spread), calibrated into a surprisal
 *   against this series' own history of such distances;
 * - its novelty: the distance against the record distance on the same side (the highest high,
 *   the lowest low), slowly forgotten. A spike no larger than spikes already seen is weighed
 *   down, one that breaks the record is weighed up: `recordWeight` nats per e-fold.
 * The second is what keeps a series with daily spikes, or the bursts of tweet counts, quiet
 * without blunting the first excursion beyond anything seen.
 */
/** A first excursion on a side that never moved (a flat series) counts as beating its record 1,000-fold. */
const FIRST_EXCURSION = 1e3;
/** Records fade with a time constant of 100,000 samples: long memory is what makes them records. */
const RECORD_FADE = 1 - 1 / 100_000;
const MIN_REFERENCE = 8;

export class Extremeness {
  private readonly calibrator: TailCalibrator;
  private highRecord = 0;
  private lowRecord = 0;

  constructor(
    tailQuantile: number,
    private readonly recordWeight: number,
  ) {
    this.calibrator = new TailCalibrator(tailQuantile);
  }

  /** Surprisal (nats, >= 0) of `value` (float32, as the reference stores values). */
  surprisal(value: number, reference: ReferenceWindow): number {
    if (reference.count < MIN_REFERENCE) return 0;
    const median = reference.median();
    const high = value >= median;
    const spread = reference.spread();
    const deviation = Math.abs(value - median);
    const rarity = this.calibrator.surprisal(Math.min(deviation / spread, 1e6));
    const record = high ? this.highRecord : this.lowRecord;
    // With no record yet on this side (a series flat until now), the first excursion is a record.
    const novelty = record > 0 ? deviation / record : deviation > 0 ? FIRST_EXCURSION : 1;
    if (high) this.highRecord = Math.max(this.highRecord * RECORD_FADE, deviation);
    else this.lowRecord = Math.max(this.lowRecord * RECORD_FADE, deviation);
    if (rarity <= 0) return 0;
    return Math.max(0, rarity + this.recordWeight * Math.log(Math.max(novelty, 1e-3)));
  }

  write(out: StateWriter): void {
    this.calibrator.write(out);
    out.float64(this.highRecord);
    out.float64(this.lowRecord);
  }

  read(input: StateReader): void {
    this.calibrator.read(input);
    this.highRecord = input.float64();
    this.lowRecord = input.float64();
  }

  /** As versions 1-5 of the detector's state wrote it. */
  readFixedWidth(input: StateReader): void {
    this.calibrator.readFixedWidth(input);
    this.highRecord = input.float64();
    this.lowRecord = input.float64();
  }
}

import type { StateReader, StateWriter } from './anomaly/state-codec';

/** Intervals seen before one is judged against the usual. */
const KNOWN_AFTER = 5;
/** An interval this many times the usual one is a gap: it does not move the usual. */
export const GAP_FACTOR = 30;
/** Weight of each new interval in the usual one (an average over ~10 intervals). */
const WEIGHT = 0.1;

/**
 * How far apart a series' samples usually are, learned as they come, and when the last one was.
 * A counter's rate over an interval far longer than usual is an average over a gap, or no rate
 * at all when the clock jumped forward (an hour of clock for 10 s of counting reads as a collapse
 * to 0.3 %), so such an interval is not scored. It is saved with the series' scorer, so the rule
 * holds from the first sample after a restart (learned again, it took 5 samples), and a sample
 * dated before the last one saved is known to be the clock going back.
 */
export class UsualInterval {
  private last = Number.NaN;
  private usual = Number.NaN;
  private seen = 0;

  /** Whether a sample at `timeMs` is dated before the last one (the clock went back). */
  wentBack(timeMs: number): boolean {
    return timeMs < this.last;
  }

  /** How many times the usual interval the one ending at `timeMs` is; NaN until the usual is known (or the clock went back). */
  next(timeMs: number): number {
    const interval = timeMs - this.last;
    this.last = timeMs;
    if (!(interval > 0)) return Number.NaN;
    const known = this.seen >= KNOWN_AFTER;
    const ratio = interval / this.usual;
    if (known && ratio > GAP_FACTOR) return ratio;
    this.seen++;
    this.usual = Number.isNaN(this.usual) ? interval : this.usual + WEIGHT * (interval - this.usual);
    return known ? ratio : Number.NaN;
  }

  write(out: StateWriter): void {
    out.float64(this.last);
    out.float64(this.usual);
    // Past KNOWN_AFTER the count changes nothing.
    out.uint8(Math.min(this.seen, KNOWN_AFTER));
  }

  static read(input: StateReader): UsualInterval {
    const intervals = new UsualInterval();
    intervals.last = input.float64();
    intervals.usual = input.float64();
    intervals.seen = input.uint8();
    return intervals;
  }
}

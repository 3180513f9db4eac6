/** Intervals seen before one is judged against the usual. */
const KNOWN_AFTER = 5;
/** An interval this many times the usual one is a gap: it does not move the usual. */
export const GAP_FACTOR = 30;
/** Weight of each new interval in the usual one (an average over ~10 intervals). */
const WEIGHT = 0.1;

/**
 * How far apart a series' samples usually are, learned as they come (in memory only: after a
 * restart it is learned again in 5 samples). A counter's rate over an interval far longer than
 * usual is an average over a gap, or no rate at all when the clock jumped forward (an hour of
 * clock for 10 s of counting reads as a collapse to 0.3 %), so such an interval is not scored.
 */
export class UsualInterval {
  private last = Number.NaN;
  private usual = Number.NaN;
  private seen = 0;

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
}

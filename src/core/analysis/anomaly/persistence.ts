import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * Far off, in robust spreads. On NAB's shared half (standard / low FP / low FN, 78.21 / 72.52 /
 * 82.14 without the view) 8 gives 78.65 / 72.99 / 82.99; 6, 16 and 20 to 60 are above it on
 * every profile too (30: 79.35 / 73.53 / 83.46), 4 and 5 below it, and 7, 10 and 12 are above on
 * two profiles and at or below it on low FP (72.48, 72.16, 72.53): far must mean far, but not
 * too far for a young series. anomaly.e2e (a probe learned over 100 samples, with blips) passed
 * 3 of 3 at 8 and 1 of 4 at 30: its spread, from a few dozen values, is wide.
 */
const FAR_SPREADS = 8;
/** Samples of a run after which it says nothing more (and counts no more of its continuations). */
const MAX_RUN = 5;
/**
 * A run speaks from its 3rd sample: "several in a row". From the 2nd, NAB's shared half scores
 * lower (78.69 / 73.09 / 83.02), and with far at 8 spreads the 2nd also added false alarms on
 * heavy-tailed noise with no memory (|N|^2.5: 2.21 -> 2.89 per 10,000 samples; none from the 3rd).
 */
const MIN_RUN = 3;
/** Memory of the counts: ~30,000 samples, as the calibrators. */
const KEEP = 1 - 1 / 30_000;
const MIN_REFERENCE = 8;

/**
 * Whether the series stays far off its recent median, sample after sample, when it usually comes
 * straight back. A value far off (FAR_SPREADS robust spreads or more) happens with probability
 * P(far) in this series, and one far off on the same side as the last with probability `stay`
 * (both counted from the series' own history, slowly forgotten); the k-th such sample in a row is
 * then a run of probability P(far) · stay^(k-1), as the series has behaved (a two-state Markov
 * chain of its excursions). That is what the other views miss on a series that has learned
 * large one-sample blips: a loopback probe that sometimes takes 300-700 ms for one sample, then
 * sits at 450 ms, breaks no record and lands where blips went before, and the shift view's
 * calibrator, a few hundred samples old, cannot call its burst rarer than one in that many; but
 * its blips never lasted, so three in a row are news. Far is measured in the reference's
 * spread (inter-decile), so blips in 10 % of the samples or more widen the spread itself and
 * 450 ms stops being far: such a series is judged in its bulk's width (mixture-persistence.ts).
 *
 * A run is judged by the series as it was before the run began (its own continuations would
 * otherwise make it look ordinary as it goes on: on a young series, 1 of 1 stayed by its 3rd
 * sample). It speaks only for the first MAX_RUN samples of a run, and not after it alarmed: a
 * departure that lasts is news once, and from then on the other views judge whether it is the
 * new normal. For the same reason `stay` is counted from those first samples only, so one long
 * outage does not teach the series that its excursions always last.
 */
export class Persistence {
  /**
   * `unit`: the reference's robust spread a deviation is measured in; `maxRun`: the samples of a
   * run after which it says nothing more (and counts no more of its continuations).
   */
  constructor(
    private readonly unit: (reference: ReferenceWindow) => number = (reference) => reference.spread(),
    private readonly maxRun = MAX_RUN,
  ) {}

  /** Samples seen, and those far off (either side), slowly forgotten. */
  private seen = 0;
  private far = 0;
  /** Far samples at run positions 1..MAX_RUN-1 (chances to continue), and continuations among them. */
  private chances = 0;
  private stayed = 0;
  /** The current run: its length and side (+1 above the median, -1 below, 0 when not far off). */
  private run = 0;
  private side = 0;
  /** -ln P(far) and -ln stay when the current run began. */
  private runFarSurprisal = 0;
  private runStaySurprisal = 0;
  /** The time of the current run's first sample (NaN when not given). */
  private runSince = Number.NaN;

  /** The current run's length, counting the last sample (0 when it was not far off). */
  get runLength(): number {
    return this.run;
  }

  /** When the current run began: its first sample's time. */
  get runStartedAt(): number {
    return this.runSince;
  }

  /**
   * -ln of the probability of the current run (the MIN_RUN-th to MAX_RUN-th far sample in a row
   * on one side), NaN otherwise; then counts the sample (at `timeMs`: a run remembers when it began).
   */
  surprisal(value: number, reference: ReferenceWindow, timeMs = Number.NaN): number {
    if (reference.count < MIN_REFERENCE) return Number.NaN;
    const deviation = (value - reference.median()) / this.unit(reference);
    const side = deviation >= FAR_SPREADS ? 1 : deviation <= -FAR_SPREADS ? -1 : 0;
    const continues = side !== 0 && side === this.side;
    let surprisal = Number.NaN;
    if (continues && this.run + 1 >= MIN_RUN && this.run < this.maxRun) surprisal = this.runFarSurprisal + this.run * this.runStaySurprisal;
    if (side !== 0 && !continues) {
      // Add-half priors: a series that never had a far sample, or never a second in a row, has not shown it never will.
      this.runFarSurprisal = -Math.log((this.far + 0.5) / (this.seen + 1));
      this.runStaySurprisal = -Math.log((this.stayed + 0.5) / (this.chances + 1));
      this.runSince = timeMs;
    }
    this.learn(side, continues);
    return surprisal;
  }

  /**
   * The current run reached the alarm: it says nothing more. Its surprisal grows with every
   * sample it lasts (by -ln stay), and would otherwise break through the alarm hold as a
   * "markedly stranger" departure when it is the same one going on.
   */
  reported(): void {
    if (this.side !== 0) this.run = Math.max(this.run, this.maxRun);
  }

  write(out: StateWriter): void {
    out.float64(this.seen);
    out.float64(this.far);
    out.float64(this.chances);
    out.float64(this.stayed);
    out.uint32(this.run);
    out.uint8(this.side + 1);
    out.float64(this.runFarSurprisal);
    out.float64(this.runStaySurprisal);
    out.float64(this.runSince);
  }

  /** `withStart`: false for a state written before runs kept their start (version 2 of the detector's). */
  read(input: StateReader, withStart = true): void {
    this.seen = input.float64();
    this.far = input.float64();
    this.chances = input.float64();
    this.stayed = input.float64();
    this.run = input.uint32();
    this.side = input.uint8() - 1;
    this.runFarSurprisal = input.float64();
    this.runStaySurprisal = input.float64();
    this.runSince = withStart ? input.float64() : Number.NaN;
  }

  private learn(side: number, continues: boolean): void {
    this.seen = this.seen * KEEP + 1;
    this.far *= KEEP;
    this.chances *= KEEP;
    this.stayed *= KEEP;
    // The last sample's run could have continued if it was far and short enough to be counted.
    const couldContinue = this.side !== 0 && this.run < this.maxRun;
    if (couldContinue) this.chances += 1;
    if (couldContinue && continues) this.stayed += 1;
    if (side === 0) {
      this.run = 0;
      this.side = 0;
      return;
    }
    this.far += 1;
    this.run = continues ? Math.min(this.run + 1, this.maxRun + 1) : 1;
    this.side = side;
  }
}

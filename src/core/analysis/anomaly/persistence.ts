import { type ExcursionChain } from './excursion-chain';
import { OneRateChain } from './one-rate-chain';
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
const MIN_REFERENCE = 8;

/**
 * Whether the series stays far off its recent median, sample after sample, when it usually comes
 * straight back. A value far off (FAR_SPREADS robust spreads or more) happens with probability
 * P(far) in this series, and one far off on the same side as the last with probability `stay`
 * (both counted from the series' own history, slowly forgotten); the k-th such sample in a row is
 * then a run of probability P(far) · stay^(k-1), as the series has behaved (a two-state Markov
 * chain of its excursions, one-rate-chain.ts; the long-run view counts `stay` by the run's
 * length, length-chain.ts). That is what the other views miss on a series that has learned
 * large one-sample blips: a loopback probe that sometimes takes 300-700 ms for one sample, then
 * sits at 450 ms, breaks no record and lands where blips went before, and the shift view's
 * calibrator, a few hundred samples old, cannot call its burst rarer than one in that many; but
 * its blips never lasted, so three in a row are news. Far is measured in the reference's
 * spread (inter-decile), so blips in 10 % of the samples or more widen the spread itself and
 * 450 ms stops being far: such a series is judged in its bulk's width (long-run-persistence.ts).
 *
 * A run is judged by the series as it was before the run began (its own continuations would
 * otherwise make it look ordinary as it goes on: on a young series, 1 of 1 stayed by its 3rd
 * sample). It speaks only for the first MAX_RUN samples of a run, and not after it alarmed: a
 * departure that lasts is news once, and from then on the other views judge whether it is the
 * new normal. For the same reason `stay` is counted from those first samples only, so one long
 * outage does not teach the series that its excursions always last.
 */
export class Persistence {
  /** -ln P(a run reaches k samples) at [k - 1], as the series was when the current run began. */
  private readonly runSurprisals: Float64Array;
  /** The current run: its length and side (+1 above the median, -1 below, 0 when not far off). */
  private run = 0;
  private side = 0;
  /** The time of the current run's first sample (NaN when not given). */
  private runSince = Number.NaN;

  /**
   * `unit`: the reference's robust spread a deviation is measured in; `maxRun`: the samples of a
   * run after which it says nothing more (and counts no more of its continuations); `chain`: how
   * the series' runs are counted and read.
   */
  constructor(
    private readonly unit: (reference: ReferenceWindow) => number = (reference) => reference.spread(),
    private readonly maxRun = MAX_RUN,
    private readonly chain: ExcursionChain = new OneRateChain(maxRun),
  ) {
    this.runSurprisals = new Float64Array(maxRun);
  }

  /** The current run's length, counting the last sample (0 when it was not far off). */
  get runLength(): number {
    return this.run;
  }

  /** When the current run began: its first sample's time. */
  get runStartedAt(): number {
    return this.runSince;
  }

  /**
   * -ln of the probability of the current run (the MIN_RUN-th to maxRun-th far sample in a row
   * on one side), NaN otherwise; then counts the sample (at `timeMs`: a run remembers when it began).
   */
  surprisal(value: number, reference: ReferenceWindow, timeMs = Number.NaN): number {
    if (reference.count < MIN_REFERENCE) return Number.NaN;
    const deviation = (value - reference.median()) / this.unit(reference);
    const side = deviation >= FAR_SPREADS ? 1 : deviation <= -FAR_SPREADS ? -1 : 0;
    const continues = side !== 0 && side === this.side;
    let surprisal = Number.NaN;
    if (continues && this.run + 1 >= MIN_RUN && this.run < this.maxRun) surprisal = this.runSurprisals[this.run] as number;
    if (side !== 0 && !continues) {
      this.chain.judge(this.runSurprisals);
      this.runSince = timeMs;
    }
    this.chain.count(this.run, side !== 0, continues);
    if (side === 0) {
      this.run = 0;
      this.side = 0;
    } else {
      this.run = continues ? Math.min(this.run + 1, this.maxRun + 1) : 1;
      this.side = side;
    }
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

  /**
   * The run's costs and start only while a run goes on that may still speak: otherwise they are
   * never read before the next run's first sample sets them afresh (most of the time: 200 bytes).
   */
  write(out: StateWriter): void {
    this.chain.write(out);
    out.varint(this.run);
    out.uint8(this.side + 1);
    if (this.side === 0) return;
    out.number(this.runSince);
    if (this.run >= this.maxRun) return;
    for (const surprisal of this.runSurprisals) out.float64(surprisal);
  }

  read(input: StateReader): void {
    this.chain.read(input);
    this.run = input.varint();
    this.side = input.uint8() - 1;
    if (this.side < -1 || this.side > 1) throw new Error('anomaly state: bad run side');
    if (this.side === 0) return;
    this.runSince = input.number();
    if (this.run >= this.maxRun) return;
    for (let k = 0; k < this.runSurprisals.length; k++) this.runSurprisals[k] = input.float64();
  }

  /** As versions 4 and 5 of the detector's state wrote it: every field, fixed width. */
  readFixedWidth(input: StateReader): void {
    this.chain.readFixedWidth(input);
    this.run = input.uint32();
    this.side = input.uint8() - 1;
    for (let k = 0; k < this.runSurprisals.length; k++) this.runSurprisals[k] = input.float64();
    this.runSince = input.float64();
  }

  /**
   * A state written when one rate of staying served every run length (versions 2 and 3 of the
   * detector's; `withStart`: false for version 2, before runs kept their start).
   */
  readOneRate(input: StateReader, withStart: boolean): void {
    this.chain.adopt({ seen: input.float64(), far: input.float64(), chances: input.float64(), stayed: input.float64() });
    this.run = input.uint32();
    this.side = input.uint8() - 1;
    const farSurprisal = input.float64();
    const staySurprisal = input.float64();
    for (let k = 0; k < this.runSurprisals.length; k++) this.runSurprisals[k] = farSurprisal + k * staySurprisal;
    this.runSince = withStart ? input.float64() : Number.NaN;
  }
}

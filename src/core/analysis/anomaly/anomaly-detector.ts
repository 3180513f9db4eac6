import { AlarmHold } from './alarm-hold';
import { type AnomalyParameters, DEFAULT_PARAMETERS } from './anomaly-parameters';
import { DensityNovelty } from './density-novelty';
import { DistributionShift } from './distribution-shift';
import { Extremeness } from './extremeness';
import { LongRunPersistence } from './long-run-persistence';
import { Persistence } from './persistence';
import { RareLevelRate } from './rare-level-rate';
import { ReferenceWindow } from './reference-window';
import { SeasonalProfile } from './seasonal-profile';
import { StateReader, StateWriter } from './state-codec';
import { TailCalibrator } from './tail-calibrator';

/**
 * Streaming anomaly detection for one series: one small object per series, fed samples in time
 * order, never looking ahead, the same parameters for every series, its whole state a few KB of
 * bytes that can be stored with the series and restored to continue exactly where it left off.
 *
 * Each sample is looked at up to five ways, each calibrated against this series' own history
 * into a surprisal (-ln of how often the series does this):
 *   extremeness  distance from the recent median, weighed by whether it breaks the record
 *   sparseness   how rarely the series has been anywhere near this value
 *   shift        the last ~16 values distributed unlike the reference (bursts, spread, level)
 *   daily/weekly distance from what this series does at this time of day / week, once it has
 *                shown such a rhythm
 * The strangest view, less ln k for having looked k ways (Bonferroni), is the sample's surprisal.
 * Two more views look at the samples together: a run of values far off the median, when this
 * series' far values usually come back sooner (persistence.ts, runs of 3-5; long-run-persistence.ts,
 * runs up to 20 counted by length and, where frequent excursions set the spread, far from the bulk
 * of its values); they pay ln(k + 2) and count only where one is the strangest, so every other
 * sample scores as without them. On a series that sits on one level (0/1 `probe_success`), one more
 * view counts how often it leaves it over its whole memory and notices a lasting rise in that rate
 * (rare-level-rate.ts: 0.1 % -> 3 % failures, a few hundred samples in); it speaks only at a
 * departure and pays ln(k + 3). An alarm holds off repeats for the next 100 samples unless things get
 * markedly worse.
 *
 * Score: 1 - 100^(-surprisal / 5), in [0, 1). The alarm level, a surprisal of 5, maps to exactly
 * 0.99: `anomaly_score > 0.99` is "this detector raised an alarm here". On pure noise that is
 * about two alarms per ten thousand samples, and 0.999 about one per twenty thousand
 * (bench/analysis measures it); NAB's optimal threshold for this detector lands near 0.99.
 */
export type DetectorUpdate = { score: number } | { score: null; reason: string };

export interface DetectorOptions {
  /** A monotonic counter (requests_total): scored as its rate per second, resets understood. */
  counter?: boolean;
  /** Only the benchmark's cross-validation varies these; every series uses the defaults. */
  parameters?: Partial<AnomalyParameters>;
}

/** Samples seen before any score: too little history to say what is unusual. */
export const LEARNING_SAMPLES = 100;
const DAY_MS = 86_400_000;
/** The series' typical |value - median| (which says whether a rhythm explains it) over ~1,000 samples. */
const SPREAD_MEMORY = 1000;
const MIN_SPREAD_REFERENCE = 8;
const FLOAT32_MAX = 3.4028234663852886e38;
/**
 * 6 writes the same state in fewer bytes (state-codec.ts: counts as varints, bins nothing reached as
 * runs of zeros, fields never read before they are set afresh left out): 7,848 bytes whatever was
 * seen -> 2,919-4,931 at the end of NAB's shared-half files, 7,779 with every bin filled. Every
 * field that is read again comes back exactly; a version-5 state (and what 5 reads) is still read.
 */
const STATE_VERSION = 6;
/** 5 added the rate of departures from a level (rare-level-rate.ts); a version-4 state is still read (that view starts afresh). */
const RARE_LEVEL_VERSION = 5;
/**
 * 4: the long-run view counts how often its runs go on at each length; a version-3 state is
 * still read (its one rate spread over the lengths).
 */
const LENGTH_CHAIN_VERSION = 4;
/** 2 added the persistence view; a version-1 state is still read (the view starts afresh). */
const PERSISTENCE_FREE_VERSION = 1;
/** 3 added the mixture's persistence view (now the long-run view) and a run's start; a version-2 state is still read (that view starts afresh). */
const MIXTURE_PERSISTENCE_FREE_VERSION = 2;

export class AnomalyDetector {
  private readonly reference = new ReferenceWindow();
  private readonly extremeness: Extremeness;
  private readonly density = new DensityNovelty();
  private readonly densityCalibrator: TailCalibrator;
  private readonly shift = new DistributionShift();
  private readonly shiftCalibrator: TailCalibrator;
  private readonly daily: SeasonalProfile;
  private readonly dailyCalibrator: TailCalibrator;
  private readonly weekly: SeasonalProfile;
  private readonly weeklyCalibrator: TailCalibrator;
  private readonly persistence = new Persistence();
  private readonly longRuns = new LongRunPersistence();
  private readonly rareLevel = new RareLevelRate();
  private readonly hold: AlarmHold;
  private readonly counter: boolean;
  /** Maps the alarm surprisal to score 0.99. */
  private readonly scoreRate: number;
  private readonly alarmSurprisal: number;
  /** The last sample's surprisal when it reached the alarm level and the hold kept it down; else NaN. */
  private heldSurprisal = Number.NaN;
  /** The departure the last sample stands for: a run's first sample and length, or the sample itself. */
  private departureSince = Number.NaN;
  private departureSamples = 1;
  /** The last sample's alarm stands for a rise in how often the series leaves its level (rare-level-rate.ts). */
  private departureIsRise = false;
  /** What the daily or weekly profile expected when it judged the last sample strangest; else NaN. */
  private departureExpected = Number.NaN;
  private samples = 0;
  private lastTime = Number.NaN;
  private lastRaw = Number.NaN;
  private spreadAroundMedian = 0;
  private spreadCount = 0;
  private observed = Number.NaN;

  constructor(options: DetectorOptions = {}) {
    this.counter = options.counter === true;
    const p = { ...DEFAULT_PARAMETERS, ...options.parameters };
    this.extremeness = new Extremeness(p.tailQuantile, p.recordWeight);
    this.densityCalibrator = new TailCalibrator(p.tailQuantile);
    this.shiftCalibrator = new TailCalibrator(p.tailQuantile);
    this.daily = new SeasonalProfile(DAY_MS, 96, p.seasonalSmoothing);
    this.dailyCalibrator = new TailCalibrator(p.tailQuantile);
    this.weekly = new SeasonalProfile(7 * DAY_MS, 168, p.seasonalSmoothing);
    this.weeklyCalibrator = new TailCalibrator(p.tailQuantile);
    this.hold = new AlarmHold(p.alarmSurprisal, p.holdSamples, p.escalation);
    this.scoreRate = Math.log(100) / p.alarmSurprisal;
    this.alarmSurprisal = p.alarmSurprisal;
  }

  update(timeMs: number, raw: number): DetectorUpdate {
    this.observed = Number.NaN;
    this.heldSurprisal = Number.NaN;
    this.departureSince = timeMs;
    this.departureSamples = 1;
    this.departureExpected = Number.NaN;
    this.departureIsRise = false;
    if (!Number.isFinite(timeMs)) return { score: null, reason: 'the timestamp is not a finite number' };
    if (!Number.isFinite(raw)) return { score: null, reason: `the value is ${String(raw)}, not a finite number` };
    if (timeMs === this.lastTime) return { score: null, reason: 'a second sample at the same timestamp' };
    let value = raw;
    if (this.counter) {
      const previousTime = this.lastTime;
      const previous = this.lastRaw;
      this.lastTime = timeMs;
      this.lastRaw = raw;
      if (Number.isNaN(previousTime)) return { score: null, reason: 'a counter needs two samples for a rate' };
      if (timeMs < previousTime) return { score: null, reason: 'the clock went back; the rate restarts from this sample' };
      // A drop is a reset (a restart part-way through the interval): what it counted before the
      // restart is lost, so the interval's rate is not known (read as rate() does, from 0, it
      // looked like a collapse and alarmed on every restart); the next interval is scored.
      if (raw < previous) return { score: null, reason: 'the counter went down (a restart): its increase over this interval is not known' };
      value = ((raw - previous) * 1000) / (timeMs - previousTime);
    } else {
      this.lastTime = timeMs;
    }
    return this.observe(timeMs, value);
  }

  /**
   * A counter's next rate is taken from this sample on, with no score for the interval ending here:
   * the caller found it no measure of the rate now (a gap far longer than usual, the clock jumping forward).
   */
  restartRate(timeMs: number, raw: number): void {
    this.observed = Number.NaN;
    this.lastTime = timeMs;
    this.lastRaw = raw;
  }

  /** What the last update's sample was judged as (a counter's rate per second); NaN when it was turned away. */
  get observedValue(): number {
    return this.observed;
  }

  /**
   * The score the last sample would have had without the alarm hold, when that is an alarm the
   * hold kept down (NaN otherwise): the engine decides whether it starts a new incident.
   */
  get heldAlarmScore(): number {
    return Number.isNaN(this.heldSurprisal) ? Number.NaN : this.scoreOf(this.heldSurprisal);
  }

  /**
   * What the last sample's alarm (raised, or kept down by the hold) stands for: for a run of far
   * samples, its first sample's time and its length, so the caller dates the departure when the
   * series moved and judges it against the values before it; otherwise the sample itself. Where
   * the series' daily or weekly rhythm judged it strangest, `expected` is what that rhythm
   * expected here (the departure is from it, not from the recent level: a CPU series whose daily
   * peak does not come sits at its recent median). `rise`: it is a lasting rise in how often a
   * levelled series (0/1) leaves its level, which no band of values ends (its next success is back
   * at the level while the failures go on).
   */
  get departure(): { since: number; samples: number; expected: number; rise: boolean } {
    return { since: this.departureSince, samples: this.departureSamples, expected: this.departureExpected, rise: this.departureIsRise };
  }

  /**
   * The caller raised the alarm the hold kept down (`heldAlarmScore`, of this or an earlier
   * sample): the hold runs again from here, as after any alarm.
   */
  renewAlarm(score: number): void {
    this.hold.renew(-Math.log1p(-score) / this.scoreRate);
  }

  /**
   * The caller judged this sample's alarm not worth raising (the engine's materiality test): it
   * must not hold back the next ones, or a real departure soon after would go unsaid.
   */
  dismissAlarm(): void {
    this.hold.release();
  }

  /** The whole state, for storing with the series. */
  serialize(): Uint8Array {
    const out = new StateWriter();
    out.uint8(STATE_VERSION);
    out.uint8(this.counter ? 1 : 0);
    out.varint(this.samples);
    out.number(this.lastTime);
    out.number(this.lastRaw);
    out.float64(this.spreadAroundMedian);
    out.varint(this.spreadCount);
    this.reference.write(out);
    this.extremeness.write(out);
    this.density.write(out);
    this.densityCalibrator.write(out);
    this.shift.write(out);
    this.shiftCalibrator.write(out);
    this.daily.write(out);
    this.dailyCalibrator.write(out);
    this.weekly.write(out);
    this.weeklyCalibrator.write(out);
    this.hold.write(out);
    this.persistence.write(out);
    this.longRuns.write(out);
    this.rareLevel.write(out);
    return out.result();
  }

  /** A detector that continues exactly where the serialised one stopped. Throws on a foreign state. */
  static restore(state: Uint8Array, parameters?: Partial<AnomalyParameters>): AnomalyDetector {
    const input = new StateReader(state);
    const version = input.uint8();
    if (version < PERSISTENCE_FREE_VERSION || version > STATE_VERSION) throw new Error(`anomaly state version ${version} is not ${STATE_VERSION}`);
    const detector = new AnomalyDetector({ counter: input.uint8() === 1, parameters });
    if (version === STATE_VERSION) detector.read(input);
    else detector.readFixedWidth(input, version);
    input.end();
    return detector;
  }

  private read(input: StateReader): void {
    this.samples = input.varint();
    this.lastTime = input.number();
    this.lastRaw = input.number();
    this.spreadAroundMedian = input.float64();
    this.spreadCount = input.varint();
    this.reference.read(input);
    this.extremeness.read(input);
    this.density.read(input);
    this.densityCalibrator.read(input);
    this.shift.read(input);
    this.shiftCalibrator.read(input);
    this.daily.read(input);
    this.dailyCalibrator.read(input);
    this.weekly.read(input);
    this.weeklyCalibrator.read(input);
    this.hold.read(input);
    this.persistence.read(input);
    this.longRuns.read(input);
    this.rareLevel.read(input);
  }

  /** A state of versions 1-5: every field fixed width, the views added since then starting afresh. */
  private readFixedWidth(input: StateReader, version: number): void {
    this.samples = input.float64();
    this.lastTime = input.float64();
    this.lastRaw = input.float64();
    this.spreadAroundMedian = input.float64();
    this.spreadCount = input.uint32();
    this.reference.readFixedWidth(input);
    this.extremeness.readFixedWidth(input);
    this.density.readFixedWidth(input);
    this.densityCalibrator.readFixedWidth(input);
    this.shift.readFixedWidth(input);
    this.shiftCalibrator.readFixedWidth(input);
    this.daily.readFixedWidth(input);
    this.dailyCalibrator.readFixedWidth(input);
    this.weekly.readFixedWidth(input);
    this.weeklyCalibrator.readFixedWidth(input);
    this.hold.readFixedWidth(input);
    if (version >= LENGTH_CHAIN_VERSION) {
      this.persistence.readFixedWidth(input);
      this.longRuns.readFixedWidth(input);
    } else if (version !== PERSISTENCE_FREE_VERSION) {
      this.persistence.readOneRate(input, version !== MIXTURE_PERSISTENCE_FREE_VERSION);
      if (version !== MIXTURE_PERSISTENCE_FREE_VERSION) this.longRuns.readOneRate(input);
    }
    if (version === RARE_LEVEL_VERSION) this.rareLevel.readFixedWidth(input);
  }

  private observe(timeMs: number, raw: number): DetectorUpdate {
    this.samples++;
    this.observed = raw;
    // Compared as the reference stores values (float32), so equal values stay equal; beyond
    // float32's range a value is held at its edge rather than becoming Infinity.
    const value = Math.fround(Math.max(-FLOAT32_MAX, Math.min(FLOAT32_MAX, raw)));
    const reference = this.reference;
    if (reference.count > MIN_SPREAD_REFERENCE) {
      this.spreadCount = Math.min(this.spreadCount + 1, SPREAD_MEMORY);
      this.spreadAroundMedian += (Math.abs(value - reference.median()) - this.spreadAroundMedian) / this.spreadCount;
    }
    const extreme = this.extremeness.surprisal(value, reference);
    const densityStatistic = this.density.statistic(value, reference);
    const shiftStatistic = this.shift.statistic(value, reference);
    const dailyStatistic = this.daily.statistic(timeMs, value, this.spreadAroundMedian);
    const weeklyStatistic = this.weekly.statistic(timeMs, value, this.spreadAroundMedian);
    const persistent = this.persistence.surprisal(value, reference, timeMs);
    const longRun = this.longRuns.surprisal(value, reference, timeMs);
    const rareLevel = this.rareLevel.surprisal(value, reference, timeMs);
    const sparse = calibrate(this.densityCalibrator, densityStatistic);
    const shifted = calibrate(this.shiftCalibrator, shiftStatistic);
    const daily = calibrate(this.dailyCalibrator, dailyStatistic);
    const weekly = calibrate(this.weeklyCalibrator, weeklyStatistic);
    reference.offer(value);
    // Looking k ways gives k chances to find something odd: the strangest view pays ln k (Bonferroni).
    const views =
      1 +
      (Number.isNaN(densityStatistic) ? 0 : 1) +
      (Number.isNaN(shiftStatistic) ? 0 : 1) +
      (Number.isNaN(dailyStatistic) ? 0 : 1) +
      (Number.isNaN(weeklyStatistic) ? 0 : 1);
    const strangest = Math.max(extreme, sparse, shifted, daily, weekly);
    let surprisal = Math.max(0, strangest - Math.log(views));
    if (strangest > 0 && (daily === strangest || weekly === strangest))
      this.departureExpected = daily === strangest ? this.daily.expected : this.weekly.expected;
    const strangestRun = Math.max(orNone(persistent), orNone(longRun));
    if (strangestRun > Number.NEGATIVE_INFINITY) {
      // Two run views: one more look each.
      const run = strangestRun - Math.log(views + 2);
      if (run >= this.alarmSurprisal && run >= surprisal) {
        const view = orNone(persistent) >= orNone(longRun) ? this.persistence : this.longRuns;
        this.departureSince = view.runStartedAt;
        this.departureSamples = view.runLength;
        this.departureExpected = Number.NaN;
        this.departureIsRise = false;
      }
      surprisal = Math.max(surprisal, run);
      // A run is news once: from its alarm on, lasting longer makes it no new departure.
      if (run >= this.alarmSurprisal) {
        this.persistence.reported();
        this.longRuns.reported();
      }
    }
    if (!Number.isNaN(rareLevel)) {
      // One more look, beside the run views'.
      const rise = rareLevel - Math.log(views + 3);
      if (rise >= this.alarmSurprisal && rise >= surprisal) {
        this.departureSince = this.rareLevel.riseStartedAt;
        this.departureSamples = 1;
        this.departureExpected = Number.NaN;
        this.departureIsRise = true;
      }
      surprisal = Math.max(surprisal, rise);
      if (rise >= this.alarmSurprisal) this.rareLevel.reported();
    }
    // Nothing is reported while learning, so nothing there is an alarm to hold repeats of: a spike
    // among the first samples must not hold a real departure soon after to the held ceiling.
    if (this.samples < LEARNING_SAMPLES) return { score: null, reason: `learning this series (${this.samples} of ${LEARNING_SAMPLES} samples)` };
    const reported = this.hold.apply(surprisal);
    if (reported < surprisal && surprisal >= this.alarmSurprisal) this.heldSurprisal = surprisal;
    return { score: this.scoreOf(reported) };
  }

  private scoreOf(surprisal: number): number {
    return 1 - Math.exp(-this.scoreRate * surprisal);
  }
}

/** A run view that does not speak (NaN) is no candidate for the strangest. */
function orNone(surprisal: number): number {
  return Number.isNaN(surprisal) ? Number.NEGATIVE_INFINITY : surprisal;
}

/** A view that cannot speak yet (NaN) adds no surprise and teaches its calibrator nothing. */
function calibrate(calibrator: TailCalibrator, statistic: number): number {
  return Number.isNaN(statistic) ? 0 : calibrator.surprisal(statistic);
}

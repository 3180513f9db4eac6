import { AnomalyDetector } from './anomaly/anomaly-detector';
import type { AnomalyParameters } from './anomaly/anomaly-parameters';
import { ALARM_SCORE, AnomalyEpisode, type Departure, type EpisodeStart } from './anomaly/anomaly-episode';
import { materialChange, type MaterialTest } from './anomaly/material-change';
import { StateReader, StateWriter } from './anomaly/state-codec';
import { GAP_FACTOR, UsualInterval } from './usual-interval';

/**
 * One selected series as the engine scores it: the streaming detector (scores and learning)
 * and the episode that keeps a sustained anomaly's score up (anomaly-episode.ts). Its state is
 * bytes, stored with the series and restored after a restart.
 */
export interface ScoredSample {
  /** The score to write as anomaly_score, or null (learning, or a sample that cannot be scored). */
  score: number | null;
  reason?: string;
  /** The value the detector judged (a counter's rate). */
  value: number;
  started?: EpisodeStart;
}

/**
 * 4: the series' usual interval and last sample time (usual-interval.ts); 3: a watched departure
 * keeps its first sample's time; 2: the episode keeps a held alarm's renewal (anomaly-episode.ts);
 * 1 to 3 are still read (the usual interval is then learned again).
 */
const STATE_VERSION = 4;
/** The version before the usual interval was saved. */
const INTERVAL_FREE_VERSION = 3;
/** Why a sample dated before the one before it gets no score (a counter's or a gauge's alike: one notice). */
const CLOCK_WENT_BACK = 'the clock went back (the sample is older than the one before it): scoring goes on from the next sample';
/** Why a counter's first interval after its scorer was restored from the store gets no score. */
const RESUMED =
  "the interval since the last sample spans the time the series was not scored (the engine was stopped, or the series not selected): the counter's rate over it is no measure of now";
/** What an alarm on an immaterial change (material-change.ts) is reported as: unremarkable. */
export const IMMATERIAL_SCORE_CAP = 0.5;

export class SeriesScorer {
  /** The counter's next interval began before its scorer was restored from the store (`resume`). */
  private resuming = false;

  /**
   * The series' intervals and last sample time: a sample dated before the last one is not scored,
   * nor a counter's rate over a gap or a clock jump forward.
   */
  private constructor(
    private readonly detector: AnomalyDetector,
    private readonly episode: AnomalyEpisode,
    private readonly material: MaterialTest,
    private readonly counter: boolean,
    private readonly intervals: UsualInterval,
  ) {}

  /** A scorer for `metric` (its name gives its unit: what change is material, see material-change.ts). */
  static create(metric: string, parameters: Partial<AnomalyParameters>): SeriesScorer {
    const counter = isCounter(metric);
    return new SeriesScorer(new AnomalyDetector({ counter, parameters }), new AnomalyEpisode(), materialChange(metric), counter, new UsualInterval());
  }

  /** The scorer a stored state describes; throws on a state of another layout. */
  static restore(state: Uint8Array, metric: string, parameters: Partial<AnomalyParameters>): SeriesScorer {
    const input = new StateReader(state);
    const version = input.uint8();
    if (version < 1 || version > STATE_VERSION) throw new Error(`scorer state version ${version} is not ${STATE_VERSION}`);
    const detectorBytes = new Uint8Array(input.uint32());
    input.uint8Array(detectorBytes);
    const episode = new AnomalyEpisode();
    episode.read(input, Math.min(version, INTERVAL_FREE_VERSION) as 1 | 2 | 3);
    const intervals = version > INTERVAL_FREE_VERSION ? UsualInterval.read(input) : new UsualInterval();
    input.end();
    return new SeriesScorer(AnomalyDetector.restore(detectorBytes, parameters), episode, materialChange(metric), isCounter(metric), intervals);
  }

  /**
   * Restored from the store by a running engine: a counter's next interval spans the time it was
   * not scored, whatever its length. A minute stopped read as a collapse to 14 % of the usual rate
   * and alarmed (0.999999994) where the counter counted only what came through the engine; a short
   * stop is under the gap rule's 30 intervals.
   */
  resume(): void {
    this.resuming = this.counter;
  }

  get inEpisode(): boolean {
    return this.episode.active;
  }

  /** The median of the series' recent values (NaN before any). */
  typical(): number {
    return this.episode.typical();
  }

  update(timeMs: number, value: number): ScoredSample {
    const wentBack = this.intervals.wentBack(timeMs);
    const stretched = this.intervals.next(timeMs);
    // The first sample after a restore restarts the rate either way (one sample unscored, not two).
    const resumed = this.resuming && Number.isFinite(value);
    if (resumed) this.resuming = false;
    // A gauge's sample older than the last was scored as if in order, and nobody was told its clock went back.
    if (wentBack && Number.isFinite(value)) {
      if (this.counter) this.detector.restartRate(timeMs, value);
      return { score: null, reason: CLOCK_WENT_BACK, value };
    }
    if (resumed) {
      this.detector.restartRate(timeMs, value);
      return { score: null, reason: RESUMED, value };
    }
    if (this.counter && stretched > GAP_FACTOR && Number.isFinite(value)) {
      this.detector.restartRate(timeMs, value);
      return {
        score: null,
        reason: `the interval since the last sample is over ${GAP_FACTOR} times the usual (a gap, or the clock jumped forward): the counter's rate over it is no measure of now`,
        value,
      };
    }
    const result = this.detector.update(timeMs, value);
    const judged = this.detector.observedValue;
    // A sample the detector turned away (NaN, a repeated time) changes nothing, the episode included.
    if (Number.isNaN(judged)) return { score: null, reason: result.score === null ? result.reason : 'not scored', value };
    const departure = this.detector.departure;
    const score = this.unlessImmaterial(judged, result.score, departure);
    // An alarm the hold kept down may start a new episode, unless its change was found immaterial.
    const heldAlarm = score === result.score ? this.detector.heldAlarmScore : Number.NaN;
    // A state restored from before runs kept their start does not know it: dated at this sample, as it was.
    const reported = this.episode.apply(timeMs, judged, score, heldAlarm, Number.isNaN(departure.since) ? { since: timeMs, samples: 1 } : departure);
    if (reported.renewed === true && reported.score !== null) this.detector.renewAlarm(reported.score);
    if (reported.score === null) return { score: null, reason: 'reason' in result ? result.reason : 'not scored', value: judged };
    return reported.started === undefined ? { score: reported.score, value: judged } : { score: reported.score, value: judged, started: reported.started };
  }

  /**
   * A sample whose change from the typical value is too small to matter scores as unremarkable,
   * however strange to the detector: no alarm, no episode, no near-alarm scores on a chart. A run
   * (`departure.samples` far samples up to this one) is measured from before it began: by its 8th
   * sample at 450 ms a median of the last 32 that counted it was 0.44 s, and the run "immaterial".
   * A departure from the series' daily or weekly rhythm is measured from what the rhythm expected:
   * a CPU series whose daily peak did not come sits at its recent median, 20 points below the peak.
   */
  private unlessImmaterial(value: number, score: number | null, departure: Departure): number | null {
    if (score === null || score <= IMMATERIAL_SCORE_CAP || this.episode.active) return score;
    const typical = Number.isFinite(departure.expected) ? (departure.expected as number) : this.episode.typical(departure.samples - 1);
    if (this.material(value, typical)) return score;
    if (score >= ALARM_SCORE) this.detector.dismissAlarm();
    return IMMATERIAL_SCORE_CAP;
  }

  serialize(): Uint8Array {
    const detector = this.detector.serialize();
    const out = new StateWriter();
    out.uint8(STATE_VERSION);
    out.uint32(detector.length);
    out.uint8Array(detector);
    this.episode.write(out);
    this.intervals.write(out);
    return out.result();
  }
}

/** A *_total series is a counter: scored as its rate (anomaly-detector.ts). */
function isCounter(metric: string): boolean {
  return metric.endsWith('_total');
}

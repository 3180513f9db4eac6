import { ANOMALY_ALARM_SCORE } from '../../../shared/types/insights';
import type { StateReader, StateWriter } from './state-codec';

/**
 * Turns the detector's "one alarm per incident" into a score a rule can hold on to.
 *
 * The detector raises one high score when a series leaves its normal behaviour and then holds
 * repeats down (alarm-hold.ts): right for NAB, which rewards one early detection, but a rule
 * like `anomaly_score{service="api"} > 0.99 for 2m` would never fire on a sustained shift.
 * So the engine reports the episode's score for as long as the episode lasts: from the alarm
 * until the values come back within the band the series kept before it (the median of its
 * last samples ± the larger of half the alarm's deviation and three robust deviations), or
 * until the detector's hold ends (after that a level that persisted is the series' new normal
 * unless the detector raises again). A stranger sample during the episode raises the score.
 *
 * An episode that ended does not hold back the next one. The detector holds alarms down for 100
 * samples after one, however its departure went: a one-sample blip (a busy machine delays a
 * probe to 30 ms) would keep an outage that starts 20 samples later below the alarm level. So
 * once the series is back to normal (no episode, no alarm raised or held on the last sample), an
 * alarm the detector held down starts a new episode if its departure lasts: RENEWAL_SAMPLES
 * samples in a row beyond the band it would have had. A second blip stays held, and a departure
 * that simply goes on stays one episode.
 */
const RECENT = 32;
/** An episode ends by itself after this many samples (the detector's alarm hold). */
export const EPISODE_MAX_SAMPLES = 100;
/** The alarm level as a score (surprisal at the alarm maps to exactly this). */
export const ALARM_SCORE = ANOMALY_ALARM_SCORE;
const MAD_TO_SIGMA = 1.4826;
/**
 * Samples in a row a held alarm's departure must last to start an episode. Loopback probe latency
 * on a busy machine (1,191 samples at 600 ms, load 10-15) went over 5 times its median 41 times:
 * 33 for one sample, 7 for two, 1 for three. Over it, beside the 2 episodes without renewals, 1
 * adds 4, 2 adds 1, 3 adds none. On NAB's shared half (151 episodes, 49 of 60 windows found) 1
 * adds 48 (24 outside the windows), 2 adds 10, 3 adds 6 (5 outside), 4 adds 5: 3 is where it levels off.
 */
export const RENEWAL_SAMPLES = 3;
/** The band needs a few values to have a centre and a spread. */
const MIN_RECENT = 8;

/**
 * What an alarm stands for (the detector's `departure`): since when, and how many samples up to
 * this one; `expected`, when finite, the value the series' rhythm expected (the departure is from it).
 */
export interface Departure {
  since: number;
  samples: number;
  expected?: number;
  /**
   * A rise in how often a levelled series leaves its level (0/1 failures from 0.1 % to 3 %): its
   * samples are mostly back at the level, so no band ends it; it lasts EPISODE_MAX_SAMPLES, as the
   * detector's hold does, and a rule `anomaly_score > 0.99 for 2m` holds on it.
   */
  rise?: boolean;
}

export interface EpisodeStart {
  /**
   * When the departure began: the alarm's own sample, or the first of the run of far samples that
   * raised it; for a held alarm's departure, that of the sample the hold kept down, not the
   * RENEWAL_SAMPLES-th that showed it lasting.
   */
  at: number;
  /** The sample that raised the alarm (for a held alarm's departure, the one that showed it lasting). */
  value: number;
  /** The series' median just before it (before the run, for a run's alarm), or what its daily or weekly rhythm expected there. */
  typical: number;
}

export class AnomalyEpisode {
  private readonly recent = new Float64Array(RECENT);
  /** Where the recent values are rearranged to find their median, leaving `recent` in arrival order. */
  private readonly scratch = new Float64Array(RECENT);
  private recentCount = 0;
  private recentNext = 0;
  /** While an episode lasts: its score, the band's centre and edge, the side and the samples left. */
  private score = 0;
  private centre = 0;
  private edge = 0;
  private side = 0;
  private left = 0;
  /** The last sample was back to normal: no episode, no alarm (raised or held), no departure watched. */
  private settled = false;
  /** While a held alarm's departure is watched: the departed samples still needed, its score and typical value. */
  private pendingLeft = 0;
  private pendingScore = 0;
  private pendingTypical = 0;
  /** While a held alarm's departure is watched: the time of its first sample. */
  private pendingSince = Number.NaN;

  get active(): boolean {
    return this.left > 0;
  }

  /**
   * The score to report for a sample at `timeMs` the detector judged as `value` and scored `raw`
   * (null while it learns); `heldAlarm` is the score the detector's hold kept down when it was an alarm (NaN
   * otherwise); `departure` what that alarm stands for (a run of far samples is judged against the
   * values before it: those of the run would pull the band towards it). Returns the reported score
   * and, when this sample starts an episode, its start (`renewed` when it is a held alarm's: the
   * caller restarts the detector's hold).
   */
  apply(
    timeMs: number,
    value: number,
    raw: number | null,
    heldAlarm = Number.NaN,
    departure: Departure = { since: timeMs, samples: 1 },
  ): { score: number | null; started?: EpisodeStart; renewed?: true } {
    let reported = raw;
    let started: EpisodeStart | undefined;
    let renewed = false;
    if (this.left > 0) {
      const inside = this.side * (value - this.centre) <= this.edge;
      this.left--;
      if (inside) this.left = 0;
      else reported = Math.max(raw ?? 0, this.score);
    }
    const alarm = raw !== null && raw >= ALARM_SCORE;
    if (this.left === 0 && alarm && this.recentCount >= MIN_RECENT) {
      this.pendingLeft = 0;
      started = this.begin(value, raw, departure);
    } else if (this.left > 0 && raw !== null && raw > this.score) {
      this.score = raw;
    } else if (this.left === 0 && raw !== null) {
      started = this.renewal(timeMs, value, heldAlarm, departure);
      if (started !== undefined) {
        reported = this.score;
        renewed = true;
      }
    }
    this.settled = this.left === 0 && this.pendingLeft === 0 && !alarm && Number.isNaN(heldAlarm);
    this.remember(value);
    if (started === undefined) return { score: reported };
    return renewed ? { score: reported, started, renewed } : { score: reported, started };
  }

  /**
   * The median of the last samples but the newest `departed` (a run's earlier samples, as long as
   * MIN_RECENT are left): what the series typically was before the departure (NaN before any).
   * Asked for most samples that score above 0.5 (the materiality test), so it selects rather than sorts.
   */
  typical(departed = 0): number {
    const values = this.oldestRecent(departed, this.scratch);
    return selectMedian(values);
  }

  /** Ends an episode at once (the series was deselected, or its samples stopped). */
  end(): void {
    this.left = 0;
    this.pendingLeft = 0;
  }

  write(out: StateWriter): void {
    out.uint32(this.recentCount);
    out.uint32(this.recentNext);
    for (const value of this.recent) out.float64(value);
    out.float64(this.score);
    out.float64(this.centre);
    out.float64(this.edge);
    out.float64(this.side);
    out.uint32(this.left);
    out.uint8(this.settled ? 1 : 0);
    out.uint32(this.pendingLeft);
    out.float64(this.pendingScore);
    out.float64(this.pendingTypical);
    out.float64(this.pendingSince);
  }

  /**
   * `layout`: 1 for a state written before held alarms could start episodes (no such fields), 2
   * before a watched departure kept its first sample's time (its episode is then dated when it
   * starts, as it was), 3 for this one.
   */
  read(input: StateReader, layout: 1 | 2 | 3): void {
    this.recentCount = input.uint32();
    this.recentNext = input.uint32();
    for (let i = 0; i < RECENT; i++) this.recent[i] = input.float64();
    this.score = input.float64();
    this.centre = input.float64();
    this.edge = input.float64();
    this.side = input.float64();
    this.left = input.uint32();
    if (layout === 1) return;
    this.settled = input.uint8() === 1;
    this.pendingLeft = input.uint32();
    this.pendingScore = input.float64();
    this.pendingTypical = input.float64();
    if (layout === 3) this.pendingSince = input.float64();
  }

  private begin(value: number, raw: number, departure: Departure): EpisodeStart {
    const typical = this.bandAround(value, departure.samples - 1, departure.expected);
    // No value is back inside a rise's band: only its length ends it.
    if (departure.rise === true) this.edge = Number.NEGATIVE_INFINITY;
    this.score = raw;
    this.left = EPISODE_MAX_SAMPLES;
    return { at: departure.since, value, typical };
  }

  /**
   * A held alarm on a settled series is watched: it starts an episode once its departure has
   * lasted RENEWAL_SAMPLES samples beyond its band (described by the latest, the level it stays
   * at, dated at its first: that is when the series moved); a value back inside drops it (a blip).
   */
  private renewal(timeMs: number, value: number, heldAlarm: number, departure: Departure): EpisodeStart | undefined {
    if (this.pendingLeft > 0) {
      if (this.side * (value - this.centre) <= this.edge) {
        this.pendingLeft = 0;
        return undefined;
      }
      this.pendingLeft--;
    } else if (!Number.isNaN(heldAlarm) && this.settled && this.recentCount >= MIN_RECENT) {
      this.pendingTypical = this.bandAround(value, departure.samples - 1, departure.expected);
      this.pendingScore = heldAlarm;
      this.pendingSince = departure.since;
      this.pendingLeft = RENEWAL_SAMPLES - 1;
    } else return undefined;
    if (this.pendingLeft > 0) return undefined;
    this.score = this.pendingScore;
    this.left = EPISODE_MAX_SAMPLES;
    // A watch restored from a state that did not keep its start is dated now, as it was then.
    return { at: Number.isNaN(this.pendingSince) ? timeMs : this.pendingSince, value, typical: this.pendingTypical };
  }

  /**
   * Sets the band a departure to `value` is judged against (centre, edge, side), from the recent
   * values but the newest `departed` (the run's earlier samples, as long as MIN_RECENT are left),
   * centred on what the series' rhythm `expected` where that is given; returns its centre.
   */
  private bandAround(value: number, departed: number, expected = Number.NaN): number {
    const values = Array.from(this.oldestRecent(departed, this.scratch)).sort((a, b) => a - b);
    const recentCentre = median(values);
    const spread = MAD_TO_SIGMA * median(values.map((v) => Math.abs(v - recentCentre)).sort((a, b) => a - b));
    const centre = Number.isFinite(expected) ? expected : recentCentre;
    const deviation = value - centre;
    this.centre = centre;
    this.side = deviation >= 0 ? 1 : -1;
    this.edge = Math.max(Math.abs(deviation) / 2, 3 * spread);
    return centre;
  }

  /** The recent values but the newest `departed` (at least MIN_RECENT, or all there are), oldest first, copied into `into`. */
  private oldestRecent(departed: number, into: Float64Array): Float64Array {
    const kept = Math.max(Math.min(this.recentCount, MIN_RECENT), this.recentCount - departed);
    // The ring's newest value is just before `recentNext`.
    const first = this.recentNext - this.recentCount + 2 * RECENT;
    for (let i = 0; i < kept; i++) into[i] = this.recent[(first + i) % RECENT] as number;
    return into.subarray(0, kept);
  }

  private remember(value: number): void {
    if (!Number.isFinite(value)) return;
    this.recent[this.recentNext] = value;
    this.recentNext = (this.recentNext + 1) % RECENT;
    this.recentCount = Math.min(this.recentCount + 1, RECENT);
  }
}

/**
 * The median of `values` (rearranged: Hoare's selection of the middle element, then the largest
 * below it for an even count): the same number as `median` of the sorted values, in linear time.
 */
function selectMedian(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (mid <= j) hi = j;
    else if (mid >= i) lo = i;
    else break;
  }
  const upper = values[mid] as number;
  if (n % 2 === 1) return upper;
  let lower = values[0] as number;
  for (let k = 1; k < mid; k++) if ((values[k] as number) > lower) lower = values[k] as number;
  return (lower + upper) / 2;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

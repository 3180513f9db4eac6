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
 */
const RECENT = 32;
/** An episode ends by itself after this many samples (the detector's alarm hold). */
export const EPISODE_MAX_SAMPLES = 100;
/** The alarm level as a score (surprisal at the alarm maps to exactly this). */
export const ALARM_SCORE = ANOMALY_ALARM_SCORE;
const MAD_TO_SIGMA = 1.4826;

export interface EpisodeStart {
  /** The sample that raised the alarm. */
  value: number;
  /** The series' median just before it. */
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

  get active(): boolean {
    return this.left > 0;
  }

  /**
   * The score to report for a sample the detector judged as `value` and scored `raw` (null while
   * it learns). Returns the reported score and, when this sample starts an episode, its start.
   */
  apply(value: number, raw: number | null): { score: number | null; started?: EpisodeStart } {
    let reported = raw;
    let started: EpisodeStart | undefined;
    if (this.left > 0) {
      const inside = this.side * (value - this.centre) <= this.edge;
      this.left--;
      if (inside) this.left = 0;
      else reported = Math.max(raw ?? 0, this.score);
    }
    if (this.left === 0 && raw !== null && raw >= ALARM_SCORE && this.recentCount >= 8) {
      started = this.begin(value, raw);
    } else if (this.left > 0 && raw !== null && raw > this.score) {
      this.score = raw;
    }
    this.remember(value);
    return started === undefined ? { score: reported } : { score: reported, started };
  }

  /**
   * The median of the last samples: what the series typically is right now (NaN before any).
   * Asked for most samples that score above 0.5 (the materiality test), so it selects rather than sorts.
   */
  typical(): number {
    const values = this.scratch.subarray(0, this.recentCount);
    values.set(this.recent.subarray(0, this.recentCount));
    return selectMedian(values);
  }

  /** Ends an episode at once (the series was deselected, or its samples stopped). */
  end(): void {
    this.left = 0;
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
  }

  read(input: StateReader): void {
    this.recentCount = input.uint32();
    this.recentNext = input.uint32();
    for (let i = 0; i < RECENT; i++) this.recent[i] = input.float64();
    this.score = input.float64();
    this.centre = input.float64();
    this.edge = input.float64();
    this.side = input.float64();
    this.left = input.uint32();
  }

  private begin(value: number, raw: number): EpisodeStart {
    const values = Array.from(this.recent.subarray(0, this.recentCount)).sort((a, b) => a - b);
    const centre = median(values);
    const spread = MAD_TO_SIGMA * median(values.map((v) => Math.abs(v - centre)).sort((a, b) => a - b));
    const deviation = value - centre;
    this.score = raw;
    this.centre = centre;
    this.side = deviation >= 0 ? 1 : -1;
    this.edge = Math.max(Math.abs(deviation) / 2, 3 * spread);
    this.left = EPISODE_MAX_SAMPLES;
    return { value, typical: centre };
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

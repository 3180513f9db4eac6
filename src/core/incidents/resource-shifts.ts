import { materialChange } from '../analysis/anomaly/material-change';
import { selectorOf } from '../analysis/series-selection';
import type { SeriesStore } from '../store/series-store';
import { MIN_BASELINE_SAMPLES, robustScale, type Samples } from './rca/robust-deviation';
import { seriesRole } from './rca/series-role';

/**
 * A service's own resources (CPU, memory, threads, descriptors) that rose from their recent level
 * and stayed up: a symptom of its own, even when no rule fires (a CPU hog on a busy machine gets
 * less of a core than a HighCpu threshold asks for) and before the anomaly detector has learned
 * the series (it scores nothing for its first hundred samples, minutes of a fresh service).
 *
 * Judged as the ranking judges, BARO's way: median and spread (IQR) of the samples before, every
 * sample since the rise far above them (HOLD_SPREADS spreads, and a material change in the
 * metric's unit). A rise counts once it has held `holdMs`; it lasts until a sample comes back
 * below the band. Only rises: resources falling are what less traffic reaching a service looks like.
 */
export interface ResourceShift {
  service: string;
  /** The series' selector (as anomalies name theirs). */
  selector: string;
  /** The first sample of the rise. */
  startedAt: number;
  /** What the series usually was, and its last value. */
  typical: number;
  value: number;
}

/** Far beyond the ranking's gate (3 spreads): this opens an incident by itself. */
export const HOLD_SPREADS = 6;
/** The level before a rise: up to this long before it. */
const BASELINE_MS = 5 * 60_000;
/** The newest sample of a series in a rise is looked for this far back. */
const RECENT_MS = 10_000;
/** Fewer samples than this since the rise say nothing about it holding. */
const MIN_HELD_SAMPLES = 3;

interface Episode extends ResourceShift {
  seriesId: number;
  spread: number;
}

export class ResourceShiftWatch {
  private readonly episodes = new Map<number, Episode>();
  private checkedAt = Number.NEGATIVE_INFINITY;
  private held: ResourceShift[] = [];

  constructor(
    private readonly store: SeriesStore,
    private readonly holdMs: number,
    /** Samples come every few seconds: looking more often finds nothing new. */
    private readonly everyMs = 2_000,
  ) {}

  /** The rises of the services' own resources that have held `holdMs` and still hold at `now`. */
  check(services: readonly string[], now: number): readonly ResourceShift[] {
    if (now - this.checkedAt < this.everyMs) return this.held;
    this.checkedAt = now;
    const seen = new Set<number>();
    for (const service of services) {
      for (const info of this.store.index.select(null, [{ name: 'service', type: '=', value: service }])) {
        if (seriesRole(info.name) !== 'resource') continue;
        seen.add(info.id);
        const episode = this.episodes.get(info.id);
        if (episode !== undefined) {
          // Ends with the first sample back below the band (none lately: the series stopped, so did the rise).
          const last = this.store.reader.readRaw(info.id, now - RECENT_MS, now).values.at(-1);
          if (last === undefined || !this.raised(info.name, last, episode.typical, episode.spread)) this.episodes.delete(info.id);
          else episode.value = last;
          continue;
        }
        const samples = this.store.reader.readRaw(info.id, now - this.holdMs - BASELINE_MS, now);
        const found = this.riseIn(info.name, samples, now);
        if (found !== null)
          this.episodes.set(info.id, {
            seriesId: info.id,
            service,
            selector: selectorOf(info.name, info.labels),
            value: samples.values.at(-1) as number,
            ...found,
          });
      }
    }
    for (const id of this.episodes.keys()) if (!seen.has(id)) this.episodes.delete(id);
    this.held = [...this.episodes.values()].map(({ service, selector, startedAt, typical, value }) => ({ service, selector, startedAt, typical, value }));
    return this.held;
  }

  /**
   * The rise that ends at the newest sample and began at least `holdMs` ago, if any. The baseline
   * is what came before it: first everything older than `holdMs`, then, once the rise is found to
   * reach further back, only what came before the rise (its first samples must not widen it).
   */
  private riseIn(metric: string, samples: Samples, now: number): Pick<Episode, 'startedAt' | 'typical' | 'spread'> | null {
    const heldBy = now - this.holdMs;
    let baselineEnd = samples.ts.findIndex((ts) => ts > heldBy);
    if (baselineEnd < 0) return null;
    for (let pass = 0; pass < 2; pass++) {
      const baseline = samples.values.slice(0, baselineEnd);
      if (baseline.length < MIN_BASELINE_SAMPLES) return null;
      const { median: typical, spread } = robustScale(baseline);
      let start = samples.values.length;
      while (start > 0 && this.raised(metric, samples.values[start - 1] as number, typical, spread)) start--;
      const startedAt = samples.ts[start];
      if (startedAt === undefined || samples.values.length - start < MIN_HELD_SAMPLES || startedAt > heldBy) return null;
      if (pass === 1) return { startedAt, typical, spread };
      baselineEnd = start;
    }
    return null;
  }

  private raised(metric: string, value: number, typical: number, spread: number): boolean {
    return value > typical && (value - typical) / spread > HOLD_SPREADS && materialChange(metric)(value, typical);
  }
}

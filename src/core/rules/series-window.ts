import type { SampleRun } from '../store/head';
import type { LabelMatcher } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import { latestIn, lowerBound, sliceRun, type SelectedSeries, type SeriesSource } from './promql/series-source';
import { METRIC_NAME } from './promql/values';

/** The head holds at least the last minute of writes; an incremental read never reaches further back. */
const INCREMENTAL_LIMIT_MS = 45_000;
/** Re-read this much before the last read: samples flushed late (the tick after their time) are picked up. */
const LATE_MARGIN_MS = 5_000;
/** Now and then a series is read in full, which also heals anything written later than the margin. */
const FULL_READ_EVERY_MS = 5 * 60_000;
/** A series no rule has read for this long is dropped from memory. */
const IDLE_EVICT_MS = 10 * 60_000;

interface Window {
  ts: number[];
  values: number[];
  from: number;
  readUntil: number;
  fullReadAt: number;
  usedAt: number;
  round: number;
}

/**
 * The series the rules read, kept in memory across evaluation rounds: each round reads only
 * the newest samples of a series from the store's head (memory), not its whole window from
 * SQLite. This is what lets a thousand rules over ten thousand series evaluate in milliseconds.
 */
export class SeriesWindowCache implements SeriesSource {
  private readonly windows = new Map<number, Window>();
  private readonly selections = new Map<string, SelectedSeries[]>();
  private selectionsFor = -1;
  private round = 0;
  private at = 0;
  private from = 0;

  constructor(private readonly store: SeriesStore) {}

  /** Starts a round at `at`, reading back as far as `lookbehindMs`. */
  beginRound(at: number, lookbehindMs: number): void {
    this.round += 1;
    this.at = at;
    this.from = at - lookbehindMs;
    // New series may match existing selectors: forget the selections when the index grew.
    if (this.selectionsFor !== this.store.index.size) {
      this.selections.clear();
      this.selectionsFor = this.store.index.size;
    }
  }

  /** Drops series not read for a while; call now and then. */
  evictIdle(now: number): void {
    for (const [id, window] of this.windows) if (now - window.usedAt > IDLE_EVICT_MS) this.windows.delete(id);
  }

  get size(): number {
    return this.windows.size;
  }

  select(name: string | null, matchers: readonly LabelMatcher[]): SelectedSeries[] {
    const key = `${name ?? ''}\u0000${matchers.map((matcher) => `${matcher.name}${matcher.type}${matcher.value}`).join('\u0001')}`;
    let selected = this.selections.get(key);
    if (selected === undefined) {
      selected = this.store.index.select(name, matchers).map((series) => ({ id: series.id, labels: { ...series.labels, [METRIC_NAME]: series.name } }));
      this.selections.set(key, selected);
    }
    return selected;
  }

  range(seriesId: number, start: number, end: number): SampleRun {
    return sliceRun(this.window(seriesId), start, end);
  }

  latest(seriesId: number, start: number, end: number): number | undefined {
    return latestIn(this.window(seriesId), start, end);
  }

  private window(seriesId: number): SampleRun {
    let window = this.windows.get(seriesId);
    if (window !== undefined && window.round === this.round) return window;
    const { at, from } = this;
    const full =
      window === undefined || from < window.from || at < window.readUntil || at - window.readUntil > INCREMENTAL_LIMIT_MS || at - window.fullReadAt > FULL_READ_EVERY_MS;
    if (full) {
      const run = this.store.reader.readRaw(seriesId, from, at);
      window = { ts: run.ts, values: run.values, from, readUntil: at, fullReadAt: at, usedAt: at, round: this.round };
      this.windows.set(seriesId, window);
      return window;
    }
    const current = window as Window;
    const since = current.readUntil - LATE_MARGIN_MS;
    const fresh = this.store.head.read(seriesId, since, at);
    const keepFrom = lowerBound(current.ts, from);
    const keepTo = lowerBound(current.ts, since);
    current.ts = current.ts.slice(keepFrom, keepTo).concat(fresh.ts);
    current.values = current.values.slice(keepFrom, keepTo).concat(fresh.values);
    current.from = from;
    current.readUntil = at;
    current.usedAt = at;
    current.round = this.round;
    return current;
  }
}

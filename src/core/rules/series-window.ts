import { sortedRun, type SampleRun } from '../store/head';
import type { LabelMatcher } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import { latestIn, lowerBound, selectSeries, sliceRun, type SelectedSeries, type SeriesSource } from '../promql/series-source';

/**
 * Samples written since the last read are taken from the head by row, whatever their time (a
 * check stamped when it started is written when it ends). The head keeps every row written in
 * the last minute; a read older than this is done in full instead.
 */
const INCREMENTAL_LIMIT_MS = 45_000;
/** Now and then a series is read in full anyway: a safety net that costs one read per half hour. */
const FULL_READ_EVERY_MS = 30 * 60_000;
/** Full reads of series first read together are spread over ten minutes, not done all in one round. */
const spreadOf = (seriesId: number): number => ((seriesId * 7_919) % 600) * 1_000;
/** A series no rule has read for this long is dropped from memory. */
const IDLE_EVICT_MS = 10 * 60_000;

interface Window {
  ts: number[];
  values: number[];
  /** The earliest time the window covers. */
  from: number;
  /** The newest head row already in the window. */
  lastRowid: number;
  readAt: number;
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
  /** Changes whenever selections may have changed: who reads which series must be looked at again. */
  selectionEpoch = 0;
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
      this.selectionEpoch += 1;
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
    return selectSeries(this.store.index, this.selections, name, matchers);
  }

  range(seriesId: number, start: number, end: number): SampleRun {
    return sliceRun(this.window(seriesId), start, end);
  }

  latest(seriesId: number, start: number, end: number): number | undefined {
    return latestIn(this.window(seriesId), start, end);
  }

  private window(seriesId: number): SampleRun {
    const window = this.windows.get(seriesId);
    if (window !== undefined && window.round === this.round) return window;
    const { at, from } = this;
    if (
      window === undefined ||
      from < window.from ||
      at < window.readAt ||
      at - window.readAt > INCREMENTAL_LIMIT_MS ||
      at - window.fullReadAt > FULL_READ_EVERY_MS + spreadOf(seriesId)
    ) {
      // Everything the head holds for the series now is in this read; later rows are new.
      const lastRowid = this.store.head.readSince(seriesId, 0).lastRowid;
      const run = this.store.reader.readRaw(seriesId, from, Number.MAX_SAFE_INTEGER);
      const fresh: Window = { ts: run.ts, values: run.values, from, lastRowid, readAt: at, fullReadAt: at, usedAt: at, round: this.round };
      this.windows.set(seriesId, fresh);
      return fresh;
    }
    const added = this.store.head.readSince(seriesId, window.lastRowid);
    if (added.ts.length > 0) {
      let inOrder = window.ts.length === 0 || (added.ts[0] as number) >= (window.ts.at(-1) as number);
      for (let i = 1; i < added.ts.length && inOrder; i++) inOrder = (added.ts[i] as number) >= (added.ts[i - 1] as number);
      if (inOrder) {
        for (let i = 0; i < added.ts.length; i++) {
          window.ts.push(added.ts[i] as number);
          window.values.push(added.values[i] as number);
        }
      } else {
        const merged = sortedRun(window.ts.concat(added.ts), window.values.concat(added.values));
        window.ts = merged.ts;
        window.values = merged.values;
      }
      window.lastRowid = added.lastRowid;
    }
    const stale = lowerBound(window.ts, from);
    if (stale > 0) {
      window.ts.splice(0, stale);
      window.values.splice(0, stale);
    }
    window.from = from;
    window.readAt = at;
    window.usedAt = at;
    window.round = this.round;
    return window;
  }
}

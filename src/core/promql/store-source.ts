import type { LabelMatcher } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import type { Tier } from '../store/tiers';
import { readRollupRun } from './rollup-run';
import { latestIn, selectSeries, sliceRun, type RollupRun, type SelectedSeries, type SeriesSource } from './series-source';

/**
 * Reads the store for one query: each series is read once over the whole span the query
 * needs ([start, end]), raw or from a rollup tier, then served from memory to every step and
 * selector.
 */
export class StoreSource implements SeriesSource {
  private readonly runs = new Map<number, RollupRun>();
  private readonly selections = new Map<string, SelectedSeries[]>();

  constructor(
    private readonly store: SeriesStore,
    private readonly start: number,
    private readonly end: number,
    private readonly tier: Tier = 'raw',
  ) {}

  select(name: string | null, matchers: readonly LabelMatcher[]): SelectedSeries[] {
    return selectSeries(this.store.index, this.selections, name, matchers);
  }

  range(seriesId: number, start: number, end: number): RollupRun {
    return sliceRun(this.run(seriesId), start, end);
  }

  latest(seriesId: number, start: number, end: number): number | undefined {
    return latestIn(this.run(seriesId), start, end);
  }

  private run(seriesId: number): RollupRun {
    let run = this.runs.get(seriesId);
    if (run === undefined) {
      run =
        this.tier === 'raw' ? this.store.reader.readRaw(seriesId, this.start, this.end) : readRollupRun(this.store, this.tier, seriesId, this.start, this.end);
      this.runs.set(seriesId, run);
    }
    return run;
  }
}

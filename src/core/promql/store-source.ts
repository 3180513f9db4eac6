import type { SampleRun } from '../store/head';
import type { LabelMatcher } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import { latestIn, selectSeries, sliceRun, type SelectedSeries, type SeriesSource } from './series-source';

/**
 * Reads the store for one query: each series is read once over the whole span the query
 * needs ([start, end]), then served from memory to every step and selector.
 */
export class StoreSource implements SeriesSource {
  private readonly runs = new Map<number, SampleRun>();
  private readonly selections = new Map<string, SelectedSeries[]>();

  constructor(
    private readonly store: SeriesStore,
    private readonly start: number,
    private readonly end: number,
  ) {}

  select(name: string | null, matchers: readonly LabelMatcher[]): SelectedSeries[] {
    return selectSeries(this.store.index, this.selections, name, matchers);
  }

  range(seriesId: number, start: number, end: number): SampleRun {
    return sliceRun(this.run(seriesId), start, end);
  }

  latest(seriesId: number, start: number, end: number): number | undefined {
    return latestIn(this.run(seriesId), start, end);
  }

  private run(seriesId: number): SampleRun {
    let run = this.runs.get(seriesId);
    if (run === undefined) {
      run = this.store.reader.readRaw(seriesId, this.start, this.end);
      this.runs.set(seriesId, run);
    }
    return run;
  }
}

import type { SampleRun } from '../../store/head';
import type { LabelMatcher } from '../../store/labels';
import type { SeriesStore } from '../../store/series-store';
import { latestIn, sliceRun, type SelectedSeries, type SeriesSource } from './series-source';
import { METRIC_NAME } from './values';

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
    const key = JSON.stringify([name, matchers]);
    let selected = this.selections.get(key);
    if (selected === undefined) {
      selected = this.store.index.select(name, matchers).map((series) => ({ id: series.id, labels: { ...series.labels, [METRIC_NAME]: series.name } }));
      this.selections.set(key, selected);
    }
    return selected;
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

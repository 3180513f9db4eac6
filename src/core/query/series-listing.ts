import type { SeriesListing } from '../../shared/types/monitoring';
import type { SeriesStore } from '../store/series-store';
import { parseSelector } from '../promql/selector';

/** Metric names, series and label values for pickers; without a selector, every name. */
export function listSeries(store: SeriesStore, match: string | undefined, limit: number): SeriesListing {
  const selector = match === undefined ? null : parseSelector(match);
  const matched = selector === null ? null : store.index.select(selector.name, selector.matchers);
  const names = matched === null ? store.index.names() : [...new Set(matched.map((series) => series.name))].sort();
  const labelValues: Record<string, Set<string>> = {};
  const series: Record<string, string>[] = [];
  for (const info of matched ?? []) {
    for (const [label, value] of Object.entries(info.labels)) (labelValues[label] ??= new Set()).add(value);
    if (series.length < limit) series.push({ __name__: info.name, ...info.labels });
  }
  return {
    names,
    series,
    labelValues: Object.fromEntries(Object.entries(labelValues).map(([label, values]) => [label, [...values].sort()])),
    truncated: (matched?.length ?? 0) > series.length,
  };
}

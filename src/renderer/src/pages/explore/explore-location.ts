import { rangeFromSearch, relativeRanges, type RelativeRangeKey, type TimeRange } from '../../format/time-range';

export interface ExploreState {
  query: string;
  range: TimeRange;
}

const DEFAULT_RANGE: TimeRange = { kind: 'relative', key: '1h' };

/** What a link to Explore asks for: `?q=<query>&range=6h`, or `&from=<ms>&to=<ms>` for a fixed range. */
export function exploreStateOf(search: string): ExploreState {
  const params = new URLSearchParams(search);
  const key = params.get('range');
  const range = key !== null && Object.hasOwn(relativeRanges, key) ? { kind: 'relative' as const, key: key as RelativeRangeKey } : rangeFromSearch(search);
  return { query: params.get('q') ?? '', range: range ?? DEFAULT_RANGE };
}

/** The link that reopens Explore on a query and range. */
export function explorePath(state: ExploreState): string {
  const params = new URLSearchParams();
  if (state.query !== '') params.set('q', state.query);
  if (state.range.kind === 'relative') params.set('range', state.range.key);
  else {
    params.set('from', String(Math.round(state.range.start)));
    params.set('to', String(Math.round(state.range.end)));
  }
  return `/explore?${params.toString()}`;
}

import { rangeFromSearch, relativeRanges, type RelativeRangeKey, type TimeRange } from '../../format/time-range';

export interface ExploreState {
  query: string;
  range: TimeRange;
  /** Live: the range follows now and the query runs again (`&live=1`), so a shared link keeps it. */
  live?: boolean;
}

const DEFAULT_RANGE: TimeRange = { kind: 'relative', key: '1h' };

/** What a link to Explore asks for: `?q=<query>&range=6h`, or `&from=<ms>&to=<ms>` for a fixed range; `&live=1` follows now. */
export function exploreStateOf(search: string): Required<ExploreState> {
  const params = new URLSearchParams(search);
  const key = params.get('range');
  const range = key !== null && Object.hasOwn(relativeRanges, key) ? { kind: 'relative' as const, key: key as RelativeRangeKey } : rangeFromSearch(search);
  const live = params.get('live');
  return { query: params.get('q') ?? '', range: range ?? DEFAULT_RANGE, live: live === '1' || live === 'true' };
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
  if (state.live === true) params.set('live', '1');
  return `/explore?${params.toString()}`;
}

/** What a run depends on in a link: all but `live` (switching Live on or off does not run the query again by itself). */
export function exploreRunKey(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('live');
  return params.toString();
}

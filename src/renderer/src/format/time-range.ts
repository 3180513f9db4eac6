import { formatAbsoluteTime } from './time';

/** The ranges a page offers (UI.md): relative ones follow "now"; absolute ones are fixed (custom, zoom). */
export const relativeRanges = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;

export type RelativeRangeKey = keyof typeof relativeRanges;

export type TimeRange = { kind: 'relative'; key: RelativeRangeKey } | { kind: 'absolute'; start: number; end: number };

export interface ResolvedRange {
  start: number;
  end: number;
  /** Ends at "now": new checks are appended as they arrive. */
  live: boolean;
}

export function resolveRange(range: TimeRange, now: number): ResolvedRange {
  if (range.kind === 'relative') return { start: now - relativeRanges[range.key], end: now, live: true };
  return { start: range.start, end: range.end, live: false };
}

/** The fixed range a link asks for (`?from=<ms>&to=<ms>`, as Insights links to a moment); null when it asks for none. */
export function rangeFromSearch(search: string): TimeRange | null {
  const params = new URLSearchParams(search);
  const start = Number(params.get('from') ?? Number.NaN);
  const end = Number(params.get('to') ?? Number.NaN);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) return null;
  return { kind: 'absolute', start, end };
}

export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') return `last ${range.key}`;
  return `${formatAbsoluteTime(range.start)} – ${formatAbsoluteTime(range.end)}`;
}

/** "2026-11-22T14:03" for <input type="datetime-local">, in local time. */
export function toLocalInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

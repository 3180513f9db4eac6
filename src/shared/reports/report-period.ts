import { parseDuration } from '../duration';
import { ZervigoError } from '../errors';

export interface ReportPeriod {
  start: number;
  end: number;
  label: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

/**
 * The period of a report: `since` a duration ago ("7d", "24h") up to now, or a calendar `month`
 * ("2026-11") in the caller's UTC offset (a month still running ends now).
 */
export function resolvePeriod(input: { since?: string; month?: string }, now: number, utcOffsetMinutes: number): ReportPeriod {
  if (input.month !== undefined) {
    const match = /^(\d{4})-(\d{2})$/.exec(input.month);
    const year = Number(match?.[1]);
    const month = Number(match?.[2]);
    if (match === null || month < 1 || month > 12) throw new ZervigoError('invalid_input', `"${input.month}" is not a month; write it as 2026-11`);
    const offset = utcOffsetMinutes * 60_000;
    const start = Date.UTC(year, month - 1, 1) - offset;
    const end = Date.UTC(year, month, 1) - offset;
    if (start > now) throw new ZervigoError('invalid_input', `${input.month} has not begun yet`);
    return { start, end: Math.min(end, now), label: `${MONTHS[month - 1] as string} ${year}${end > now ? ' (so far)' : ''}` };
  }
  const since = input.since ?? '7d';
  const ms = parseDuration(since);
  if (ms === null || ms <= 0) throw new ZervigoError('invalid_input', `"${since}" is not a duration; write e.g. 7d, 24h or 30d`);
  if (ms > 400 * DAY_MS) throw new ZervigoError('invalid_input', `${since} is longer than the 400 days the hourly rollups keep`);
  return { start: now - ms, end: now, label: `last ${describeSpan(ms)}` };
}

function describeSpan(ms: number): string {
  const units: [number, string][] = [
    [DAY_MS, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, word] of units) {
    if (ms % size === 0) return ms === size ? word : `${ms / size} ${word}s`;
  }
  return `${Math.round(ms / 60_000)} minutes`;
}

import { parseDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';

/** A time from the API or CLI: ms since epoch, an ISO 8601 text, or a duration ago ("15m"). */
export function resolveTime(value: number | string | undefined, now: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const ago = parseDuration(value);
  if (ago !== null) return now - ago;
  const parsed = Date.parse(value);
  if (!Number.isNaN(parsed)) return parsed;
  throw new ZervigoError(
    'invalid_input',
    `${what} "${value}" is not a time; write ms since epoch, an ISO time like 2026-11-22T14:00:00Z, or a duration ago like 15m`,
  );
}

export function resolveDuration(value: string, what: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new ZervigoError('invalid_input', `${what} "${value}" is not a duration; write e.g. 15m, 1h, 7d`);
  return ms;
}

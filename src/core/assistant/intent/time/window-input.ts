import { formatDuration } from '../../../../shared/duration';
import type { Clause } from '../clause';
import { formatLocalIso, type LocalClock } from './local-time';
import type { TimeWindow } from './time-window';

/** The time range a clause asks about: a named time first, else a length ("last 2h", bare "2h"). */
export function clauseWindow(clause: Clause, acceptFor: boolean): TimeWindow | null {
  const time = clause.times()[0];
  if (time !== undefined) return time.window;
  const duration = clause.durations().find((found) => acceptFor || found.prefix !== 'for');
  return duration === undefined ? null : { kind: 'last', ms: duration.ms };
}

/** For logs.search and explanations: `range: "1h"` for "the last hour", else ISO start/end. */
export function rangeInput(window: TimeWindow | null, clock: LocalClock): { range?: string; start?: string; end?: string } {
  if (window === null) return {};
  if (window.kind === 'last') return { range: formatDuration(window.ms) };
  return spanInput(window, clock);
}

/** For metrics.query, which takes times only: "the last 6h" starts 6 h before now. */
export function spanInput(window: TimeWindow | null, clock: LocalClock): { start?: string; end?: string } {
  if (window === null) return {};
  if (window.kind === 'last') return { start: formatLocalIso(clock.now - window.ms, clock.utcOffsetMinutes) };
  return {
    ...(window.start === undefined ? {} : { start: formatLocalIso(window.start, clock.utcOffsetMinutes) }),
    ...(window.end === undefined ? {} : { end: formatLocalIso(window.end, clock.utcOffsetMinutes) }),
  };
}

import type { LayerRestriction } from '../config/schema';
import { addDays, compareDates, instantOf, wallClockOf, type LocalDate } from '../../shared/zoned-time';

/** A stretch of time a restricted layer is active: [start, end). */
export interface ActiveWindow {
  start: number;
  end: number;
}

const MINUTES_PER_DAY = 1440;

/** 0 = Monday … 6 = Sunday, as restrictions count. */
function weekdayOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

/** The instant a minute of a local day names in the zone (1440 and beyond run into the next days). */
function instantAt(date: LocalDate, minute: number, zone: string): number {
  const day = addDays(date, Math.floor(minute / MINUTES_PER_DAY));
  const rest = minute % MINUTES_PER_DAY;
  return instantOf({ ...day, hour: Math.floor(rest / 60), minute: rest % 60 }, zone);
}

/**
 * The windows that start on a local date: wall-clock times in the zone, so "09:00-17:00" is eight
 * hours on any day, and "22:00-06:00" is seven on the night the clocks spring forward and nine on
 * the night they fall back. A start inside the skipped hour moves forward by the gap (as hand-offs do).
 */
function windowsStartingOn(restrictions: readonly LayerRestriction[], zone: string, date: LocalDate): ActiveWindow[] {
  const weekday = weekdayOf(date);
  const windows: ActiveWindow[] = [];
  for (const restriction of restrictions) {
    if (!restriction.weekdays.includes(weekday)) continue;
    const to = restriction.to > restriction.from ? restriction.to : restriction.to + MINUTES_PER_DAY;
    const window = { start: instantAt(date, restriction.from, zone), end: instantAt(date, to, zone) };
    if (window.end > window.start) windows.push(window);
  }
  return windows;
}

/**
 * The active window holding `at` (overlapping ones joined), or null when the layer is off then.
 * A window is at most a day long, so it starts on the local date of `at` or the one before.
 */
export function activeWindowAt(restrictions: readonly LayerRestriction[], zone: string, at: number): ActiveWindow | null {
  const today = wallClockOf(at, zone);
  const holding = [addDays(today, -1), today]
    .flatMap((date) => windowsStartingOn(restrictions, zone, date))
    .filter((window) => window.start <= at && at < window.end);
  if (holding.length === 0) return null;
  return { start: Math.min(...holding.map((window) => window.start)), end: Math.max(...holding.map((window) => window.end)) };
}

/** Every instant in (from, to) a restricted layer turns on or off: where who is on call may change. */
export function restrictionEdges(restrictions: readonly LayerRestriction[], zone: string, from: number, to: number): number[] {
  const edges: number[] = [];
  const first = addDays(wallClockOf(from, zone), -1);
  const last = wallClockOf(to, zone);
  for (let date = first; compareDates(date, last) <= 0; date = addDays(date, 1))
    for (const window of windowsStartingOn(restrictions, zone, date))
      for (const edge of [window.start, window.end]) if (edge > from && edge < to) edges.push(edge);
  return edges;
}

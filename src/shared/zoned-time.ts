/**
 * Wall-clock time in an IANA time zone, through the platform's Intl (its tz database: no
 * library, and the same rules the browser shows). Converting a local time to an instant follows
 * Temporal's "compatible" rule: a time that does not exist (skipped by a spring-forward change)
 * moves forward by the gap; a time that exists twice (autumn) is the earlier one.
 */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the platform knows the zone (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zones the platform lists, for did-you-mean hints. */
export function knownTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? [...Intl.supportedValuesOf('timeZone'), 'UTC'] : ['UTC'];
}

/** The wall clock in `zone` at an instant (seconds included). */
export function wallClockOf(at: number, zone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
export function offsetAt(at: number, zone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  const local = wallClockOf(whole, zone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - whole;
}

const HOUR_MS = 3_600_000;

/** The instant a wall-clock time in `zone` names (gaps move forward, repeated times take the earlier). */
export function instantOf(local: LocalDateTime, zone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offsets in force around that time: one, or the two either side of a change.
  const before = offsetAt(asUtc - 12 * HOUR_MS, zone);
  const after = offsetAt(asUtc + 12 * HOUR_MS, zone);
  const valid = [asUtc - before, asUtc - after].filter((candidate) => asUtc - offsetAt(candidate, zone) === candidate);
  if (valid.length > 0) return Math.min(...valid);
  return asUtc - before;
}

/** A local date `days` later (or earlier), across month and year ends. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Negative, zero or positive as `a` is before, on or after `b` (calendar dates). */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole days from `from` to `to` (calendar days, whatever the zone's changes). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/** "2026-11-02" → a date, or null when it is not a real calendar date. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = LOCAL_DATE.exec(text);
  if (match === null) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return realDate(date) ? date : null;
}

/** "2026-12-24 18:00" or "2026-12-24T18:00" → a wall-clock time, or null. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const match = LOCAL_DATE_TIME.exec(text);
  if (match === null) return null;
  const value = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: Number(match[4]), minute: Number(match[5]) };
  return realDate(value) && value.hour < 24 && value.minute < 60 ? value : null;
}

function realDate(date: LocalDate): boolean {
  const check = addDays(date, 0);
  return check.year === date.year && check.month === date.month && check.day === date.day;
}

/** Days and hours in the operator's time zone, given as an offset from UTC in minutes. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface LocalClock {
  now: number;
  utcOffsetMinutes: number;
}

/** Midnight (local) of the day `ms` falls in. */
export function startOfLocalDay(ms: number, utcOffsetMinutes: number): number {
  const offset = utcOffsetMinutes * 60_000;
  return Math.floor((ms + offset) / DAY_MS) * DAY_MS - offset;
}

/** Local weekday of `ms`: 0 = Sunday. */
export function localWeekday(ms: number, utcOffsetMinutes: number): number {
  return new Date(ms + utcOffsetMinutes * 60_000).getUTCDay();
}

/** "2026-11-22T03:00:00+08:00": whole seconds, in the operator's offset, readable in a plan. */
export function formatLocalIso(ms: number, utcOffsetMinutes: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(utcOffsetMinutes);
  return `${shifted}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The engine's own offset at `now` (the CLI and the palette may pass the operator's). */
export function systemUtcOffsetMinutes(now: number): number {
  return -new Date(now).getTimezoneOffset();
}

/**
 * Times as operators read them: relative ("3 min ago") in the page, absolute
 * ("2026-11-22 14:03:12", local time) on hover.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatRelativeTime(at: number, now: number): string {
  const delta = now - at;
  const distance = Math.abs(delta);
  // A moment ago is "just now"; a moment ahead ("starts again in 4 s") is counted down to the second.
  if (delta >= 0 && distance < 5 * SECOND) return 'just now';
  let amount: string;
  // Seconds ahead round up, so a countdown never shows "in 0 s" before it is due.
  if (distance < MINUTE) amount = `${delta >= 0 ? Math.floor(distance / SECOND) : Math.max(1, Math.ceil(distance / SECOND))} s`;
  else if (distance < HOUR) amount = `${Math.floor(distance / MINUTE)} min`;
  else if (distance < DAY) amount = `${Math.floor(distance / HOUR)} h`;
  else amount = `${Math.floor(distance / DAY)} d`;
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Labels for a time axis spanning `spanMs`: 14:05 within a day, "11-22 14:00" within a month,
 * "2026-11-22" beyond. Always 24-hour local time, like the absolute times on hover.
 */
export function formatTimeTick(at: number, spanMs: number): string {
  const date = new Date(at);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (spanMs <= 10 * MINUTE) return `${time}:${pad(date.getSeconds())}`;
  if (spanMs <= DAY) return time;
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  if (spanMs <= 10 * DAY) return `${day} ${time}`;
  return `${date.getFullYear()}-${day}`;
}

/** Local time, sortable and unambiguous: 2026-11-22 14:03:12. */
export function formatAbsoluteTime(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

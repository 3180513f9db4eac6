import type { Clause } from '../clause';
import { DAY_MS, HOUR_MS, localWeekday, startOfLocalDay, type LocalClock } from './local-time';

/** The local midnight that begins the next Monday (a weekend, or the week, is over then). */
function nextMonday(clock: LocalClock): number {
  const days = (1 - localWeekday(clock.now, clock.utcOffsetMinutes) + 7) % 7 || 7;
  return startOfLocalDay(clock.now, clock.utcOffsetMinutes) + days * DAY_MS;
}

function nextMidnight(clock: LocalClock): number {
  return startOfLocalDay(clock.now, clock.utcOffsetMinutes) + DAY_MS;
}

/** "Overnight" ends when the working day starts: 08:00 local, today's if it is still to come. */
const MORNING_HOUR = 8;
function nextMorning(clock: LocalClock): number {
  const today = startOfLocalDay(clock.now, clock.utcOffsetMinutes) + MORNING_HOUR * HOUR_MS;
  return today > clock.now ? today : today + DAY_MS;
}

/** Phrases naming how long by the calendar, most specific first ("今天晚上" is overnight, not today). */
const CALENDAR_ENDS: ReadonlyArray<readonly [RegExp, (clock: LocalClock) => number]> = [
  [/\b(?:for|over|through|during|this)\s+(?:the\s+)?weekend\b|周末/, nextMonday],
  [/\brest\s+of\s+(?:the|this)\s+week\b|\bfor\s+(?:the|this)\s+week\b|\bend\s+of\s+(?:the|this)\s+week\b|这周|本周|这个星期/, nextMonday],
  [/\bovernight\b|\bfor\s+(?:the|to)night\b|\bthrough\s+the\s+night\b|今晚|今天晚上|夜里|晚上/, nextMorning],
  [/\brest\s+of\s+(?:the\s+day|today)\b|\bfor\s+today\b|\bend\s+of\s+(?:the\s+)?day\b|\beod\b|今天/, nextMidnight],
];

/**
 * "silence mailer for the weekend", "mute db for the rest of the day", "静音到…" aside (deadline.ts):
 * the end a calendar phrase names, or null. Without it such a silence lasted the default hour.
 */
export function calendarEndOf(clause: Clause, clock: LocalClock): number | null {
  const text = clause.text.toLowerCase();
  for (const [phrase, end] of CALENDAR_ENDS) if (phrase.test(text)) return end(clock);
  return null;
}

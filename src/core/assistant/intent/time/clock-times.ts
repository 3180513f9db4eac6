import { casual as englishDates, type ParsedResult } from 'chrono-node/en';
import { hans as chineseDates } from 'chrono-node/zh';
import type { Word } from '../sentence';
import { DAY_MS, HOUR_MS, localWeekday, startOfLocalDay, type LocalClock } from './local-time';
import type { TimeFinding } from './time-window';

/** Only sentences with something like a clock time or a day name go to chrono at all. */
const WORTH_A_LOOK = /\d|\b(noon|midnight|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|点|周|星期|礼拜|号/i;
/** A result must show it is a time of day, not any number ("restart api 2"). */
const CLOCK_MARK = /am\b|pm\b|:|点|时|noon|midnight|o'?clock/i;
const CJK = /[\u3400-\u9fff]/;
const SINCE_BEFORE = new Set(['since', 'after', 'from', 'starting']);
const UNTIL_BEFORE = new Set(['until', 'till', 'before']);
const SINCE_AFTER = new Set(['以来', '之后', '以后', '开始', '起']);
const UNTIL_AFTER = new Set(['之前', '以前']);
const RANGE_JOINERS = new Set(['and', 'to', 'until', 'till', '-', '到', '至']);
/** A bare point in time ("errors at 3am") is read as the half hour either side of it. */
const AROUND_MS = 30 * 60_000;

interface Instant {
  ms: number;
  /** The day was given ("yesterday 18:00", a date), so it must not be moved to yesterday. */
  dayGiven: boolean;
  from: number;
  to: number;
  end?: number;
}

/**
 * Times of day and dates, read by chrono-node (English and Chinese): "since 3am", "from 2pm to
 * 4pm", "between 10am and 11am", "yesterday 18:00", "since monday", "凌晨3点以来", "上午10点到11点".
 * Durations and named periods are read elsewhere: chrono would take "for 2h" for a date.
 */
export function findClockTimes(text: string, words: Word[], clock: LocalClock): TimeFinding[] {
  if (!WORTH_A_LOOK.test(text)) return [];
  const reference = { instant: new Date(clock.now), timezone: clock.utcOffsetMinutes };
  const results = [...englishDates.parse(text, reference), ...(CJK.test(text) ? chineseDates.casual.parse(text, reference) : [])];
  const instants: Instant[] = [];
  for (const result of results.sort((a, b) => a.index - b.index)) {
    const instant = toInstant(result, words, clock);
    if (instant === null) continue;
    if (instants.some((other) => other.from <= instant.to && instant.from <= other.to)) continue;
    instants.push(instant);
  }
  const found: TimeFinding[] = [];
  const free = (i: number): string | undefined => (words[i]?.usedBy === null ? words[i]?.token.lower : undefined);
  for (let n = 0; n < instants.length; n++) {
    const first = instants[n] as Instant;
    const second = instants[n + 1];
    let from = first.from;
    let to = first.to;
    let start: number | undefined;
    let end: number | undefined;
    // chrono keeps "from" in "from 2pm": the word may sit inside the result.
    const inside = words[from]?.token.lower;
    const before = inside !== undefined && (SINCE_BEFORE.has(inside) || UNTIL_BEFORE.has(inside)) ? inside : free(from - 1);
    const joiner = second === undefined ? undefined : words.slice(first.to + 1, second.from).map((word) => word.token.lower);
    if (first.end !== undefined) {
      start = first.ms;
      end = first.end;
    } else if (second !== undefined && joiner !== undefined && joiner.length === 1 && RANGE_JOINERS.has(joiner[0] as string)) {
      // "between 10am and 11am", "from 14:30 to 15:00"
      start = first.ms;
      end = second.ms;
      to = second.to;
      n++;
    } else if (
      (before !== undefined && SINCE_BEFORE.has(before)) ||
      text.slice(words[first.from]?.token.start ?? 0).startsWith('从') ||
      SINCE_AFTER.has(free(to + 1) ?? '')
    )
      start = first.ms;
    else if ((before !== undefined && UNTIL_BEFORE.has(before)) || UNTIL_AFTER.has(free(to + 1) ?? '')) end = first.ms;
    else {
      start = first.ms - AROUND_MS;
      end = first.ms + AROUND_MS;
    }
    if (
      before !== undefined &&
      before !== inside &&
      (SINCE_BEFORE.has(before) || UNTIL_BEFORE.has(before) || before === 'between' || before === 'at' || before === 'around')
    )
      from--;
    const after = free(to + 1);
    if (after !== undefined && (SINCE_AFTER.has(after) || UNTIL_AFTER.has(after) || after === '之间')) to++;
    // A time of day still to come today means the last one ("since 9pm" at 2pm: yesterday's).
    if (!first.dayGiven && (start ?? end ?? 0) > clock.now) {
      if (start !== undefined) start -= DAY_MS;
      if (end !== undefined) end -= DAY_MS;
    }
    if (end !== undefined && end >= clock.now) end = undefined;
    for (let k = from; k <= to; k++) if (words[k] !== undefined) (words[k] as Word).usedBy = 'time';
    found.push({ window: { kind: 'span', ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) }, from, to });
  }
  return found;
}

function toInstant(result: ParsedResult, words: Word[], clock: LocalClock): Instant | null {
  const start = result.start;
  const isClock = start.isCertain('hour') && CLOCK_MARK.test(result.text);
  const isWeekday = start.isCertain('weekday') && !start.isCertain('day');
  const isDate =
    start.isCertain('month') && start.isCertain('day') && !result.tags().has('casualReference/yesterday') && !result.tags().has('casualReference/today');
  if (result.tags().has('result/relativeDate') || (!isClock && !isWeekday && !isDate)) return null;
  const first = words.findIndex((word) => word.token.start >= result.index);
  const last = findLastIndex(words, (word) => word.token.end <= result.index + result.text.length);
  if (first < 0 || last < first || words.slice(first, last + 1).some((word) => word.usedBy !== null && word.usedBy !== 'phrase')) return null;
  let ms = start.date().getTime();
  if (isWeekday) {
    const today = startOfLocalDay(clock.now, clock.utcOffsetMinutes);
    const back = (localWeekday(clock.now, clock.utcOffsetMinutes) - (start.get('weekday') ?? 0) + 7) % 7;
    ms = today - back * DAY_MS + (start.isCertain('hour') ? (start.get('hour') ?? 0) * HOUR_MS + (start.get('minute') ?? 0) * 60_000 : 0);
  }
  const dayGiven = start.isCertain('day') || isWeekday;
  return { ms, dayGiven, from: first, to: last, ...(result.end ? { end: result.end.date().getTime() } : {}) };
}

function findLastIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i] as T)) return i;
  return -1;
}

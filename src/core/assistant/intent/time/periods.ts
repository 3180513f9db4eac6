import type { Word } from '../sentence';
import { DAY_MS, HOUR_MS, localWeekday, startOfLocalDay, type LocalClock } from './local-time';
import type { TimeFinding } from './time-window';

/** A period as [start, end] (ms), seen from now. */
type Span = (clock: LocalClock) => readonly [number, number];

/** A part of a day, as hours from that day's midnight. */
type Part = readonly [number, number];
const WHOLE: Part = [0, 24];
const MORNING: Part = [6, 12];
const AFTERNOON: Part = [12, 18];
const EVENING: Part = [18, 24];
const NIGHT: Part = [18, 30]; // into the next morning
const EARLY: Part = [0, 6];

function dayPart(daysBack: number, [fromHour, toHour]: Part): Span {
  return (clock) => {
    const day = startOfLocalDay(clock.now, clock.utcOffsetMinutes) - daysBack * DAY_MS;
    return [day + fromHour * HOUR_MS, day + toHour * HOUR_MS];
  };
}

/** Weeks begin on Monday (ISO 8601). */
function mondayOf(clock: LocalClock): number {
  const back = (localWeekday(clock.now, clock.utcOffsetMinutes) + 6) % 7;
  return startOfLocalDay(clock.now, clock.utcOffsetMinutes) - back * DAY_MS;
}

const thisWeek: Span = (clock) => [mondayOf(clock), mondayOf(clock) + 7 * DAY_MS];

const thisMonth: Span = (clock) => {
  const local = new Date(clock.now + clock.utcOffsetMinutes * 60_000);
  const first = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - clock.utcOffsetMinutes * 60_000;
  return [first, Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - clock.utcOffsetMinutes * 60_000];
};

/** "errors over the weekend": the latest Saturday and Sunday (this one, while it lasts). */
const lastWeekend: Span = (clock) => {
  const monday = mondayOf(clock);
  const saturday = monday + 5 * DAY_MS;
  const start = saturday <= clock.now ? saturday : saturday - 7 * DAY_MS;
  return [start, start + 2 * DAY_MS];
};

/** Word sequences naming a period: [words, days back, part of the day]. Longest first. */
const periods: ReadonlyArray<readonly [readonly string[], Span]> = [
  [['day', 'before', 'yesterday'], dayPart(2, WHOLE)],
  [['yesterday', 'morning'], dayPart(1, MORNING)],
  [['yesterday', 'afternoon'], dayPart(1, AFTERNOON)],
  [['yesterday', 'evening'], dayPart(1, EVENING)],
  [['yesterday', 'night'], dayPart(1, NIGHT)],
  [['last', 'night'], dayPart(1, NIGHT)],
  [['last', 'evening'], dayPart(1, EVENING)],
  [['this', 'morning'], dayPart(0, MORNING)],
  [['this', 'afternoon'], dayPart(0, AFTERNOON)],
  [['this', 'evening'], dayPart(0, EVENING)],
  [['earlier', 'today'], dayPart(0, WHOLE)],
  [['yesterday'], dayPart(1, WHOLE)],
  [['today'], dayPart(0, WHOLE)],
  [['tonight'], dayPart(0, EVENING)],
  [['overnight'], dayPart(1, NIGHT)],
  [['昨天', '早上'], dayPart(1, MORNING)],
  [['昨天', '上午'], dayPart(1, MORNING)],
  [['昨天', '下午'], dayPart(1, AFTERNOON)],
  [['昨天', '晚上'], dayPart(1, NIGHT)],
  [['昨天晚上'], dayPart(1, NIGHT)],
  [['昨天早上'], dayPart(1, MORNING)],
  [['昨天下午'], dayPart(1, AFTERNOON)],
  [['昨晚'], dayPart(1, NIGHT)],
  [['昨夜'], dayPart(1, NIGHT)],
  [['昨天'], dayPart(1, WHOLE)],
  [['昨日'], dayPart(1, WHOLE)],
  [['前天'], dayPart(2, WHOLE)],
  [['今天早上'], dayPart(0, MORNING)],
  [['今天上午'], dayPart(0, MORNING)],
  [['今天下午'], dayPart(0, AFTERNOON)],
  [['今天晚上'], dayPart(0, EVENING)],
  [['今天', '早上'], dayPart(0, MORNING)],
  [['今天', '上午'], dayPart(0, MORNING)],
  [['今天', '下午'], dayPart(0, AFTERNOON)],
  [['今天', '晚上'], dayPart(0, EVENING)],
  [['今早'], dayPart(0, MORNING)],
  [['今晨'], dayPart(0, MORNING)],
  [['今晚'], dayPart(0, EVENING)],
  [['今天'], dayPart(0, WHOLE)],
  [['今日'], dayPart(0, WHOLE)],
  [['早上'], dayPart(0, MORNING)],
  [['上午'], dayPart(0, MORNING)],
  [['下午'], dayPart(0, AFTERNOON)],
  [['晚上'], dayPart(0, EVENING)],
  [['凌晨'], dayPart(0, EARLY)],
  [['this', 'week'], thisWeek],
  [['本周'], thisWeek],
  [['这周'], thisWeek],
  [['这个', '星期'], thisWeek],
  [['这个星期'], thisWeek],
  [['this', 'month'], thisMonth],
  [['本月'], thisMonth],
  [['这个月'], thisMonth],
  [['over', 'the', 'weekend'], lastWeekend],
  [['the', 'weekend'], lastWeekend],
  [['this', 'weekend'], lastWeekend],
  [['last', 'weekend'], lastWeekend],
  [['周末'], lastWeekend],
  [['上周末'], lastWeekend],
];

/** "since yesterday" starts then; "logs from yesterday" are yesterday's. */
/** The table by first word, longest sequence first: one lookup per word of the sentence. */
const periodsByFirstWord = new Map<string, (typeof periods)[number][]>();
for (const entry of periods) {
  const list = periodsByFirstWord.get(entry[0][0] as string) ?? [];
  list.push(entry);
  list.sort((a, b) => b[0].length - a[0].length);
  periodsByFirstWord.set(entry[0][0] as string, list);
}

const SINCE_BEFORE = new Set(['since', 'after']);
const UNTIL_BEFORE = new Set(['until', 'till', 'before']);
const SINCE_AFTER = new Set(['以来', '之后', '以后', '开始', '起']);
const UNTIL_AFTER = new Set(['之前', '以前']);

/**
 * Named periods: "yesterday", "last night", "this morning", "this week", "over the weekend", "昨晚",
 * "今天下午", "本周". "since
 * yesterday" keeps only the start; an end still to come is left open (up to now).
 */
export function findPeriods(words: Word[], clock: LocalClock): TimeFinding[] {
  const found: TimeFinding[] = [];
  const lower = (i: number): string | undefined => (words[i]?.usedBy === null ? words[i]?.token.lower : undefined);
  for (let i = 0; i < words.length; i++) {
    const first = lower(i);
    const candidates = first === undefined ? undefined : periodsByFirstWord.get(first);
    if (candidates === undefined) continue;
    const match = candidates.find(([sequence]) => sequence.every((part, k) => lower(i + k) === part));
    if (match === undefined) continue;
    const [sequence, span] = match;
    const [spanStart, spanEnd] = span(clock);
    let start: number | undefined = spanStart;
    let end: number | undefined = spanEnd;
    let from = i;
    let to = i + sequence.length - 1;
    const before = lower(i - 1);
    const after = lower(to + 1);
    if ((before !== undefined && SINCE_BEFORE.has(before)) || (after !== undefined && SINCE_AFTER.has(after))) end = undefined;
    else if ((before !== undefined && UNTIL_BEFORE.has(before)) || (after !== undefined && UNTIL_AFTER.has(after))) {
      end = start;
      start = undefined;
    }
    if (before !== undefined && (SINCE_BEFORE.has(before) || UNTIL_BEFORE.has(before))) from--;
    if (after !== undefined && (SINCE_AFTER.has(after) || UNTIL_AFTER.has(after))) to++;
    if (end !== undefined && end >= clock.now) end = undefined;
    for (let k = from; k <= to; k++) (words[k] as Word).usedBy = 'time';
    found.push({ window: { kind: 'span', ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) }, from, to });
    i = to;
  }
  return found;
}

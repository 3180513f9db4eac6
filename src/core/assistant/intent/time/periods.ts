import type { Word } from '../sentence';
import { DAY_MS, HOUR_MS, startOfLocalDay, type LocalClock } from './local-time';
import type { TimeFinding } from './time-window';

/** A part of a day, as hours from that day's midnight. */
type Part = readonly [number, number];
const WHOLE: Part = [0, 24];
const MORNING: Part = [6, 12];
const AFTERNOON: Part = [12, 18];
const EVENING: Part = [18, 24];
const NIGHT: Part = [18, 30]; // into the next morning
const EARLY: Part = [0, 6];

/** Word sequences naming a period: [words, days back, part of the day]. Longest first. */
const periods: ReadonlyArray<readonly [readonly string[], number, Part]> = [
  [['day', 'before', 'yesterday'], 2, WHOLE],
  [['yesterday', 'morning'], 1, MORNING],
  [['yesterday', 'afternoon'], 1, AFTERNOON],
  [['yesterday', 'evening'], 1, EVENING],
  [['yesterday', 'night'], 1, NIGHT],
  [['last', 'night'], 1, NIGHT],
  [['last', 'evening'], 1, EVENING],
  [['this', 'morning'], 0, MORNING],
  [['this', 'afternoon'], 0, AFTERNOON],
  [['this', 'evening'], 0, EVENING],
  [['earlier', 'today'], 0, WHOLE],
  [['yesterday'], 1, WHOLE],
  [['today'], 0, WHOLE],
  [['tonight'], 0, EVENING],
  [['overnight'], 1, NIGHT],
  [['昨天', '早上'], 1, MORNING],
  [['昨天', '上午'], 1, MORNING],
  [['昨天', '下午'], 1, AFTERNOON],
  [['昨天', '晚上'], 1, NIGHT],
  [['昨天晚上'], 1, NIGHT],
  [['昨天早上'], 1, MORNING],
  [['昨天下午'], 1, AFTERNOON],
  [['昨晚'], 1, NIGHT],
  [['昨夜'], 1, NIGHT],
  [['昨天'], 1, WHOLE],
  [['昨日'], 1, WHOLE],
  [['前天'], 2, WHOLE],
  [['今天早上'], 0, MORNING],
  [['今天上午'], 0, MORNING],
  [['今天下午'], 0, AFTERNOON],
  [['今天晚上'], 0, EVENING],
  [['今天', '早上'], 0, MORNING],
  [['今天', '上午'], 0, MORNING],
  [['今天', '下午'], 0, AFTERNOON],
  [['今天', '晚上'], 0, EVENING],
  [['今早'], 0, MORNING],
  [['今晨'], 0, MORNING],
  [['今晚'], 0, EVENING],
  [['今天'], 0, WHOLE],
  [['今日'], 0, WHOLE],
  [['早上'], 0, MORNING],
  [['上午'], 0, MORNING],
  [['下午'], 0, AFTERNOON],
  [['晚上'], 0, EVENING],
  [['凌晨'], 0, EARLY],
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
 * Named periods: "yesterday", "last night", "this morning", "昨晚", "今天下午". "since
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
    const [sequence, daysBack, [fromHour, toHour]] = match;
    const day = startOfLocalDay(clock.now, clock.utcOffsetMinutes) - daysBack * DAY_MS;
    let start: number | undefined = day + fromHour * HOUR_MS;
    let end: number | undefined = day + toHour * HOUR_MS;
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

import type { Word } from '../sentence';
import { httpStatusAt } from '../text/http-status';
import { englishNumber } from '../text/numbers';
import type { DurationPhrase } from './time-window';
import { unitMs } from './time-words';

const COMPACT = /^(?:\d+(?:\.\d+)?(?:ms|s|secs?|m|mins?|h|hrs?|d|w|wks?))+$/;
const COMPACT_PART = /(\d+(?:\.\d+)?)(ms|s|secs?|m|mins?|h|hrs?|d|w|wks?)/g;
const LAST_WORDS = new Set(['last', 'past', 'previous', 'recent', 'within', 'over', 'latest', '最近', '过去', '近', '前']);
const FOR_WORDS = new Set(['for', 'next', 'another', 'during']);
const WITHIN_SUFFIX = new Set(['内', '以内', '之内']);

export interface FoundDuration extends DurationPhrase {
  from: number;
  to: number;
}

/**
 * Lengths of time: "2h", "1h30m", "90 minutes", "half an hour", "an hour and a half", "last
 * week", "两小时", "一个半小时", "30 分钟" — with the word that tells a range ("last 2h", "2h
 * ago", "最近一小时") from a duration ("for 2h"). The words are marked as used.
 */
export function findDurations(words: Word[]): FoundDuration[] {
  const found: FoundDuration[] = [];
  const free = (i: number): Word | undefined => {
    const word = words[i];
    return word !== undefined && word.usedBy === null ? word : undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const word = free(i);
    if (word === undefined) continue;
    const read = readDuration(i, free);
    if (read === null) continue;
    let from = i;
    let to = read.end;
    let prefix: DurationPhrase['prefix'] = 'none';
    // The word before (past a "the"): "for", "last", "in the last", "最近".
    let before = from - 1;
    while (free(before)?.token.lower === 'the') before--;
    const previous = free(before)?.token.lower;
    if (previous !== undefined && LAST_WORDS.has(previous)) prefix = 'last';
    else if (previous !== undefined && FOR_WORDS.has(previous)) prefix = 'for';
    if (prefix !== 'none') from = before;
    const after = free(to + 1)?.token.lower;
    if (after === 'ago' || after === '前' || after === 'back') {
      prefix = 'ago';
      to++;
    } else if (after !== undefined && WITHIN_SUFFIX.has(after)) {
      prefix = 'last';
      to++;
    }
    if (read.bareUnit && prefix !== 'last') continue; // "hour" alone is not a duration
    // "api is throwing 500s": HTTP statuses, not 8 minutes 20 seconds, unless a word says a length ("for 300s").
    if (httpStatusAt(words, i) !== null) continue;
    for (let k = from; k <= to; k++) (words[k] as Word).usedBy = 'duration';
    found.push({ ms: read.ms, prefix, from, to });
    i = to;
  }
  return found;
}

function readDuration(i: number, free: (i: number) => Word | undefined): { ms: number; end: number; bareUnit: boolean } | null {
  const lower = (free(i) as Word).token.lower;
  if (COMPACT.test(lower)) {
    let ms = 0;
    for (const match of lower.matchAll(COMPACT_PART)) ms += Number(match[1]) * unitOf(match[2] as string);
    return { ms, end: i, bareUnit: false };
  }
  // "hour" in "last hour", "past week".
  const bare = unitMs[lower];
  if (bare !== undefined && lower.length > 1) return { ms: bare, end: i, bareUnit: true };
  // "half an hour", "half hour".
  if (lower === 'half') {
    let j = i + 1;
    if (['a', 'an'].includes(free(j)?.token.lower ?? '')) j++;
    const unit = unitMs[free(j)?.token.lower ?? ''];
    if (unit !== undefined) return { ms: unit / 2, end: j, bareUnit: false };
    return null;
  }
  let value = (free(i) as Word).token.value ?? englishNumber(lower);
  if (value === null || value === undefined) return null;
  let j = i + 1;
  // "a couple of hours", "a few minutes".
  if ((lower === 'a' || lower === 'an') && ['couple', 'few'].includes(free(j)?.token.lower ?? '')) {
    value = englishNumber(free(j)?.token.lower ?? '') ?? value;
    j++;
  }
  if (free(j)?.token.lower === 'of') j++;
  const unitWord = free(j)?.token.lower ?? '';
  const unit = unitMs[unitWord];
  if (unit === undefined) return null;
  let ms = value * unit;
  // "an hour and a half".
  if (free(j + 1)?.token.lower === 'and' && ['a', 'an'].includes(free(j + 2)?.token.lower ?? '') && free(j + 3)?.token.lower === 'half') {
    ms += unit / 2;
    j += 3;
  }
  return { ms: Math.round(ms), end: j, bareUnit: false };
}

function unitOf(unit: string): number {
  if (unit === 'ms') return 1;
  if (unit.startsWith('s')) return 1_000;
  if (unit.startsWith('m')) return 60_000;
  if (unit.startsWith('h')) return 3_600_000;
  if (unit.startsWith('d')) return 86_400_000;
  return 604_800_000;
}

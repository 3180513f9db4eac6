import { casual as englishDates } from 'chrono-node/en';
import { hans as chineseDates } from 'chrono-node/zh';
import type { Clause } from '../clause';
import type { LocalClock } from './local-time';

const UNTIL = new Set(['until', 'till', 'til', 'through', '到', '直到']);
const CJK = /[\u3400-\u9fff]/;

/**
 * "silence worker until tomorrow", "mute db till 6pm", "静音到明天早上": the moment a silence ends,
 * read forward (the next 6pm, not the last), or null when the clause names no such time.
 */
export function deadlineOf(clause: Clause, clock: LocalClock): number | null {
  const at = clause.words.findIndex((word) => UNTIL.has(word.token.lower));
  if (at < 0) return null;
  const from = clause.words[at]?.token.end ?? 0;
  const to = clause.words[clause.words.length - 1]?.token.end ?? from;
  const rest = clause.analysis.text.slice(from, to);
  const reference = { instant: new Date(clock.now), timezone: clock.utcOffsetMinutes };
  const parser = CJK.test(rest) ? chineseDates.casual : englishDates;
  const found = parser.parse(rest, reference, { forwardDate: true })[0];
  if (found === undefined) return null;
  const ms = found.start.date().getTime();
  return ms > clock.now ? ms : null;
}

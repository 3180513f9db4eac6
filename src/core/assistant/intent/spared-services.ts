import type { Word } from './sentence';

const COPULAS = new Set(['is', 'are', 'looks', 'look', 'seems', 'seem', 'still', 'was', "'s", 's']);
const CHINESE_ADVERBS = new Set(['先', '暂时', '就', '还', '也', '都', '还是']);
const FINE = new Set(['fine', 'ok', 'okay', 'good', 'healthy', 'alright', 'working', 'happy']);

/**
 * Whether the service named at `at` (covering `span` words) is said to be left alone: "storefront
 * is fine", "db looks ok", "leave redis alone", "db 没事". "restart api, web is fine" restarted web too.
 */
export function sparedAt(words: readonly Word[], at: number, span: number): boolean {
  const lower = (i: number): string => words[i]?.token.lower ?? '';
  const after = at + Math.max(span, 1);
  // "mailer 先别动", "db 暂时不用管": an adverb may stand between.
  let next = after;
  while (CHINESE_ADVERBS.has(lower(next))) next++;
  if (words[next]?.concepts.has('spared') === true) return true;
  let i = after;
  if (!COPULAS.has(lower(i))) return lower(at - 1) === 'leave' && (lower(after) === 'alone' || lower(after) === 'be');
  while (COPULAS.has(lower(i))) i++;
  return FINE.has(lower(i)) || (lower(i) === 'all' && lower(i + 1) === 'right');
}

/** "postgres looks ok" after "restart everything,": its "looks" says how it is, not "show". */
const LOOKING = new Set(['looks', 'look', 'seems', 'seem']);

/** A part of a sentence that only leaves services out: it belongs to the command beside it. */
export function onlySparesServices(words: readonly Word[]): boolean {
  const spares = words.some((word, i) => word.entities.some((entity) => entity.kind === 'service') && sparedAt(words, i, word.entitySpan));
  return spares && words.every((word) => !word.concepts.has('show') || LOOKING.has(word.token.lower));
}

/** Words between "without" and the name it leaves out ("without touching api"). */
const WITHOUT_VERBS = new Set(['touching', 'affecting', 'restarting', 'stopping', 'disturbing']);

/**
 * Whether the name at `at` is left out by the words before it: "restart web but not api",
 * "restart web without touching api", "restart web without api". ("restart web without touching
 * api" had restarted api too; "but not api" had refused the whole sentence as a "don't".)
 */
export function leftOutAt(words: readonly Word[], at: number): boolean {
  let i = at - 1;
  while (words[i]?.token.lower === 'the') i--;
  const before = words[i]?.token.lower ?? '';
  if (before === 'not' || before === 'without') return true;
  return WITHOUT_VERBS.has(before) && words[i - 1]?.token.lower === 'without';
}

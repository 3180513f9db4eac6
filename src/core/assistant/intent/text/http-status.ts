import type { Word } from '../sentence';

const STATUS_PLURAL = /^([1-5]\d\d)s$/;
/** Words before a status that say it is one ("throwing 500s", "lots of 404s"), not a length ("for 300s"). */
const STATUS_VERBS = new Set([
  'throwing',
  'throws',
  'returning',
  'returns',
  'giving',
  'serving',
  'getting',
  'spitting',
  'sending',
  'answering',
  'seeing',
  'many',
  'lots',
  'of',
]);

/** Whether a word is said of the word after it, as "throwing" is of "500s". */
export function saysStatus(word: Word | undefined): boolean {
  return word !== undefined && STATUS_VERBS.has(word.token.lower);
}

/** "500" for the "500s" in "api is throwing 500s" (the word before says so); null otherwise. */
export function httpStatusAt(words: readonly Word[], i: number): string | null {
  const match = STATUS_PLURAL.exec(words[i]?.token.lower ?? '');
  return match !== null && saysStatus(words[i - 1]) ? (match[1] as string) : null;
}

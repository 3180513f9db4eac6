import type { Word } from './sentence';
import { englishNumber } from './text/numbers';

/** Spelt-out counts read as numbers where a count is expected; "a", "an", "half", "few" are not counts of anything here. */
const NOT_A_COUNT = new Set(['a', 'an', 'half', 'couple', 'few']);

/**
 * The whole number a word says where a count is expected — "scale web to 3", "scale web to
 * three", "the last ten errors", "restart api three times" — or null. Chinese numerals are number
 * tokens already; English ones are words (the tokenizer leaves "one" a word: "that one").
 */
export function wholeNumberOf(word: Word): number | null {
  const value =
    word.token.kind === 'number' ? word.token.value : word.token.kind === 'word' && !NOT_A_COUNT.has(word.token.lower) ? englishNumber(word.token.lower) : null;
  return value !== null && value !== undefined && Number.isInteger(value) ? value : null;
}

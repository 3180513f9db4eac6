import type { Word } from './sentence';
import { wholeNumberOf } from './whole-number';

/** Words that say how many times after a number: "3 times", "三次", "两遍", "2 回". */
const TIMES_UNITS = new Set(['times', 'time', 'x', '次', '遍', '回', '趟']);
const REPEAT_WORDS: Readonly<Record<string, number>> = { twice: 2, thrice: 3 };

/**
 * How many times a clause asks for its action ("restart api 3 times", "重启 api 三次", "twice"),
 * or null when it does not say. A command runs once; the parser asks rather than doing it once
 * silently (which read as done as asked) or N times (a restart loop nobody meant to script).
 */
export function repeatCount(words: readonly Word[]): number | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.usedBy !== null) continue;
    const spelled = REPEAT_WORDS[word.token.lower];
    if (spelled !== undefined) return spelled;
    const value = wholeNumberOf(word);
    const next = words[i + 1];
    if (value !== null && value >= 2 && next !== undefined && next.usedBy === null) {
      if (TIMES_UNITS.has(next.token.lower)) return value;
    }
  }
  return null;
}

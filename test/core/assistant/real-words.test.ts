import { describe, expect, it } from 'vitest';
import { REAL_WORDS } from '../../../src/core/assistant/intent/lexicon/real-words';
import { realWordsNearLexicon } from '../../../scripts/real-words-near';

describe('the English words never read as typos', () => {
  it('are those near the lexicon as it is now (run `npx tsx scripts/real-words.ts` after adding words)', () => {
    expect([...REAL_WORDS]).toEqual(realWordsNearLexicon());
  }, 60_000);

  it('hold the real words that were misread, and none of the misspellings that are read', () => {
    for (const word of ['return', 'step', 'lots', 'smart']) expect(REAL_WORDS.has(word), word).toBe(true);
    for (const typo of ['restrat', 'evrything', 'mailr', 'silnce', 'wroker', 'shw']) expect(REAL_WORDS.has(typo), typo).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { intents } from '../src/core/assistant/intent/intents/registry';
import { buildLexicon } from '../src/core/assistant/intent/lexicon/build-lexicon';

/**
 * The English words (word-list's, a dev dependency: only the generator and its test read it) that
 * the lexicon, without the guard, reads as a typo of one of its words. Sorted.
 */
export function realWordsNearLexicon(): string[] {
  // word-list's default export is this file's path; resolving the package finds it without loading ESM.
  const file = path.join(path.dirname(require.resolve('word-list')), 'words.txt');
  const lexicon = buildLexicon(intents, new Set());
  const near: string[] = [];
  for (const word of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!/^[a-z]{3,}$/.test(word)) continue;
    const match = lexicon.lookup(word);
    if (match !== null && match.distance > 0 && !inflectionOf(word, match.word)) near.push(word);
  }
  return near.sort();
}

/** "broke" for "broken", "crashs" for "crashes": the same word bent, which the typo reading gets right. */
function inflectionOf(word: string, known: string): boolean {
  let shared = 0;
  while (shared < word.length && word[shared] === known[shared]) shared++;
  return shared >= Math.max(3, Math.min(word.length, known.length) - 1);
}

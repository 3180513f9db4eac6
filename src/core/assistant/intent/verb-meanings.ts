import type { Word } from './sentence';

/** The word can be read as an action ("restart", "deploy", 重启): it carries a `verb:` meaning. */
export const isVerb = (word: Word): boolean => [...word.concepts].some((concept) => concept.startsWith('verb:'));

/** Takes a word's action meanings away, leaving `instead` (what it is read as now: an event, a condition's verb). */
export function dropVerbs(word: Word, instead: string): void {
  for (const concept of [...word.concepts]) if (concept.startsWith('verb:')) word.concepts.delete(concept);
  word.concepts.add(instead);
}

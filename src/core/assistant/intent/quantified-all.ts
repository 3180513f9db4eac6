import type { Word } from './sentence';

/** Words that may stand between "all" and what it is all of: "all the memory", "all of the cpu". */
const BETWEEN = new Set(['stop-word', 'target-prep']);

/**
 * Whether the "all" at `at` is all of something other than services — a resource or a time:
 * "postgres is eating all the memory, restart it", "it's been slow all day". Read as every
 * service, such an "all" restarted every service.
 */
export function allOfSomethingElse(words: readonly Word[], at: number): boolean {
  for (let i = at + 1; i < words.length; i++) {
    const word = words[i] as Word;
    const concepts = [...word.concepts];
    if (concepts.length > 0 && concepts.every((concept) => BETWEEN.has(concept)) && word.entities.length === 0) continue;
    return word.entities.length === 0 && concepts.some((concept) => concept.startsWith('metric:') || concept === 'time-word');
  }
  return false;
}

import type { Word } from './sentence';
import { dropVerbs, isVerb } from './verb-meanings';

/** English words that place what follows in time: "since the restart", "before api was deployed". */
const TIME_PREPOSITIONS = new Set(['since', 'after', 'starting', 'until', 'till', 'before']);
/** Chinese words that place what comes before them in time: "重启以后的日志", "部署之前". */
const TIME_POSTPOSITIONS = new Set(['以后', '之后', '以来', '之前', '以前']);
/** Between such a word and the verb it places: "since [it was] restarted", "after [the last] deploy", "since [api] restarted". */
const PASSING = new Set(['stop-word', 'pronoun', 'last', 'filler']);

/** Unknown words may be names (found later); names and these words may stand between. */
const passes = (word: Word): boolean => word.concepts.size === 0 || [...word.concepts].every((concept) => PASSING.has(concept));

/**
 * A verb used as a point in time names an event, not a command: "show api logs since the restart",
 * "logs since api restarted", "errors since the deploy", "重启 api 以后的日志". Its verb meanings are
 * taken away (it becomes an `event-ref`), so a sentence asking for logs never restarts anything.
 * Where a verb follows the Chinese time word, it is "then" instead: "停掉 api 之后启动 db".
 */
export function markEventReferences(words: readonly Word[]): void {
  words.forEach((word, i) => {
    if (!isVerb(word)) return;
    if (placedByPreposition(words, i) || placedByPostposition(words, i)) dropVerbs(word, 'event-ref');
  });
}

function placedByPreposition(words: readonly Word[], at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const word = words[k] as Word;
    if (TIME_PREPOSITIONS.has(word.token.lower)) return true;
    if (!passes(word)) return false;
  }
  return false;
}

function placedByPostposition(words: readonly Word[], at: number): boolean {
  for (let k = at + 1; k < words.length && k <= at + 3; k++) {
    const word = words[k] as Word;
    if (TIME_POSTPOSITIONS.has(word.token.lower)) {
      const next = words.slice(k + 1).find((later) => later.token.lower !== '的' && !passes(later));
      if (next === undefined || !isVerb(next)) return true;
      // "停掉 api 之后启动 db": a verb after the time word makes it "then", not a point in time.
      word.concepts.delete('since');
      word.concepts.delete('until');
      word.concepts.add('sequence');
      return false;
    }
    if (!passes(word)) return false;
  }
  return false;
}

import type { Word } from './sentence';
import { dropVerbs, isVerb } from './verb-meanings';

/** Words that make what follows a condition: "restart api if it's down", "alert me if db stops". */
const CONDITIONS = new Set(['if', 'unless', 'whenever', '如果', '要是', '假如', '万一', '一旦']);
/** Words that take back what came before: "stop api? no wait, restart it", "重启 api，算了，停掉它". */
const CORRECTIONS = new Set(['actually', 'nope', 'sorry', 'scratch', '不对', '算了', '等等', '等一下']);
/** Between a condition word and the condition's own verb: "if [db] stops", "if [it] restarts". */
const SUBJECT = new Set(['stop-word', 'pronoun', 'filler', 'condition-word']);

/**
 * Hedges a sentence may carry, read before its commands are:
 * - a condition ("if", "unless", 如果) marks the sentence `condition` (nothing here checks
 *   conditions, so an action said with one is asked about, not run), and the condition's own verb
 *   ("alert me if db stops") is no command: it becomes `condition-verb`;
 * - a correction ("no wait", "actually", 算了) takes back the verbs said before it, keeping the
 *   names: "stop api? no wait, restart it" restarts api and stops nothing.
 */
export function readHedges(words: readonly Word[]): void {
  words.forEach((word, i) => {
    // The verb after 就 is what to do, not the condition's: it keeps its meaning. The state is where the condition starts.
    if (thenAfterAState(words, i)) word.concepts.add('condition');
    if (!CONDITIONS.has(word.token.lower)) return;
    word.concepts.add('condition');
    // The first word after the condition's subject is its verb, when it is one.
    const after = words.slice(i + 1).find((later) => !isSubject(later));
    if (after !== undefined && isVerb(after)) dropVerbs(after, 'condition-verb');
  });
  const corrected = lastCorrection(words);
  for (let i = 0; i < corrected; i++) if (isVerb(words[i] as Word)) dropVerbs(words[i] as Word, 'taken-back');
}

/**
 * Whether the word at `at` is a state followed by 就 ("then"): "api 挂了就重启" (restart api if it
 * is down) is a condition without a condition word; it restarted api whether it was down or not.
 */
function thenAfterAState(words: readonly Word[], at: number): boolean {
  const state = words[at] as Word;
  const then = words[at + 1]?.token.text === '了' ? words[at + 2] : words[at + 1];
  return then?.token.text === '就' && [...state.concepts].some((concept) => concept.startsWith('symptom:'));
}

/** A word that can stand as the subject of a condition: a name (not known yet: no meaning), a pronoun, "the". */
function isSubject(word: Word): boolean {
  return word.concepts.size === 0 || [...word.concepts].every((concept) => SUBJECT.has(concept));
}

/** The index of the last correction ("no" counts only before a pause or "wait", "wait" only before a pause or after "no"), or 0. */
function lastCorrection(words: readonly Word[]): number {
  let at = 0;
  words.forEach((word, i) => {
    const next = words[i + 1];
    const saysNo = word.token.lower === 'no' && (next === undefined || next.token.kind === 'punct' || next.token.lower === 'wait');
    // "wait, restart it" takes back; "restart api and wait" does not.
    const saysWait = word.token.lower === 'wait' && (next?.token.kind === 'punct' || words[i - 1]?.token.lower === 'no');
    if (CORRECTIONS.has(word.token.lower) || saysNo || saysWait) at = i;
  });
  return at;
}

import type { IntentDefinition } from '../intents/intent';
import { timeWords } from '../time/time-words';
import { commonWords } from './common-words';
import { Lexicon } from './lexicon';

/** The shared words, the words of time, and each intent's triggers as `verb:<name>`. */
export function buildLexicon(intents: readonly IntentDefinition[]): Lexicon {
  const lexicon = new Lexicon();
  for (const [concept, words] of commonWords) lexicon.add(concept, words);
  lexicon.add('time-word', timeWords);
  for (const intent of intents) {
    lexicon.add(`verb:${intent.name}`, intent.triggers);
    for (const [concept, words] of intent.words ?? []) lexicon.add(concept, words);
  }
  return lexicon.seal();
}

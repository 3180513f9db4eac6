import { topicWords } from '../entities/aliases';
import type { IntentDefinition } from '../intents/intent';
import { timeWords } from '../time/time-words';
import { commonWords } from './common-words';
import { Lexicon } from './lexicon';
import { REAL_WORDS } from './real-words';

/** The shared words, the words of time, and each intent's triggers as `verb:<name>`. */
export function buildLexicon(intents: readonly IntentDefinition[], realWords: ReadonlySet<string> = REAL_WORDS): Lexicon {
  const lexicon = new Lexicon(realWords);
  for (const [concept, words] of commonWords) lexicon.add(concept, words);
  lexicon.add('time-word', timeWords);
  // Chinese words naming an alert's topic (证书, 积压) must be words to the segmenter too.
  lexicon.add(
    'topic',
    Object.keys(topicWords).filter((word) => /[\u4e00-\u9fff]/.test(word)),
  );
  for (const intent of intents) {
    lexicon.add(`verb:${intent.name}`, intent.triggers);
    for (const [concept, words] of intent.words ?? []) lexicon.add(concept, words);
  }
  return lexicon.seal();
}

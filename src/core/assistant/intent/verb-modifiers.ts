import type { Word } from './sentence';
import { dropVerbs, isVerb } from './verb-meanings';

/**
 * Nouns an action word can describe: "restart counter", "restart budget", "deploy history",
 * "重启次数". Right before one of them the action word names a thing, not a command.
 */
const DESCRIBED_NOUNS = new Set([
  'counter',
  'counters',
  'count',
  'counts',
  'budget',
  'limit',
  'limits',
  'loop',
  'loops',
  'history',
  'policy',
  'backoff',
  'delay',
  'storm',
  '次数',
  '计数',
  '计数器',
  '预算',
  '上限',
  '记录',
]);

/**
 * "reset api's restart counter" resets api; it does not also restart it. An action word followed
 * by a noun it describes loses its action meanings (it becomes a `verb-modifier`) and the noun is
 * marked as such (`described-noun`, never read as a misspelt name; `described-by:verb:restart`
 * says by what) — unless that noun is itself a name here (a service called "counter": "restart counter" restarts it).
 */
export function markVerbModifiers(words: readonly Word[], isName: (word: string) => boolean): void {
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (next === undefined || !isVerb(word) || word.usedBy !== null) return;
    if (!DESCRIBED_NOUNS.has(next.token.lower) || isName(next.token.lower)) return;
    // What it described stays readable: "restart history" is the audit log's restarts.
    for (const concept of word.concepts) if (concept.startsWith('verb:')) next.concepts.add(`described-by:${concept}`);
    dropVerbs(word, 'verb-modifier');
    next.concepts.add('described-noun');
  });
}

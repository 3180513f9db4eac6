import { topicWords } from './entities/aliases';
import type { EntityIndex } from './entities/entity-index';
import { markEventReferences } from './event-references';
import { markVerbModifiers } from './verb-modifiers';
import { wholeNumberOf } from './whole-number';
import { readHedges } from './hedges';
import type { Lexicon } from './lexicon/lexicon';
import type { Word } from './sentence';
import { tokenize } from './text/tokenize';
import { findClockTimes } from './time/clock-times';
import { findDurations, type FoundDuration } from './time/durations';
import type { LocalClock } from './time/local-time';
import { findPeriods } from './time/periods';
import type { TimeFinding } from './time/time-window';

export interface Count {
  value: number;
  from: number;
  to: number;
}

/** The whole sentence read once: words with their meanings, names, times, durations and counts. */
export interface Analysis {
  text: string;
  words: Word[];
  times: TimeFinding[];
  durations: FoundDuration[];
  counts: Count[];
}

const PUNCT_CONCEPT: Record<string, string> = {
  ',': 'connector',
  '，': 'connector',
  '、': 'connector',
  '&': 'connector',
  ';': 'sequence',
  '；': 'sequence',
  '!': 'connector',
  '?': 'connector',
  '！': 'connector',
  '？': 'connector',
  '。': 'connector',
};
/** Words that never stand for a name, even when one is spelt close to them. */
const NEVER_A_NAME = new Set([
  'described-noun',
  'stop-word',
  'filler',
  'target-prep',
  'connector',
  'pronoun',
  'sequence',
  'negation',
  'all',
  'for',
  'last',
  'since',
  'until',
]);
const NUMBER_NEXT = new Set(['count-unit', 'level:error', 'level:warn', 'level:info', 'level:debug', 'level:fatal', 'log']);

export function analyze(text: string, lexicon: Lexicon, entities: EntityIndex, clock: LocalClock): Analysis {
  const tokens = tokenize(text, lexicon, (candidate) => entities.exact([candidate]).length > 0);
  const words: Word[] = tokens.map((token, index) => ({
    index,
    token,
    concepts: new Set(),
    known: null,
    knownDistance: 0,
    usedBy: null,
    entities: [],
    entitySpan: 0,
    topic: null,
  }));
  const isName = (word: string): boolean => entities.exact([word]).some((mention) => mention.via === 'exact');
  readMeanings(words, lexicon, isName);
  markEventReferences(words);
  markVerbModifiers(words, isName);
  readHedges(words);
  const times = [...findClockTimes(text, words, clock), ...findPeriods(words, clock)];
  const durations = findDurations(words);
  const counts = findCounts(words);
  findNames(words, entities);
  for (const word of words) word.topic = topicOf(word);
  return { text, words, times, durations, counts };
}

/** `isName`: a word that is exactly a name is not looked up as a typo of a lexicon word. */
function readMeanings(words: Word[], lexicon: Lexicon, isName: (word: string) => boolean): void {
  const lowers = words.map((word) => word.token.lower);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const { token } = word;
    if (token.kind === 'punct') {
      const concept = PUNCT_CONCEPT[token.text];
      if (concept !== undefined) word.concepts.add(concept);
      continue;
    }
    if (token.kind === 'quoted') continue;
    const phrase = token.kind === 'word' ? lexicon.phraseAt(lowers, i) : null;
    if (phrase !== null) {
      for (const concept of phrase.concepts) word.concepts.add(concept);
      word.known = lowers.slice(i, i + phrase.length).join(' ');
      for (let k = 1; k < phrase.length; k++) (words[i + k] as Word).usedBy = 'phrase';
      i += phrase.length - 1;
      continue;
    }
    if (token.kind === 'number') continue;
    const match = lexicon.lookup(token.lower, !isName(token.lower));
    if (match !== null) {
      for (const concept of match.concepts) word.concepts.add(concept);
      word.known = match.word;
      word.knownDistance = match.distance;
    }
  }
}

/** "last 50 errors", "100 lines", "最近50条": how many lines to show. */
function findCounts(words: Word[]): Count[] {
  const counts: Count[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const value = word.usedBy === null ? wholeNumberOf(word) : null;
    if (value === null) continue;
    const next = words[i + 1];
    const previous = words[i - 1];
    const followedByThing = next !== undefined && [...next.concepts].some((concept) => NUMBER_NEXT.has(concept));
    const afterLast = previous !== undefined && previous.usedBy === null && previous.concepts.has('last');
    if (!followedByThing && !(afterLast && next?.concepts.has('count-unit'))) continue;
    const from = afterLast ? i - 1 : i;
    let to = i;
    if (next?.concepts.has('count-unit') === true) to = i + 1;
    for (let k = from; k <= to; k++) (words[k] as Word).usedBy = 'count';
    counts.push({ value, from, to });
    i = to;
  }
  return counts;
}

function findNames(words: Word[], index: EntityIndex): void {
  const free = (i: number): Word | undefined => {
    const word = words[i];
    return word !== undefined && word.usedBy === null && (word.token.kind === 'word' || word.token.kind === 'cjk' || word.token.kind === 'number')
      ? word
      : undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const word = free(i);
    if (word === undefined) continue;
    // Names written as several words first: "high cpu" → HighCpu, "slack ops" → slack-ops.
    let spanned = false;
    for (let span = Math.min(3, index.longestWords); span >= 2 && !spanned; span--) {
      let joined: string | null = '';
      for (let k = 0; k < span && joined !== null; k++) {
        const item = free(i + k);
        // "worker 2" → worker-2; a name never starts with a separate number.
        joined = item === undefined || (k === 0 && item.token.kind === 'number') ? null : joined + item.token.lower;
      }
      if (joined === null) continue;
      const found = index.exact([joined]);
      if (found.length === 0) continue;
      word.entities = found;
      word.entitySpan = span;
      for (let k = 1; k < span; k++) (words[i + k] as Word).usedBy = 'entity';
      i += span - 1;
      spanned = true;
    }
    if (spanned) continue;
    const lower = word.token.lower;
    const exact = index.exact([lower]);
    if (exact.length > 0 && !(isFunctionWord(word) && exact.every((mention) => mention.via === 'alias'))) {
      word.entities = exact;
      word.entitySpan = 1;
      continue;
    }
    if (isFunctionWord(word) || word.token.kind !== 'word') continue;
    if (word.known !== null && word.knownDistance === 0) continue;
    const typo = index.typo([lower]);
    // A typo of a name beats a typo of a lexicon word only when it is nearer.
    if (typo.length > 0 && (word.known === null || (typo[0] as { distance: number }).distance < word.knownDistance)) {
      word.concepts.clear();
      word.known = null;
      word.entities = typo;
      word.entitySpan = 1;
      continue;
    }
    if (word.known === null) {
      const part = index.part(lower);
      if (part.length > 0) {
        word.entities = part;
        word.entitySpan = 1;
      }
    }
  }
}

function isFunctionWord(word: Word): boolean {
  return [...word.concepts].some((concept) => NEVER_A_NAME.has(concept));
}

function topicOf(word: Word): string | null {
  const { lower } = word.token;
  const mapped = topicWords[lower] ?? (word.known !== null ? topicWords[word.known] : undefined);
  if (mapped !== undefined) return mapped;
  if (word.token.kind !== 'word') return null;
  return word.known ?? lower;
}

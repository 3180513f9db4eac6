import { isTypoOf } from '../text/fuzzy';

/** What a word means to the parser: "verb:restart", "alert", "level:error", "stop-word", … */
export type Concept = string;

export interface WordMatch {
  /** The lexicon word it was read as (after stemming or a typo). */
  word: string;
  concepts: ReadonlySet<Concept>;
  distance: number;
}

interface Phrase {
  words: readonly string[];
  concepts: Set<Concept>;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** From this length on, a function word is looked up with typos too. */
const LONG_WORD = 6;
/** Short function words: a typo of one is rare, and reading one into a sentence does harm ("silnce" is not "since"). */
const NOT_FUZZY = new Set<Concept>([
  'stop-word',
  'filler',
  'target-prep',
  'connector',
  'pronoun',
  'sequence',
  'since',
  'until',
  'last',
  'ago',
  'for',
  'between',
  'except',
  'without',
  'all',
  'negation',
  'count-unit',
  'time-word',
  'usage',
]);

/**
 * The words the parser knows and what they mean: single Latin words (looked up exactly, then
 * stemmed, then with typos), Latin phrases ("shut down", "last night"), and Chinese words (which
 * also tell the segmenter where a word ends, since Chinese has no spaces).
 */
export class Lexicon {
  private readonly single = new Map<string, Set<Concept>>();
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly cjk = new Map<string, Set<Concept>>();
  private cjkLongest = 1;
  /** Latin words that a typo may stand for, by length, so a lookup compares only near lengths. */
  private readonly fuzzyByLength = new Map<number, string[]>();

  /** @param realWords English words never read as a typo of a known one ("restore" is not "restart": real-words.ts). */
  constructor(private readonly realWords: ReadonlySet<string> = new Set()) {}

  add(concept: Concept, surfaces: readonly string[]): this {
    for (const raw of surfaces) {
      const surface = raw.toLowerCase();
      if (CJK.test(surface)) {
        addTo(this.cjk, surface, concept);
        this.cjkLongest = Math.max(this.cjkLongest, surface.length);
        continue;
      }
      const words = surface.split(/\s+/).filter((word) => word !== '');
      if (words.length === 1) addTo(this.single, words[0] as string, concept);
      else if (words.length > 1) {
        const list = this.phrases.get(words[0] as string) ?? [];
        const existing = list.find((phrase) => phrase.words.join(' ') === words.join(' '));
        if (existing) existing.concepts.add(concept);
        else list.push({ words, concepts: new Set([concept]) });
        list.sort((a, b) => b.words.length - a.words.length);
        this.phrases.set(words[0] as string, list);
      }
    }
    return this;
  }

  /** Call once all words are in: builds the pool that typos are matched against. */
  seal(): this {
    this.fuzzyByLength.clear();
    for (const [word, concepts] of this.single) {
      // A long function word is as easily mistyped as any other ("evrything", "withuot").
      if (word.length < 4 || !/^[a-z]+$/.test(word) || (word.length < LONG_WORD && [...concepts].some((concept) => NOT_FUZZY.has(concept)))) continue;
      const list = this.fuzzyByLength.get(word.length) ?? [];
      list.push(word);
      this.fuzzyByLength.set(word.length, list);
    }
    return this;
  }

  exact(word: string): ReadonlySet<Concept> | undefined {
    return this.single.get(word) ?? this.cjk.get(word);
  }

  /** Exactly, then as an inflection ("restarting", "logs"), then (if allowed) as a typo ("restrat"). */
  lookup(word: string, typos = true): WordMatch | null {
    const exact = this.exact(word);
    if (exact !== undefined) return { word, concepts: exact, distance: 0 };
    for (const stem of stemsOf(word)) {
      const concepts = this.single.get(stem);
      if (concepts !== undefined) return { word: stem, concepts, distance: 0 };
    }
    // Three letters may be a four-letter word missing one ("shw", "lgs"); shorter is too little to go on.
    if (!typos || word.length < 3 || !/^[a-z']+$/.test(word) || this.realWords.has(word)) return null;
    let best: WordMatch | null = null;
    let tied = false;
    const lengths = word.length === 3 ? [4] : [-3, -2, -1, 0, 1, 2, 3].map((step) => word.length + step);
    for (const length of lengths) {
      for (const candidate of this.fuzzyByLength.get(length) ?? []) {
        const distance = isTypoOf(word, candidate);
        if (distance === null) continue;
        if (best === null || distance < best.distance) {
          best = { word: candidate, concepts: this.single.get(candidate) as Set<Concept>, distance };
          tied = false;
        } else if (distance === best.distance && !sameConcepts(best.concepts, this.single.get(candidate) as Set<Concept>)) tied = true;
      }
    }
    // Two words equally near that mean different things: a guess either way.
    return tied ? null : best;
  }

  /** The longest phrase starting at `index` of these lower-case words. */
  phraseAt(words: readonly string[], index: number): { length: number; concepts: ReadonlySet<Concept> } | null {
    for (const phrase of this.phrases.get(words[index] ?? '') ?? []) {
      if (phrase.words.every((word, offset) => words[index + offset] === word)) return { length: phrase.words.length, concepts: phrase.concepts };
    }
    return null;
  }

  /** The longest known Chinese word at `index` of `text`, or null. */
  cjkWordAt(text: string, index: number, extra?: (candidate: string) => boolean): string | null {
    for (let length = Math.min(this.cjkLongest, text.length - index); length >= 1; length--) {
      const candidate = text.slice(index, index + length);
      if (this.cjk.has(candidate) || extra?.(candidate) === true) return candidate;
    }
    return null;
  }
}

function addTo(map: Map<string, Set<Concept>>, key: string, concept: Concept): void {
  const set = map.get(key) ?? new Set<Concept>();
  set.add(concept);
  map.set(key, set);
}

function sameConcepts(a: ReadonlySet<Concept>, b: ReadonlySet<Concept>): boolean {
  return a.size === b.size && [...a].every((concept) => b.has(concept));
}

/** English inflections back to the dictionary word: stopped → stop, muting → mute, alerts → alert. */
export function stemsOf(word: string): string[] {
  const out: string[] = [];
  const push = (stem: string): void => {
    if (stem.length >= 2 && !out.includes(stem)) out.push(stem);
  };
  if (word.endsWith("'s")) push(word.slice(0, -2));
  if (word.endsWith('ies')) push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) push(word.slice(0, -1));
  for (const suffix of ['ing', 'ed']) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    push(base);
    push(`${base}e`);
    if (base.length >= 2 && base[base.length - 1] === base[base.length - 2]) push(base.slice(0, -1));
  }
  return out;
}

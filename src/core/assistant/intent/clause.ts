import type { Analysis, Count } from './analyze';
import { weakRuleWords } from './entities/aliases';
import type { EntityIndex, EntityKind } from './entities/entity-index';
import type { AssistantVocabulary } from './entities/vocabulary';
import type { Concept } from './lexicon/lexicon';
import { isActionWord } from './clauses';
import type { Word } from './sentence';
import { allOfSomethingElse } from './quantified-all';
import { leftOutAt, sparedAt } from './spared-services';
import type { FoundDuration } from './time/durations';
import type { TimeFinding } from './time/time-window';

/** A word that reads as a name but names nothing here, with the names it resembles. */
export interface UnknownName {
  text: string;
  suggestions: string[];
}

export interface ServiceTargets {
  /** Named services, in the order written. */
  names: string[];
  /** "all", "everything", "所有服务". */
  all: boolean;
  /** "all except db", "除了 db". */
  except: string[];
  /** Words that fit several services equally ("w": worker or web). */
  ambiguous: { text: string; candidates: string[] }[];
  unknown: UnknownName[];
  /** "it", "them", "它": the services of the command before. */
  pronoun: boolean;
}

/** Meanings a word may have and still be the name of a service the workspace lacks ("the search service"). */
const NAME_LIKE = new Set<Concept>(['search', 'show', 'log', 'live', 'metric-noun', 'machine', 'terminal', 'channel-noun', 'unsupported', 'time-word']);

/** Words that, before an unknown word, make it the name of something ("restart X", "logs of X"). */
const NAME_SLOT_BEFORE = new Set<Concept>(['connector', 'target-prep', 'for', 'since']);

/**
 * One command's part of a sentence, and what it says: the verbs and nouns present, the names
 * (services, rules, environments, channels), times, durations, counts and unknown names.
 */
export class Clause {
  private readonly positions: Set<number>;
  /** serviceTargets(), worked out once: most intents ask for it on every keystroke, and a clause's words do not change once analysed. */
  private targets: ServiceTargets | null = null;

  constructor(
    readonly words: readonly Word[],
    readonly analysis: Analysis,
    readonly index: EntityIndex,
    readonly vocabulary: AssistantVocabulary,
  ) {
    this.positions = new Set(words.map((word) => word.index));
  }

  /** "(services: db, api)" or "(it has no services)", for messages about a missing name. */
  knownServices(): string {
    const names = this.vocabulary.services.map((service) => service.name);
    return names.length === 0 ? '(this workspace has no services)' : `(services: ${names.join(', ')})`;
  }

  get text(): string {
    const first = this.words[0];
    const last = this.words[this.words.length - 1];
    return first === undefined || last === undefined ? '' : this.analysis.text.slice(first.token.start, last.token.end);
  }

  has(concept: Concept): boolean {
    return this.words.some((word) => word.concepts.has(concept) && word.usedBy !== 'time' && word.usedBy !== 'duration' && word.usedBy !== 'count');
  }

  hasAny(...concepts: Concept[]): boolean {
    return concepts.some((concept) => this.has(concept));
  }

  hasWord(...lowers: string[]): boolean {
    return this.words.some((word) => lowers.includes(word.token.lower) || (word.known !== null && lowers.includes(word.known)));
  }

  /**
   * A verb split from its particle, in that order ("take the api down", "bring it back"): "the
   * storefront is down, bring it back" has "down" before "bring" and is no "bring down".
   */
  hasSplitVerb(verbs: readonly string[], particles: readonly string[]): boolean {
    const verb = this.words.findIndex((word) => verbs.includes(word.token.lower));
    return verb >= 0 && this.words.slice(verb + 1).some((word) => particles.includes(word.token.lower));
  }

  /** The first concept with this prefix, in the order written ("metric:cpu"). */
  firstWithPrefix(prefix: string): Concept | null {
    for (const word of this.words) for (const concept of word.concepts) if (concept.startsWith(prefix)) return concept;
    return null;
  }

  allWithPrefix(prefix: string): Concept[] {
    const out: Concept[] = [];
    for (const word of this.words) for (const concept of word.concepts) if (concept.startsWith(prefix) && !out.includes(concept)) out.push(concept);
    return out;
  }

  /**
   * "don't", "不要" — unless a phrase used it ("别报警" means silence), and not the "not" that leaves
   * one name out of several ("restart web but not api").
   */
  get negated(): boolean {
    return this.words.some(
      (word, i) =>
        word.concepts.has('negation') && word.usedBy !== 'time' && word.usedBy !== 'duration' && word.usedBy !== 'count' && !this.notBeforeLeftOutName(i),
    );
  }

  private notBeforeLeftOutName(i: number): boolean {
    if (this.words[i]?.token.lower !== 'not') return false;
    let next = i + 1;
    while (this.words[next]?.token.lower === 'the') next++;
    const named = (word: Word | undefined): boolean => word?.entities.some((entity) => entity.kind === 'service') === true;
    return named(this.words[next]) && this.words.slice(0, i).some((word) => named(word) || word.concepts.has('all'));
  }

  times(): TimeFinding[] {
    return this.analysis.times.filter((time) => this.positions.has(time.from) || this.positions.has(time.to));
  }

  durations(): FoundDuration[] {
    return this.analysis.durations.filter((duration) => this.positions.has(duration.from) || this.positions.has(duration.to));
  }

  counts(): Count[] {
    return this.analysis.counts.filter((count) => this.positions.has(count.from) || this.positions.has(count.to));
  }

  quoted(): Word[] {
    return this.words.filter((word) => word.token.kind === 'quoted');
  }

  /** Names of this kind written here, each resolved to one name or several equally near. */
  mentions(kind: EntityKind): { word: Word; candidates: string[]; via: string }[] {
    const out: { word: Word; candidates: string[]; via: string }[] = [];
    for (const word of this.words) {
      for (const mention of word.entities) if (mention.kind === kind) out.push({ word, candidates: mention.candidates, via: mention.via });
    }
    return out;
  }

  /** Names of this kind that are certain (one candidate), in order, without repeats. */
  names(kind: EntityKind): string[] {
    const out: string[] = [];
    for (const mention of this.mentions(kind))
      if (mention.candidates.length === 1 && !out.includes(mention.candidates[0] as string)) out.push(mention.candidates[0] as string);
    return out;
  }

  serviceTargets(): ServiceTargets {
    this.targets ??= this.findServiceTargets();
    return this.targets;
  }

  private findServiceTargets(): ServiceTargets {
    const targets: ServiceTargets = { names: [], all: false, except: [], ambiguous: [], unknown: [], pronoun: false };
    let excepting = false;
    const spared: string[] = [];
    for (const [i, word] of this.words.entries()) {
      if (word.concepts.has('except') && word.usedBy === null) excepting = true;
      if (word.concepts.has('all') && word.usedBy === null && !allOfSomethingElse(this.words, i)) targets.all = true;
      if (word.concepts.has('pronoun') && word.usedBy === null) targets.pronoun = true;
      const mention = word.entities.find((entity) => entity.kind === 'service');
      if (mention === undefined) continue;
      if (mention.candidates.length > 1) targets.ambiguous.push({ text: word.token.text, candidates: mention.candidates });
      else if (sparedAt(this.words, i, word.entitySpan) || leftOutAt(this.words, i)) spared.push(mention.candidates[0] as string);
      else {
        const list = excepting ? targets.except : targets.names;
        if (!list.includes(mention.candidates[0] as string)) list.push(mention.candidates[0] as string);
      }
    }
    // "restart everything, db is fine": all but db; "restart api, web is fine": api only.
    if (targets.all) for (const name of spared) if (!targets.except.includes(name)) targets.except.push(name);
    if (targets.except.length > 0) targets.all = true;
    targets.unknown = this.unknownNames('service');
    return targets;
  }

  /** Words with no meaning here at all (not a name, not a known word). */
  unknownWords(): Word[] {
    return this.words.filter(
      (word) => word.usedBy === null && word.entities.length === 0 && word.concepts.size === 0 && (word.token.kind === 'word' || word.token.kind === 'number'),
    );
  }

  /**
   * Unknown words where a name is expected: right after the verb, after "and", "of", "for",
   * or right before the verb ("checkout restart"), with the names they resemble.
   */
  unknownNames(kind: EntityKind): UnknownName[] {
    const unknown = new Set(this.unknownWords());
    const out: UnknownName[] = [];
    this.words.forEach((word, i) => {
      if (!unknown.has(word)) return;
      // "kill -9 worker": a number beside a real name is an option, not a name.
      if (word.token.kind === 'number' && this.mentions(kind).length > 0) return;
      const before = this.neighbour(i, -1);
      const after = this.neighbour(i, 1);
      const slot =
        before === null ? after !== null && isActionWord(after) : isActionWord(before) || [...before.concepts].some((concept) => NAME_SLOT_BEFORE.has(concept));
      if (!slot) return;
      out.push({ text: word.token.text, suggestions: this.index.resembling(word.token.lower, kind) });
    });
    return out;
  }

  /**
   * Words that mean something elsewhere but stand where a name goes: "stop the search service",
   * or right after this verb ("restart search") when no service is named at all.
   */
  namedLikeWords(verb: Concept): UnknownName[] {
    const named = this.mentions('service').length > 0;
    return this.words
      .filter((word, i) => this.namesAService(word, i) || (!named && this.isNameLike(word) && this.neighbour(i, -1)?.concepts.has(verb) === true))
      .map((word) => ({ text: word.token.text, suggestions: this.index.resembling(word.token.lower, 'service') }));
  }

  private isNameLike(word: Word): boolean {
    if (word.usedBy !== null || word.entities.length > 0 || word.token.kind !== 'word' || word.concepts.size === 0) return false;
    return [...word.concepts].every((concept) => NAME_LIKE.has(concept));
  }

  private namesAService(word: Word, i: number): boolean {
    if (!this.isNameLike(word)) return false;
    const next = this.words[i + 1];
    return next !== undefined && next.concepts.has('service-noun') && next.entities.length === 0;
  }

  /** The nearest word in this direction that is not a stop word ("restart the X" → restart). */
  private neighbour(i: number, step: 1 | -1): Word | null {
    for (let k = i + step; k >= 0 && k < this.words.length; k += step) {
      const word = this.words[k] as Word;
      if (word.usedBy === 'phrase') continue;
      if (word.concepts.has('stop-word') && !word.concepts.has('target-prep') && word.entities.length === 0) continue;
      return word;
    }
    return null;
  }

  /**
   * Rules the words point at: by name ("ServiceDown", "high cpu") or by topic ("the disk
   * alert", "磁盘告警" → DiskAlmostFull). Several equally good matches are all returned.
   */
  rules(): { named: string[]; byTopic: string[] } {
    const named = this.names('rule');
    if (named.length > 0) return { named, byTopic: [] };
    const serviceWords = new Set(this.mentions('service').map((mention) => mention.word.index));
    const topics = new Set<string>();
    for (const word of this.words)
      if (word.topic !== null && !serviceWords.has(word.index) && word.usedBy !== 'time' && word.usedBy !== 'duration') topics.add(word.topic);
    let best: string[] = [];
    let bestScore = 0;
    for (const rule of this.vocabulary.rules) {
      const score = rule.words.filter((part) => !weakRuleWords.has(part) && topics.has(part)).length;
      if (score === 0) continue;
      if (score > bestScore) {
        best = [rule.name];
        bestScore = score;
      } else if (score === bestScore) best.push(rule.name);
    }
    return { named: [], byTopic: best };
  }
}

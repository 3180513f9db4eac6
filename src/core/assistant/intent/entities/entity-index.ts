import { isTypoOf, resemblance } from '../text/fuzzy';
import { environmentAliases, serviceAliases } from './aliases';
import { nameWords, type AssistantVocabulary } from './vocabulary';

export type EntityKind = 'service' | 'rule' | 'environment' | 'channel' | 'job';

/** A name found in the sentence; more than one candidate means the words fit several equally. */
export interface EntityMention {
  kind: EntityKind;
  candidates: string[];
  /** How it was recognised: as written, by an alias, with a typo, or by one part of a longer name. */
  via: 'exact' | 'alias' | 'typo' | 'part';
  distance: number;
}

interface Named {
  kind: EntityKind;
  name: string;
  key: string;
}

/** Lower case, separators dropped: "slack-ops", "Slack Ops" and "slackops" are one key. */
export function entityKey(text: string): string {
  return text.toLowerCase().replace(/[\s_.-]+/g, '');
}

/**
 * Every name of the workspace, ready to be matched against words: exactly (also across a few
 * words, "high cpu" → HighCpu), by alias, with a typo scaled to the name's length, or by a
 * distinctive part of a longer name ("slack" → slack-ops).
 */
export class EntityIndex {
  private readonly byKey = new Map<string, Named[]>();
  private readonly byAlias = new Map<string, Named[]>();
  private readonly byPart = new Map<string, Named[]>();
  private readonly all: Named[] = [];
  readonly longestWords: number;

  constructor(vocabulary: AssistantVocabulary) {
    const add = (kind: EntityKind, name: string): void => {
      const named = { kind, name, key: entityKey(name) };
      if (this.all.some((other) => other.kind === kind && other.name === name)) return;
      this.all.push(named);
      push(this.byKey, named.key, named);
    };
    for (const service of vocabulary.services) add('service', service.name);
    for (const rule of vocabulary.rules) add('rule', rule.name);
    for (const alert of vocabulary.alerts) add('rule', alert.alertname);
    for (const environment of vocabulary.environments) add('environment', environment.name);
    for (const channel of vocabulary.channels) add('channel', channel);
    for (const job of vocabulary.jobs) add('job', job.name);

    const aliasTables: [EntityKind, typeof serviceAliases][] = [
      ['service', serviceAliases],
      ['environment', environmentAliases],
    ];
    for (const [kind, table] of aliasTables) {
      for (const [words, targets] of table) {
        const present = this.all.filter((named) => named.kind === kind && targets.includes(named.key));
        if (present.length === 0) continue;
        for (const word of words) if (!this.byKey.has(entityKey(word))) for (const named of present) push(this.byAlias, entityKey(word), named);
      }
    }
    for (const named of this.all) {
      const parts = nameWords(named.name);
      if (parts.length < 2) continue;
      for (const part of parts) if (part.length >= 3 && !this.byKey.has(part)) push(this.byPart, part, named);
    }
    this.longestWords = Math.max(1, ...this.all.map((named) => nameWords(named.name).length));
  }

  /** Names whose key equals these words run together, or that the words stand for by alias. */
  exact(words: readonly string[]): EntityMention[] {
    const key = entityKey(words.join(''));
    const found = this.byKey.get(key);
    if (found) return group(found, 'exact', 0);
    if (words.length === 1) {
      const aliased = this.byAlias.get(key);
      if (aliased) return group(aliased, 'alias', 0);
    }
    return [];
  }

  /** A typo of a name (or of a name written as two words), within the tolerance for its length. */
  typo(words: readonly string[]): EntityMention[] {
    const key = entityKey(words.join(''));
    if (key.length < 3) return [];
    let best: Named[] = [];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const named of this.all) {
      const distance = isTypoOf(key, named.key);
      if (distance === null || distance === 0) continue;
      if (distance < bestDistance) {
        best = [named];
        bestDistance = distance;
      } else if (distance === bestDistance) best.push(named);
    }
    return best.length === 0 ? [] : group(best, 'typo', bestDistance);
  }

  /** A distinctive part of a longer name: "slack" → slack-ops. */
  part(word: string): EntityMention[] {
    const found = this.byPart.get(entityKey(word));
    return found ? group(found, 'part', 1) : [];
  }

  /** For "did you mean …": the names of this kind the word resembles most (prefix, then letters in order, then edits). */
  resembling(word: string, kind: EntityKind): string[] {
    const key = entityKey(word);
    const scored = this.all.filter((named) => named.kind === kind).map((named) => ({ name: named.name, score: resemblance(key, named.key) }));
    const best = Math.min(...scored.map((entry) => entry.score ?? Number.POSITIVE_INFINITY));
    return scored.filter((entry) => entry.score === best).map((entry) => entry.name);
  }

  names(kind: EntityKind): string[] {
    return this.all.filter((named) => named.kind === kind).map((named) => named.name);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
}

function group(found: readonly Named[], via: EntityMention['via'], distance: number): EntityMention[] {
  const byKind = new Map<EntityKind, string[]>();
  for (const named of found) push(byKind, named.kind, named.name);
  return [...byKind].map(([kind, candidates]) => ({ kind, candidates, via, distance }));
}

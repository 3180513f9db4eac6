/**
 * Online template mining in the manner of Drain (He et al., ICWS 2017; Drain3 by IBM): a line's
 * words, with variable-looking ones masked, go down a fixed-depth tree (level, word count, then
 * the first words) to a short list of templates; the most similar one (share of equal words at
 * least `similarity`) absorbs the line, turning the words that differ into <*>; otherwise the
 * line starts a new template. One tree per service; each template keeps a stable id.
 *
 * Two rules keep different messages apart where plain Drain merges them:
 * - the level is part of a pattern: an ERROR line and an INFO line of the same shape are two
 *   patterns (an error that starts appearing is news, even when the same words were logged as INFO);
 * - a line joins a template only when at most one of the words both hold as constants differs,
 *   and more than half of them agree: `job <*> processed in <*> ms` and `job <*> slow: took <*> ms`
 *   stay apart (two constant words differ), as do `cache hit` and `cache miss`, while
 *   `user alice logged in` and `user bob logged in` make `user <*> logged in`.
 */
export const WILDCARD = '<*>';

export interface PatternRecord {
  id: number;
  service: string;
  template: string;
  level: number;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface MinerOptions {
  similarity?: number;
  /** Words of the line used as tree levels below the word count. */
  depth?: number;
  maxTokens?: number;
  maxPatternsPerService?: number;
}

export interface MatchResult {
  pattern: PatternRecord;
  created: boolean;
}

interface Cluster {
  record: PatternRecord;
  tokens: string[];
}

const OVERFLOW_PREFIX = '(more than ';

/** Words holding digits (numbers, ids, IPs, times, sizes) are variables before mining starts. */
export function maskToken(token: string): string {
  const equals = token.indexOf('=');
  if (equals > 0 && equals < token.length - 1) return `${token.slice(0, equals + 1)}${maskToken(token.slice(equals + 1))}`;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) return WILDCARD;
  }
  // Long hex-free ids (UUID-like words with dashes) are variable too.
  if (token.length >= 20 && /^[A-Za-z0-9_-]+$/.test(token) && /[a-z]/.test(token) && /[A-Z]|-/.test(token)) return WILDCARD;
  return token;
}

const OTHER_SPACE = /[\t\n\r]/;

export function tokenize(message: string, maxTokens: number): string[] {
  const out: string[] = [];
  // Most messages separate words by spaces only: the native split beats a loop over characters.
  if (!OTHER_SPACE.test(message)) {
    for (const word of message.split(' ')) {
      if (out.length >= maxTokens) break;
      if (word !== '') out.push(maskToken(word));
    }
    return out;
  }
  let start = -1;
  for (let i = 0; i <= message.length && out.length < maxTokens; i++) {
    const code = i < message.length ? message.charCodeAt(i) : 32;
    const space = code === 32 || code === 9 || code === 10 || code === 13;
    if (space) {
      if (start >= 0) out.push(maskToken(message.slice(start, i)));
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

export class PatternMiner {
  private readonly similarity: number;
  private readonly depth: number;
  private readonly maxTokens: number;
  private readonly maxPatterns: number;
  /** service -> level and word count -> "word1|word2" -> clusters (no key string is built per line at the default depth) */
  private readonly trees = new Map<string, Map<number, Map<string, Cluster[]>>>();
  private readonly counts = new Map<string, number>();
  private readonly overflow = new Map<string, Cluster>();
  private readonly byId = new Map<number, Cluster>();
  private readonly dirty = new Set<PatternRecord>();
  private nextId: number;

  constructor(options: MinerOptions = {}, firstId = 1) {
    this.similarity = options.similarity ?? 0.4;
    this.depth = options.depth ?? 3;
    this.maxTokens = options.maxTokens ?? 64;
    this.maxPatterns = options.maxPatternsPerService ?? 5_000;
    this.nextId = firstId;
  }

  /** Restores templates mined before a restart, so ids and counts continue. */
  load(records: readonly PatternRecord[]): void {
    for (const record of records) {
      const tokens = record.template === '' ? [] : record.template.split(' ');
      const cluster = { record, tokens };
      this.byId.set(record.id, cluster);
      this.nextId = Math.max(this.nextId, record.id + 1);
      if (record.template.startsWith(OVERFLOW_PREFIX)) {
        this.overflow.set(record.service, { record, tokens: [] });
        continue;
      }
      this.leaf(record.service, record.level, tokens).push(cluster);
      this.counts.set(record.service, (this.counts.get(record.service) ?? 0) + 1);
    }
  }

  /**
   * The pattern of one line. `at` is the line's own time (its timestamp, else when it arrived):
   * a pattern's first and last seen are the times of its oldest and newest lines, so a file read
   * from its start does not make last week's messages look new.
   */
  match(service: string, message: string, level: number, at: number): MatchResult {
    const tokens = tokenize(message, this.maxTokens);
    const clusters = this.leaf(service, level, tokens);
    let best: Cluster | null = null;
    let bestScore = -1;
    let bestWildcards = -1;
    // Share of positions with the same word. A masked word (<*> in the line too) matches a <*> of
    // the template, as Drain3's masks do; a template <*> against a plain word neither counts nor spoils.
    for (const cluster of clusters) {
      const template = cluster.tokens;
      let same = 0;
      let wildcards = 0;
      // Positions where line and template both hold a constant word, and how many of those differ.
      let constants = 0;
      let conflicts = 0;
      for (let i = 0; i < tokens.length; i++) {
        const word = template[i];
        const token = tokens[i];
        if (word === token) {
          same++;
          if (word !== WILDCARD) constants++;
        } else if (word === WILDCARD) wildcards++;
        else if (token !== WILDCARD) {
          constants++;
          conflicts++;
        }
      }
      if (conflicts > 1 || (conflicts === 1 && 2 * (constants - conflicts) <= constants)) continue;
      const score = tokens.length === 0 ? 1 : same / tokens.length;
      if (score > bestScore || (score === bestScore && wildcards > bestWildcards)) {
        best = cluster;
        bestScore = score;
        bestWildcards = wildcards;
      }
    }
    if (best !== null && bestScore >= this.similarity) return this.absorb(best, tokens, level, at);
    if ((this.counts.get(service) ?? 0) >= this.maxPatterns) return this.absorb(this.overflowOf(service, at), [], level, at);
    const record: PatternRecord = { id: this.nextId++, service, template: tokens.join(' '), level, count: 1, firstSeen: at, lastSeen: at };
    const cluster = { record, tokens };
    clusters.push(cluster);
    this.byId.set(record.id, cluster);
    this.counts.set(service, (this.counts.get(service) ?? 0) + 1);
    this.dirty.add(record);
    return { pattern: record, created: true };
  }

  get(id: number): PatternRecord | undefined {
    return this.byId.get(id)?.record;
  }

  all(): PatternRecord[] {
    return [...this.byId.values()].map((cluster) => cluster.record);
  }

  /** Records changed since the last call, for the store to write. */
  takeDirty(): PatternRecord[] {
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  forgetService(service: string): void {
    for (const [id, cluster] of this.byId) if (cluster.record.service === service) this.byId.delete(id);
    this.trees.delete(service);
    this.counts.delete(service);
    this.overflow.delete(service);
  }

  private absorb(cluster: Cluster, tokens: string[], level: number, at: number): MatchResult {
    const record = cluster.record;
    if (tokens.length === cluster.tokens.length) {
      let changed = false;
      for (let i = 0; i < tokens.length; i++) {
        if (cluster.tokens[i] !== tokens[i] && cluster.tokens[i] !== WILDCARD) {
          cluster.tokens[i] = WILDCARD;
          changed = true;
        }
      }
      if (changed) record.template = cluster.tokens.join(' ');
    }
    // Only the overflow pattern (and patterns mined before levels were kept apart) mixes levels.
    if (level > record.level) record.level = level;
    record.count += 1;
    if (at > record.lastSeen) record.lastSeen = at;
    if (at < record.firstSeen) record.firstSeen = at;
    this.dirty.add(record);
    return { pattern: record, created: false };
  }

  private leaf(service: string, level: number, tokens: string[]): Cluster[] {
    let tree = this.trees.get(service);
    if (tree === undefined) {
      tree = new Map();
      this.trees.set(service, tree);
    }
    // Levels are 0..6: one number keys level and word count together.
    const shape = tokens.length * 8 + level;
    let byWords = tree.get(shape);
    if (byWords === undefined) {
      byWords = new Map();
      tree.set(shape, byWords);
    }
    const words = Math.min(this.depth - 2, tokens.length);
    let key = words > 0 ? (tokens[0] as string) : '';
    for (let i = 1; i < words; i++) key += `|${tokens[i] as string}`;
    let clusters = byWords.get(key);
    if (clusters === undefined) {
      clusters = [];
      byWords.set(key, clusters);
    }
    return clusters;
  }

  private overflowOf(service: string, now: number): Cluster {
    let cluster = this.overflow.get(service);
    if (cluster === undefined) {
      const record: PatternRecord = {
        id: this.nextId++,
        service,
        template: `${OVERFLOW_PREFIX}${this.maxPatterns} patterns)`,
        level: 0,
        count: 0,
        firstSeen: now,
        lastSeen: now,
      };
      cluster = { record, tokens: [] };
      this.overflow.set(service, cluster);
      this.byId.set(record.id, cluster);
    }
    return cluster;
  }
}
